package io.rambla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.render.Unit;
import io.rambla.schema.Diagnostic;
import io.rambla.schema.LoadResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders every unit of a repository that validated and turns whatever rendering finds into
 * diagnostics at file:line instead of exceptions: a unit the renderer refuses, a template past
 * CloudFormation's TemplateBody limit, a task definition past ECS's. The CLI prints these like
 * the loader's, so {@code rambla validate} reports at validate time what would otherwise fail at
 * apply time, and never prints a stack trace.
 */
final class RenderChecks {

    /** CloudFormation's limit on a TemplateBody, in bytes. */
    static final int MAX_TEMPLATE_BODY = 51_200;
    /** ECS's limit on a task definition, in bytes. */
    static final int MAX_TASK_DEFINITION = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

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
                List<String> problems = sizeProblems(unit, rendered.stack().templateBody());
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

    static List<String> sizeProblems(Unit unit, String templateBody) {
        List<String> problems = new ArrayList<>();
        JsonNode tree;
        try {
            tree = JSON.readTree(templateBody);
        } catch (Exception e) {
            problems.add("the template of unit " + unit.id() + " is not valid JSON");
            return problems;
        }
        // The body is measured as it is sent (StackSpec#templateBody), which is what CloudFormation limits.
        int sent = templateBody.getBytes(StandardCharsets.UTF_8).length;
        if (sent > MAX_TEMPLATE_BODY) {
            problems.add("the template of unit " + unit.id() + " is " + sent + " bytes as sent (" + minifiedSize(tree)
                    + " minified), more than CloudFormation's " + MAX_TEMPLATE_BODY + "-byte TemplateBody limit; "
                    + "split the environment or shorten its variables and commands");
        }
        JsonNode resources = tree.path("Resources");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if ("AWS::ECS::TaskDefinition".equals(resource.getValue().path("Type").asText())) {
                int taskSize = minifiedSize(resource.getValue().path("Properties"));
                if (taskSize > MAX_TASK_DEFINITION) {
                    problems.add("task definition " + resource.getKey() + " of unit " + unit.id() + " is " + taskSize
                            + " bytes, more than ECS's " + MAX_TASK_DEFINITION + "-byte limit; shorten its variables and command");
                }
            }
        }
        return problems;
    }

    private static int minifiedSize(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
        } catch (Exception e) {
            return Integer.MAX_VALUE;
        }
    }
}
