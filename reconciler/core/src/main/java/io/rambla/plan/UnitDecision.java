package io.rambla.plan;

import io.rambla.render.RenderedUnit;
import java.util.Optional;

/**
 * What planning says of one unit against a {@link Snapshot}: either its parameters resolve and
 * its stack gets a {@link Decision}, or an upstream output it reads is not known yet. The sync,
 * {@code rambla plan} and pull-request review all start from this value ({@link Planner#decide}).
 */
public sealed interface UnitDecision {

    RenderedUnit unit();

    /** What the unit's stack needs, as far as is known: with unresolved parameters it can never be "unchanged". */
    Decision decision();

    /** E.g. {@code update}, or {@code create (after its upstream stacks)} while an upstream output is not known. */
    String describe();

    /** Whether applying would do something to this unit. */
    default boolean pending() {
        return !(decision() instanceof Decision.NoChange);
    }

    /** Every parameter resolved: {@code desired} is the stack to apply, {@code live} the stack that stands, if any. */
    record Ready(RenderedUnit unit, DesiredState desired, Optional<LiveStack> live, Decision decision) implements UnitDecision {
        @Override
        public String describe() {
            return decision.describe();
        }
    }

    /**
     * A parameter reads an upstream output the snapshot does not have: the upstream stack does not
     * stand yet ({@code upstreamStands} false), or stands without that output.
     */
    record AwaitingUpstream(RenderedUnit unit, Resolution.AwaitingUpstream awaiting, boolean upstreamStands, Decision decision)
            implements UnitDecision {
        @Override
        public String describe() {
            return decision.describe() + " (after its upstream stacks)";
        }
    }
}
