package io.rambla.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.apply.ListingPolicy.Reason;
import io.rambla.apply.ListingPolicy.Refresh;
import io.rambla.plan.LiveStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** When the sync lists every stack of a region, and what it reads again by name in between. */
class ListingPolicyTest {

    private static final Instant LISTED = Instant.parse("2026-11-26T08:00:00Z");
    private final ListingPolicy tenMinutes = new ListingPolicy(Duration.ofMinutes(10));

    private static LiveStack stack(String name, String status) {
        return new LiveStack(name, "arn:aws:cloudformation:us-east-1:000000000000:stack/" + name + "/1", status, null, Map.of(), Map.of());
    }

    @Test
    void nothingListedYetMeansAFullListingEvenWhenForcedOrChanged() {
        assertThat(tenMinutes.decide(null, LISTED, false, List.of(), Set.of())).isEqualTo(new Refresh.Full(Reason.NEVER_LISTED));
        assertThat(tenMinutes.decide(null, LISTED, true, List.of(stack("a", "CREATE_COMPLETE")), Set.of("a")))
                .isEqualTo(new Refresh.Full(Reason.NEVER_LISTED));
    }

    @Test
    void aForcedListingIsFullHoweverFreshTheCache() {
        assertThat(tenMinutes.decide(LISTED, LISTED, true, List.of(), Set.of())).isEqualTo(new Refresh.Full(Reason.FORCED));
    }

    @Test
    void aListingYoungerThanTheMaxAgeIsAnsweredFromTheCache() {
        Refresh refresh = tenMinutes.decide(LISTED, LISTED.plus(Duration.ofMinutes(10)).minusMillis(1), false,
                List.of(stack("a", "UPDATE_COMPLETE")), Set.of());
        assertThat(refresh).isEqualTo(new Refresh.Reread(Set.of()));
    }

    @Test
    void aListingAsOldAsTheMaxAgeOrOlderIsTakenAgain() {
        assertThat(tenMinutes.decide(LISTED, LISTED.plus(Duration.ofMinutes(10)), false, List.of(), Set.of()))
                .isEqualTo(new Refresh.Full(Reason.EXPIRED));
        assertThat(tenMinutes.decide(LISTED, LISTED.plus(Duration.ofDays(400)), false, List.of(), Set.of()))
                .isEqualTo(new Refresh.Full(Reason.EXPIRED));
    }

    @Test
    void aMaxAgeOfZeroListsEveryTime() {
        assertThat(ListingPolicy.everyTime().decide(LISTED, LISTED, false, List.of(), Set.of()))
                .isEqualTo(new Refresh.Full(Reason.EXPIRED));
    }

    @Test
    void aClockThatWentBackCannotKeepAListingForever() {
        assertThat(tenMinutes.decide(LISTED, LISTED.minusSeconds(1), false, List.of(), Set.of()))
                .isEqualTo(new Refresh.Full(Reason.CLOCK_WENT_BACK));
    }

    @Test
    void theStacksRamblaChangedAreReadAgainWhetherTheCacheHoldsThemOrNot() {
        Refresh refresh = tenMinutes.decide(LISTED, LISTED.plusSeconds(30), false,
                List.of(stack("held", "UPDATE_COMPLETE"), stack("untouched", "CREATE_COMPLETE")), Set.of("held", "created-since"));
        assertThat(refresh).isEqualTo(new Refresh.Reread(Set.of("held", "created-since")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "DELETE_IN_PROGRESS",
            "REVIEW_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "IMPORT_IN_PROGRESS"})
    void aStackHeldInProgressIsReadAgainUntilItSettles(String status) {
        Refresh refresh = tenMinutes.decide(LISTED, LISTED.plusSeconds(30), false,
                List.of(stack("busy", status), stack("settled", "UPDATE_COMPLETE")), Set.of());
        assertThat(refresh).isEqualTo(new Refresh.Reread(Set.of("busy")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "ROLLBACK_COMPLETE", "UPDATE_FAILED",
            "UPDATE_ROLLBACK_FAILED", "DELETE_FAILED", "IMPORT_COMPLETE"})
    void aSettledStackIsAnsweredFromTheCache(String status) {
        assertThat(tenMinutes.decide(LISTED, LISTED.plusSeconds(30), false, List.of(stack("s", status)), Set.of()))
                .isEqualTo(new Refresh.Reread(Set.of()));
    }

    @Test
    void theStacksToReadAgainComeInNameOrderOnce() {
        Refresh refresh = tenMinutes.decide(LISTED, LISTED.plusSeconds(1), false,
                List.of(stack("c", "UPDATE_IN_PROGRESS"), stack("a", "CREATE_IN_PROGRESS")), Set.of("c", "b"));
        assertThat(((Refresh.Reread) refresh).names()).containsExactly("a", "b", "c");
    }

    @Test
    void aNegativeMaxAgeIsRefused() {
        assertThatThrownBy(() -> new ListingPolicy(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new ListingPolicy(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aMergeHoldsWhatWasReadAndDropsWhatIsGone() {
        var entries = Map.of("kept", stack("kept", "CREATE_COMPLETE"), "updated", stack("updated", "UPDATE_IN_PROGRESS"),
                "deleted", stack("deleted", "DELETE_IN_PROGRESS"), "vanished", stack("vanished", "UPDATE_COMPLETE"));
        var merged = ListingPolicy.merge(entries, Map.of(
                "updated", Optional.of(stack("updated", "UPDATE_COMPLETE")),
                "deleted", Optional.of(stack("deleted", "DELETE_COMPLETE")),
                "vanished", Optional.empty(),
                "new", Optional.of(stack("new", "CREATE_COMPLETE"))));
        assertThat(merged.keySet()).containsExactlyInAnyOrder("kept", "updated", "new");
        assertThat(merged.get("updated").status()).isEqualTo("UPDATE_COMPLETE");
        assertThat(entries).as("the entries given are not changed").containsKeys("deleted", "vanished");
    }

    @Test
    void aFullListingLeavesDeletedStacksOut() {
        var entries = ListingPolicy.fromListing(List.of(stack("live", "UPDATE_COMPLETE"), stack("gone", "DELETE_COMPLETE")));
        assertThat(entries.keySet()).containsExactly("live");
    }
}
