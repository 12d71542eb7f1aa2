package io.rambla.plan;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The mass-deletion guard: pruning may delete at most {@code maxShare} of the repository's stacks
 * in one sync, unless {@code allowMassDeletion} says a person means it. A repository emptied by
 * mistake (a bad merge, a wrong branch, a force push) then deletes nothing. Pure arithmetic.
 *
 * @param maxShare          from 0 to 1: the share of the repository's stacks one sync may delete
 * @param allowMassDeletion lift the guard (for the sync that is meant to delete that much)
 */
public record PruneGuard(double maxShare, boolean allowMassDeletion) {

    public static final String MAX_SHARE = "rambla.prune.max-share";
    public static final String ALLOW = "rambla.prune.allow-mass-deletion";

    public PruneGuard {
        if (!(maxShare >= 0 && maxShare <= 1)) {
            throw new IllegalArgumentException(MAX_SHARE + " is " + maxShare + ": it must be from 0 to 1");
        }
    }

    /** At most half of the repository's stacks per sync, as a daemon runs by default. */
    public static PruneGuard standard() {
        return new PruneGuard(0.5, false);
    }

    /** No guard at all. */
    public static PruneGuard off() {
        return new PruneGuard(1, true);
    }

    /**
     * Why deleting {@code deleting} of the repository's {@code owned} stacks in one sync is
     * refused, or empty when it may go ahead: refused when {@code deleting > maxShare × owned}.
     */
    public Optional<String> refusal(int deleting, int owned) {
        if (allowMassDeletion || deleting <= 0) {
            return Optional.empty();
        }
        BigDecimal allowed = BigDecimal.valueOf(maxShare).multiply(BigDecimal.valueOf(owned));
        if (BigDecimal.valueOf(deleting).compareTo(allowed) <= 0) {
            return Optional.empty();
        }
        long percent = owned == 0 ? 100 : Math.round(100.0 * deleting / owned);
        return Optional.of("pruning stopped by the mass-deletion guard: this sync would delete " + deleting + " of the repository's "
                + owned + " stacks (" + percent + "%), more than " + MAX_SHARE + " allows (" + Math.round(maxShare * 100)
                + "%); nothing is deleted. If that is meant, set " + ALLOW + "=true for one sync");
    }

    /**
     * The orphans as this guard lets them go: all as decided, or, when their deletions together
     * are refused, every deletion turned into {@link Orphans.Action#KEEP_MASS_DELETION} with the reason.
     */
    public List<Orphans.Orphan> apply(List<Orphans.Orphan> orphans, int owned) {
        int deleting = (int) orphans.stream().filter(o -> o.action() == Orphans.Action.DELETE).count();
        Optional<String> refusal = refusal(deleting, owned);
        if (refusal.isEmpty()) {
            return orphans;
        }
        return orphans.stream().map(o -> o.action() != Orphans.Action.DELETE ? o
                : new Orphans.Orphan(o.unitId(), o.stackName(), Orphans.Action.KEEP_MASS_DELETION,
                        "removed from git, but kept: " + refusal.get())).toList();
    }
}
