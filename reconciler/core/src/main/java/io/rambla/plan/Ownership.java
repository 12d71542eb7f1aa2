package io.rambla.plan;

import io.rambla.render.RenderedUnit;
import io.rambla.render.StackTags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whose a stack is. Every stack Rambla makes carries the unit it belongs to ({@code rambla:unit})
 * and the repository whose daemon made it ({@code rambla:repository}); a daemon never updates or
 * deletes a stack whose tags name another unit or another repository. A stack without one of the
 * tags (made before Rambla wrote it, or by hand under a Rambla name) is adopted: its first update
 * writes the tags. Pure: tags in, a verdict out.
 */
public final class Ownership {

    /** The repository whose daemon made the stack: {@link RepositoryId}. */
    public static final String TAG_REPOSITORY = StackTags.REPOSITORY;

    private Ownership() {}

    /**
     * Why the stack may not be brought to {@code desired}, or empty when it may. Compares what
     * the desired state claims ({@code rambla:unit}, {@code rambla:repository}) with what the
     * live stack carries; a tag either side lacks is not compared.
     */
    public static Optional<String> refusal(DesiredState desired, LiveStack live) {
        String unit = desired.tags().get(StackTags.UNIT);
        String liveUnit = live.tag(StackTags.UNIT);
        if (unit != null && liveUnit != null && !unit.equals(liveUnit)) {
            return Optional.of("stack " + live.name() + " belongs to unit " + liveUnit + " (its " + StackTags.UNIT
                    + " tag), not to " + unit + ": Rambla does not update or delete another unit's stack");
        }
        String repository = desired.tags().get(TAG_REPOSITORY);
        String liveRepository = live.tag(TAG_REPOSITORY);
        if (repository != null && liveRepository != null && !repository.equals(liveRepository)) {
            return Optional.of("stack " + live.name() + " belongs to repository " + liveRepository + " (its " + TAG_REPOSITORY
                    + " tag), not to " + repository + ": Rambla does not update or delete another repository's stack");
        }
        return Optional.empty();
    }

    /**
     * Whether pruning may count the stack as this repository's: made by Rambla, named under the
     * prefix, and tagged for this repository or (made before the tag existed) for none.
     *
     * @param repository this daemon's repository; when null, only stacks without the tag are its own
     */
    public static boolean ownedBy(LiveStack stack, RepositoryId repository, String stackPrefix) {
        if (!"rambla".equals(stack.tag(StackTags.MANAGED_BY)) || !stack.name().startsWith(stackPrefix + "-")
                || stack.tag(StackTags.UNIT) == null) {
            return false;
        }
        String tagged = stack.tag(TAG_REPOSITORY);
        return tagged == null || repository != null && tagged.equals(repository.value());
    }

    /** The units with this repository's tag added to their stacks, as the daemon applies and plans them. */
    public static List<RenderedUnit> claim(List<RenderedUnit> units, RepositoryId repository) {
        if (repository == null) {
            return units;
        }
        return units.stream().map(u -> {
            Map<String, String> tags = new LinkedHashMap<>(u.stack().tags());
            tags.put(TAG_REPOSITORY, repository.value());
            return new RenderedUnit(u.unit(), u.stack().withTags(tags));
        }).toList();
    }
}
