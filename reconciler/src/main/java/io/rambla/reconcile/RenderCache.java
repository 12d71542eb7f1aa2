package io.rambla.reconcile;

import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.render.Unit;
import io.rambla.schema.InfraRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The units of the last sync, rendered: a unit whose model is equal to one rendered then (same
 * stack prefix, same district, application and environment, compared by value) reuses that
 * rendering instead of building its template again. {@link Renderer} is pure, so an equal input
 * gives the same stack; any change to a unit's inputs — one byte of its district file that changes
 * the district, say — makes its key differ and renders it afresh.
 *
 * <p>Bounded by the repository: each call keeps only the units it was given, so the cache never
 * holds more than one repository's units (which the loader's {@code max-units} limit bounds), and
 * a unit that left git leaves the cache at the next sync. Not thread-safe; the reconciler calls it
 * inside its synchronized sync. It keeps each stack without its typed template
 * ({@link io.rambla.render.StackSpec#withoutTemplate}): the written body, and what is remembered of
 * it (its limits verdict and desired hash, {@link io.rambla.render.TemplateBody}), is all a reuse needs.
 */
final class RenderCache {

    private record Key(String stackPrefix, Unit unit) {}

    /** How the last call went: units reused from the previous sync, and units rendered afresh. */
    record Counts(int reused, int rendered) {}

    private Map<Key, RenderedUnit> last = Map.of();
    private Counts counts = new Counts(0, 0);

    /** Every unit of the repository, rendered or reused, in {@link Renderer#render(InfraRepository)}'s order. */
    List<RenderedUnit> render(String stackPrefix, InfraRepository repository) {
        Renderer renderer = new Renderer(stackPrefix);
        List<Unit> units = Renderer.units(repository);
        Map<Key, RenderedUnit> now = new HashMap<>();
        List<RenderedUnit> rendered = new ArrayList<>(units.size());
        int reused = 0;
        for (Unit unit : units) {
            Key key = new Key(stackPrefix, unit);
            RenderedUnit earlier = last.get(key);
            RenderedUnit result;
            if (earlier != null) {
                // The unit of this sync, with the stack rendered from its equal twin.
                result = new RenderedUnit(unit, earlier.stack());
                reused++;
            } else {
                result = renderer.render(unit);
            }
            // Kept with its body only: the typed template is as large again, and a reuse needs the body alone.
            now.put(key, earlier != null ? earlier : new RenderedUnit(unit, result.stack().withoutTemplate()));
            rendered.add(result);
        }
        last = now;
        counts = new Counts(reused, units.size() - reused);
        return List.copyOf(rendered);
    }

    Counts lastCounts() {
        return counts;
    }

    /** Units held: those of the last call. */
    int size() {
        return last.size();
    }
}
