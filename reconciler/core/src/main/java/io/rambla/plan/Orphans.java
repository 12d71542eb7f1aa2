package io.rambla.plan;

import io.rambla.render.StackTags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Stacks Rambla made for units that git no longer declares. Pure: decides from the desired unit
 * ids and the live stacks what to report and what to delete.
 */
public final class Orphans {

    private Orphans() {}

    public enum Action {
        /** Pruning is off: the stack stays, and the unit is shown as an orphan. */
        REPORT,
        /** Pruning is on: the stack is deleted. */
        DELETE,
        /** Pruning is on, but other stacks still stand on this district: it stays. */
        KEEP_DISTRICT_IN_USE,
        /** Pruning is on, but the sync would delete too many of the repository's stacks at once ({@link PruneGuard}). */
        KEEP_MASS_DELETION
    }

    public record Orphan(String unitId, String stackName, Action action, String reason) {}

    /**
     * @param desiredUnitIds the units the current commit declares
     * @param live           every live stack under the repository's stack prefix
     * @return the orphans, in the order their deletions must run: apps, then endpoints, then districts
     */
    public static List<Orphan> decide(Set<String> desiredUnitIds, List<LiveStack> live, String stackPrefix, boolean prune) {
        return decide(desiredUnitIds, live, stackPrefix, prune, null, PruneGuard.off());
    }

    /**
     * The orphans among the stacks this repository owns ({@link Ownership#ownedBy}): a stack tagged
     * for another repository is never one, whatever its name. Deletions together pass {@code guard}.
     *
     * @param repository this daemon's repository; when null, only stacks without a repository tag count
     */
    public static List<Orphan> decide(Set<String> desiredUnitIds, List<LiveStack> live, String stackPrefix, boolean prune,
            RepositoryId repository, PruneGuard guard) {
        List<LiveStack> owned = live.stream()
                .filter(s -> Ownership.ownedBy(s, repository, stackPrefix))
                // Review apps come and go with pull requests, not with the tracked branch: ReviewApps decides about them.
                .filter(s -> !ReviewApps.isReviewUnit(s.tag(StackTags.UNIT)))
                .filter(s -> !s.deleted() && !s.stackStatus().deleting())
                .toList();
        return guard.apply(orphans(desiredUnitIds, owned, live, prune), owned.size());
    }

    private static List<Orphan> orphans(Set<String> desiredUnitIds, List<LiveStack> owned, List<LiveStack> live, boolean prune) {
        List<LiveStack> orphans = owned.stream()
                .filter(s -> !desiredUnitIds.contains(s.tag(StackTags.UNIT)))
                .sorted(Comparator.comparingInt((LiveStack s) -> deletionRank(s.tag(StackTags.UNIT))).thenComparing(LiveStack::name))
                .toList();
        List<Orphan> decisions = new ArrayList<>();
        for (LiveStack stack : orphans) {
            String unit = stack.tag(StackTags.UNIT);
            if (!prune) {
                decisions.add(new Orphan(unit, stack.name(), Action.REPORT,
                        "removed from git; stack " + stack.name() + " is kept because pruning is off in rambla.yml"));
            } else if (unit.startsWith("district/")) {
                String district = unit.substring("district/".length());
                List<String> standing = live.stream()
                        .filter(s -> !s.name().equals(stack.name()) && !s.deleted())
                        .filter(s -> district.equals(s.tag(StackTags.DISTRICT)))
                        .filter(s -> desiredUnitIds.contains(s.tag(StackTags.UNIT)) || !orphans.contains(s))
                        .map(LiveStack::name)
                        .sorted()
                        .toList();
                decisions.add(standing.isEmpty()
                        ? new Orphan(unit, stack.name(), Action.DELETE, "removed from git; deleting " + stack.name())
                        : new Orphan(unit, stack.name(), Action.KEEP_DISTRICT_IN_USE,
                                "removed from git, but kept: " + String.join(", ", standing) + " still run in it"));
            } else {
                decisions.add(new Orphan(unit, stack.name(), Action.DELETE, "removed from git; deleting " + stack.name()));
            }
        }
        return decisions;
    }

    private static int deletionRank(String unitId) {
        if (unitId.startsWith("app/")) {
            return 0;
        }
        return unitId.startsWith("endpoint/") ? 1 : 2;
    }
}
