package io.rambla.cli;

import io.rambla.render.RenderLimits;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.render.Unit;
import io.rambla.schema.Diagnostic;
import io.rambla.schema.LoadResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders every unit of a repository that validated and turns whatever rendering finds into
 * diagnostics at file:line instead of exceptions: a unit the renderer refuses, a template past
 * CloudFormation's TemplateBody limit, a task definition past ECS's. The CLI prints these like
 * the loader's, so {@code rambla validate} reports at validate time what would otherwise fail at
 * apply time, and never prints a stack trace.
 */
final class RenderChecks {

    /** What rendering gave: the units that rendered within limits, and a diagnostic for each that did not. */
    record Outcome(List<RenderedUnit> units, List<Diagnostic> diagnostics) {}

    private RenderChecks() {}

    static Outcome render(LoadResult result) {
        Renderer renderer = new Renderer(result.repository().settings().stackPrefix());
        List<RenderedUnit> units = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Unit> all;
        try {
            all = Renderer.units(result.repository());
        } catch (RuntimeException e) {
            diagnostics.add(Diagnostic.error(".", 0, 0, "", "cannot list the units to render: " + e.getMessage()));
            return new Outcome(units, diagnostics);
        }
        for (Unit unit : all) {
            Object declared = declared(unit);
            try {
                RenderedUnit rendered = renderer.render(unit);
                List<String> problems = RenderLimits.problems(unit.id(), rendered.stack().templateBody());
                problems.forEach(p -> diagnostics.add(result.errorAt(declared, unit.sourceFile(), p)));
                if (problems.isEmpty()) {
                    units.add(rendered);
                }
            } catch (RuntimeException | StackOverflowError e) {
                diagnostics.add(result.errorAt(declared, unit.sourceFile(), "unit " + unit.id() + " cannot be rendered: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
            }
        }
        return new Outcome(units, diagnostics);
    }

    /** The model value whose place names the unit: the app environment, the endpoint or the district. */
    private static Object declared(Unit unit) {
        if (unit instanceof Unit.AppEnvironmentUnit a) {
            return a.environment();
        }
        if (unit instanceof Unit.EndpointUnit e) {
            return e.endpoint();
        }
        return ((Unit.DistrictUnit) unit).district();
    }
}
