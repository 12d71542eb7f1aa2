package io.rambla.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PruneGuardTest {

    @Test
    void deletingUpToTheShareIsAllowedAndOneMoreIsNot() {
        var half = new PruneGuard(0.5, false);
        assertThat(half.refusal(2, 4)).isEmpty();
        assertThat(half.refusal(3, 4)).isPresent();
        assertThat(half.refusal(1, 2)).isEmpty();
        assertThat(half.refusal(2, 2)).isPresent();
        assertThat(half.refusal(1, 1)).as("the last stack too").isPresent();
    }

    @Test
    void decimalSharesAreComparedExactlyNotInFloatingPoint() {
        // 0.3 × 10 is 3.0000000000000004 in doubles; deleting 3 of 10 is exactly the share.
        assertThat(new PruneGuard(0.3, false).refusal(3, 10)).isEmpty();
        assertThat(new PruneGuard(0.3, false).refusal(4, 10)).isPresent();
        assertThat(new PruneGuard(0.1, false).refusal(1, 3)).isPresent();
    }

    @Test
    void nothingToDeleteIsNeverRefused() {
        assertThat(new PruneGuard(0, false).refusal(0, 0)).isEmpty();
        assertThat(new PruneGuard(0, false).refusal(0, 10)).isEmpty();
        assertThat(new PruneGuard(0, false).refusal(1, 10)).isPresent();
    }

    @Test
    void theSwitchLiftsTheGuardAndAShareOfOneAllowsEverything() {
        assertThat(new PruneGuard(0, true).refusal(10, 10)).isEmpty();
        assertThat(new PruneGuard(1, false).refusal(10, 10)).isEmpty();
    }

    @Test
    void theReasonSaysHowManyOfHowManyAndWhichSettingsMatter() {
        assertThat(PruneGuard.standard().refusal(3, 4).orElseThrow())
                .contains("delete 3 of the repository's 4 stacks (75%)", "rambla.prune.max-share allows (50%)",
                        "rambla.prune.allow-mass-deletion=true");
    }

    @Test
    void sharesOutsideZeroToOneAreRefused() {
        for (double share : List.of(-0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY)) {
            assertThatThrownBy(() -> new PruneGuard(share, false)).hasMessageContaining("rambla.prune.max-share");
        }
    }

    @Test
    void onlyDeletionsAreTurnedIntoKeepsOthersStayAsDecided() {
        var orphans = List.of(
                new Orphans.Orphan("app/a/p", "rambla-app-a-p", Orphans.Action.DELETE, "removed from git; deleting"),
                new Orphans.Orphan("district/m", "rambla-district-m", Orphans.Action.KEEP_DISTRICT_IN_USE, "in use"));
        var guarded = PruneGuard.standard().apply(orphans, 1);
        assertThat(guarded).extracting(Orphans.Orphan::action)
                .containsExactly(Orphans.Action.KEEP_MASS_DELETION, Orphans.Action.KEEP_DISTRICT_IN_USE);
        assertThat(PruneGuard.standard().apply(orphans, 2)).isEqualTo(orphans);
    }
}
