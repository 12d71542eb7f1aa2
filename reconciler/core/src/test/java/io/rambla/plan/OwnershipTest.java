package io.rambla.plan;

import io.rambla.render.StackTags;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnershipTest {

    private static final RepositoryId OURS = new RepositoryId("https://git.example.com/team/infra.git");
    private static final RepositoryId THEIRS = new RepositoryId("https://git.example.com/other/infra.git");

    private static DesiredState desired(String unit, RepositoryId repository) {
        Map<String, String> tags = new HashMap<>(Map.of(StackTags.MANAGED_BY, "rambla", StackTags.UNIT, unit));
        if (repository != null) {
            tags.put(Ownership.TAG_REPOSITORY, repository.value());
        }
        return new DesiredState("rambla-app-shop-prod-eu", "{}", Map.of(), tags);
    }

    private static LiveStack live(String name, String status, String unit, RepositoryId repository) {
        Map<String, String> tags = new HashMap<>(Map.of(StackTags.MANAGED_BY, "rambla", StackTags.DISTRICT, "main"));
        if (unit != null) {
            tags.put(StackTags.UNIT, unit);
        }
        if (repository != null) {
            tags.put(Ownership.TAG_REPOSITORY, repository.value());
        }
        return new LiveStack(name, "arn:" + name, status, null, tags, Map.of());
    }

    @Test
    void aStackOfTheSameUnitAndRepositoryIsOurs() {
        var stack = live("rambla-app-shop-prod-eu", "UPDATE_COMPLETE", "app/shop/prod-eu", OURS);
        assertThat(Ownership.refusal(desired("app/shop/prod-eu", OURS), stack)).isEmpty();
        assertThat(Planner.decide(desired("app/shop/prod-eu", OURS), Optional.of(stack))).isInstanceOf(Decision.Update.class);
    }

    @Test
    void aStackTaggedForAnotherUnitIsNeverUpdated() {
        var stack = live("rambla-app-shop-prod-eu", "UPDATE_COMPLETE", "app/shop-prod/eu", OURS);
        var decision = Planner.decide(desired("app/shop/prod-eu", OURS), Optional.of(stack));
        assertThat(decision).isInstanceOf(Decision.NotOwned.class);
        assertThat(((Decision.NotOwned) decision).reason()).contains("belongs to unit app/shop-prod/eu", "not to app/shop/prod-eu");
    }

    @Test
    void aStackTaggedForAnotherRepositoryIsNeverUpdatedNorWaitedOn() {
        for (String status : List.of("UPDATE_COMPLETE", "UPDATE_IN_PROGRESS", "ROLLBACK_COMPLETE", "REVIEW_IN_PROGRESS")) {
            var stack = live("rambla-app-shop-prod-eu", status, "app/shop/prod-eu", THEIRS);
            var decision = Planner.decide(desired("app/shop/prod-eu", OURS), Optional.of(stack));
            assertThat(decision).as(status).isInstanceOf(Decision.NotOwned.class);
            assertThat(((Decision.NotOwned) decision).reason()).contains("belongs to repository " + THEIRS.value());
        }
    }

    @Test
    void aStackWithoutTheRepositoryTagIsAdoptedAndTaggedByItsNextUpdate() {
        var legacy = live("rambla-app-shop-prod-eu", "UPDATE_COMPLETE", "app/shop/prod-eu", null);
        assertThat(Planner.decide(desired("app/shop/prod-eu", OURS), Optional.of(legacy))).isInstanceOf(Decision.Update.class);
    }

    @Test
    void aLeftoverReviewStackIsPlannedAsNoStackAtAll() {
        var review = live("rambla-app-shop-prod-eu", "REVIEW_IN_PROGRESS", "app/shop/prod-eu", OURS);
        assertThat(Planner.decide(desired("app/shop/prod-eu", OURS), Optional.of(review))).isInstanceOf(Decision.Create.class);
    }

    @Test
    void pruningCountsOnlyStacksOfThisRepositoryOrOfNone() {
        var ours = live("rambla-district-a", "CREATE_COMPLETE", "district/a", OURS);
        var legacy = live("rambla-district-b", "CREATE_COMPLETE", "district/b", null);
        var theirs = live("rambla-district-c", "CREATE_COMPLETE", "district/c", THEIRS);
        var otherPrefix = live("other-district-d", "CREATE_COMPLETE", "district/d", OURS);
        var untagged = new LiveStack("rambla-district-e", "arn:e", "CREATE_COMPLETE", null, Map.of(), Map.of());
        assertThat(List.of(ours, legacy, theirs, otherPrefix, untagged).stream().filter(s -> Ownership.ownedBy(s, OURS, "rambla")))
                .containsExactly(ours, legacy);
        assertThat(List.of(ours, legacy, theirs).stream().filter(s -> Ownership.ownedBy(s, null, "rambla"))).containsExactly(legacy);
    }

    @Test
    void anotherRepositorysStacksAreNeverOrphansEvenUnderOurPrefix() {
        var theirs = live("rambla-district-c", "CREATE_COMPLETE", "district/c", THEIRS);
        var ours = live("rambla-district-a", "CREATE_COMPLETE", "district/a", OURS);
        var keep = live("rambla-district-k", "CREATE_COMPLETE", "district/k", OURS);
        var decisions = Orphans.decide(Set.of("district/k"), List.of(theirs, ours, keep), "rambla", true, OURS, PruneGuard.standard());
        assertThat(decisions).extracting(Orphans.Orphan::stackName).containsExactly("rambla-district-a");
        assertThat(decisions.get(0).action()).isEqualTo(Orphans.Action.DELETE);
    }

    @Test
    void emptyingTheRepositoryWithPruneOnIsStoppedByTheGuard() {
        var a = live("rambla-district-a", "CREATE_COMPLETE", "district/a", OURS);
        var b = live("rambla-district-b", "CREATE_COMPLETE", "district/b", OURS);
        var decisions = Orphans.decide(Set.of(), List.of(a, b), "rambla", true, OURS, PruneGuard.standard());
        assertThat(decisions).extracting(Orphans.Orphan::action)
                .containsExactly(Orphans.Action.KEEP_MASS_DELETION, Orphans.Action.KEEP_MASS_DELETION);
        assertThat(decisions.get(0).reason()).contains("would delete 2 of the repository's 2 stacks (100%)", PruneGuard.ALLOW);

        var allowed = Orphans.decide(Set.of(), List.of(a, b), "rambla", true, OURS, new PruneGuard(0.5, true));
        assertThat(allowed).extracting(Orphans.Orphan::action).containsOnly(Orphans.Action.DELETE);
    }
}
