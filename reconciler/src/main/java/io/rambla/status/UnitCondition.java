package io.rambla.status;

import java.util.Arrays;
import java.util.List;

/**
 * Two questions about a unit kept apart, as Argo CD does: is its stack at the commit git asks for
 * ({@link Sync}), and is what runs there well ({@link Health})? A commit that does not validate
 * or a failed upstream says nothing about the health of a stack applied before: such a unit stays
 * healthy at its last-applied revision.
 */
public record UnitCondition(Sync sync, Health health) {

    /** Whether the unit's stack is at the revision git asks for, and if not, why. */
    public sealed interface Sync {
        /** A few words for the page: {@code in sync at 4f2c9e1}, {@code waiting on district/main}. */
        String text();

        /** At the revision it was last applied from. */
        record InSync(String revision) implements Sync {
            public String text() {
                return "in sync at " + shortRevision(revision);
            }
        }

        /** Git asks for something else; {@code reason} says what stands in the way. */
        record OutOfSync(String reason) implements Sync {
            public String text() {
                return "out of sync: " + reason;
            }
        }

        /** The commit does not validate; nothing of it is applied. */
        record InvalidCommit(String revision) implements Sync {
            public String text() {
                return "invalid commit " + shortRevision(revision);
            }
        }

        /** An operator paused it: it is not applied until resumed. */
        record Paused() implements Sync {
            public String text() {
                return "paused";
            }
        }

        /** Held until an operator approves the unit at {@code revision}, or a newer commit supersedes it. */
        record AwaitingApproval(String revision) implements Sync {
            public String text() {
                return "awaiting approval of " + shortRevision(revision);
            }
        }

        /** Held back until the upstream units are applied; empty when they are not known. */
        record WaitingOn(List<String> units) implements Sync {
            public WaitingOn {
                units = List.copyOf(units);
            }

            public String text() {
                return units.isEmpty() ? "waiting on an upstream unit" : "waiting on " + String.join(", ", units);
            }
        }
    }

    /** How what runs is doing. */
    public enum Health {
        /** Stable at its last-applied revision. */
        HEALTHY,
        /** A change is being applied. */
        PROGRESSING,
        /** The last change failed; the stack still runs an earlier revision. */
        DEGRADED,
        /** The last change failed and no revision was ever applied. */
        FAILED,
        /** No stack: never applied, or deleted. */
        MISSING;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final String BLOCKED_PREFIX = "not attempted: ";
    private static final String BLOCKED_SUFFIX = " is not applied";

    /** The condition a unit's status describes. */
    public static UnitCondition of(UnitStatus status) {
        boolean deployed = status.lastAppliedRevision() != null;
        Health stable = deployed ? Health.HEALTHY : Health.MISSING;
        return switch (status.state()) {
            case APPLIED -> new UnitCondition(new Sync.InSync(status.lastAppliedRevision() != null
                    ? status.lastAppliedRevision() : status.lastAttemptedRevision()), Health.HEALTHY);
            case APPLYING -> new UnitCondition(new Sync.OutOfSync("applying " + shortRevision(status.lastAttemptedRevision())), Health.PROGRESSING);
            case PENDING -> new UnitCondition(new Sync.OutOfSync("waiting for its turn"), stable);
            case PLANNED -> new UnitCondition(new Sync.OutOfSync("plan only, nothing applied"), stable);
            case FAILED -> new UnitCondition(new Sync.OutOfSync("the last apply failed"), deployed ? Health.DEGRADED : Health.FAILED);
            case INVALID -> new UnitCondition(new Sync.InvalidCommit(status.lastAttemptedRevision()), stable);
            case BLOCKED -> new UnitCondition(new Sync.WaitingOn(upstream(status.message())), stable);
            case ORPHANED -> new UnitCondition(new Sync.OutOfSync("removed from git, stack kept"), Health.HEALTHY);
            case PRUNED -> new UnitCondition(new Sync.OutOfSync("removed from git, stack deleted"), Health.MISSING);
            case PAUSED -> new UnitCondition(new Sync.Paused(), stable);
            case AWAITING_APPROVAL -> new UnitCondition(new Sync.AwaitingApproval(status.lastAttemptedRevision()), stable);
        };
    }

    /** What a unit held back by {@code upstream} says; {@link #of} reads the units back from it. */
    public static String blockedMessage(List<String> upstream) {
        return BLOCKED_PREFIX + String.join(", ", upstream) + BLOCKED_SUFFIX;
    }

    /** The units a blocked unit waits on, read from the sync's message ({@code not attempted: a, b is not applied}). */
    static List<String> upstream(String message) {
        if (message == null || !message.startsWith(BLOCKED_PREFIX) || !message.endsWith(BLOCKED_SUFFIX)
                || message.length() <= BLOCKED_PREFIX.length() + BLOCKED_SUFFIX.length()) {
            return List.of();
        }
        String ids = message.substring(BLOCKED_PREFIX.length(), message.length() - BLOCKED_SUFFIX.length());
        return Arrays.stream(ids.split(", ")).map(String::strip).filter(id -> !id.isEmpty()).toList();
    }

    static String shortRevision(String revision) {
        if (revision == null) {
            return "(none)";
        }
        return revision.length() > 7 ? revision.substring(0, 7) : revision;
    }
}
