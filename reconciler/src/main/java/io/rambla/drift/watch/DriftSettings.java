package io.rambla.drift.watch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drift checks ({@code rambla.drift.*}).
 *
 * @param interval how often each applied stack is checked for drift; {@code 0s} turns checks off
 * @param revert   self-healing: revert drifted resources with a drift-aware change set
 *                 ({@code REVERT_DRIFT}) right after a check finds them
 */
@ConfigurationProperties("rambla.drift")
public record DriftSettings(
        @Bindable(defaultValue = "6h") Duration interval,
        @Bindable(defaultValue = "false") boolean revert) {

    public static DriftSettings off() {
        return new DriftSettings(Duration.ZERO, false);
    }

    public boolean enabled() {
        return !interval.isZero() && !interval.isNegative();
    }

    /** Every problem with these settings, each naming the property and the fix; empty when fine. */
    public List<String> problems(boolean planOnly) {
        List<String> problems = new ArrayList<>();
        if (interval.isNegative()) {
            problems.add("rambla.drift.interval is " + interval + ": it cannot be negative (0s turns drift checks off)");
        }
        if (revert && !enabled()) {
            problems.add("rambla.drift.revert is true but drift checks are off (rambla.drift.interval: " + interval
                    + "): self-healing reverts what a check finds, so set an interval such as 6h");
        }
        if (revert && planOnly) {
            problems.add("rambla.drift.revert cannot be combined with rambla.apply.plan-only: plan-only never changes a stack");
        }
        return problems;
    }
}
