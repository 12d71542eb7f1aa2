package io.rambla.review;

import io.rambla.render.StackTags;
import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.plan.LiveStack;
import io.rambla.plan.Ownership;
import io.rambla.plan.PullRequestPlan;
import io.rambla.plan.RepositoryId;
import io.rambla.source.JGitSource;
import io.rambla.support.GitFixture;
import io.rambla.support.InMemoryStacks;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one pull request may cost the daemon, and what a killed review leaves that the next start sweeps. */
class ReviewLimitsTest {

    private static final RepositoryId OURS = new RepositoryId("https://git.example.com/team/infra.git");

    @TempDir
    Path temp;

    private final InMemoryStacks aws = new InMemoryStacks();
    private GitFixture git;

    @BeforeEach
    void threeDistrictsInAPullRequest() throws Exception {
        git = GitFixture.create(temp, "main");
        git.commitAndPush("base", Map.of("rambla.yml", "stack_prefix: it\n"));
        git.commitAndPushTo("refs/pull/9/head", "three districts", Map.of(
                "districts/a.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.1.0.0/16\n",
                "districts/b.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.2.0.0/16\n",
                "districts/c.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.3.0.0/16\n"));
    }

    private ChangeSetReview review(ChangeSetReview.Limits limits) {
        return new ChangeSetReview(new JGitSource(git.url(), "main", temp.resolve("pr-checkout")), aws, stack -> java.util.List.of(), OURS, limits);
    }

    @Test
    void aPullRequestChangingMoreUnitsThanTheCapIsNotPlannedAndMakesNoChangeSet() throws Exception {
        PullRequestPlan plan = review(new ChangeSetReview.Limits(2, 2_000)).review(9, null).plan();

        assertThat(plan.units()).isEmpty();
        assertThat(plan.validationErrors()).singleElement().asString()
                .contains("changes 3 of its 3 units (district/a, district/b, district/c)",
                        "at most 2 changed units are planned per pull request", "rambla.review.max-units", "no change set was made");
        assertThat(aws.changeSetsAskedFor("it-district-a") + aws.changeSetsAskedFor("it-district-b")
                + aws.changeSetsAskedFor("it-district-c")).isZero();
        assertThat(aws.listings()).as("the live stacks read once, from the listing").containsExactly(false);
    }

    @Test
    void aRepositoryDeclaringMoreUnitsThanTheCapIsPlannedWhenFewOfThemChange() throws Exception {
        // Apply the pull request's head as main would, then change one district of three in a new head.
        PullRequestPlan first = review(new ChangeSetReview.Limits(10, 2_000)).review(9, null).plan();
        assertThat(first.failed()).isEmpty();
        applyAsPlanned("district/a", "district/b", "district/c");
        git.commitAndPushTo("refs/pull/9/head", "move district c", Map.of(
                "districts/a.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.1.0.0/16\n",
                "districts/b.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.2.0.0/16\n",
                "districts/c.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.4.0.0/16\n"));

        PullRequestPlan plan = review(new ChangeSetReview.Limits(2, 2_000)).review(9, null).plan();

        assertThat(plan.validationErrors()).isEmpty();
        assertThat(plan.units()).hasSize(3);
        assertThat(plan.changing()).extracting(PullRequestPlan.UnitPlan::unitId).containsExactly("district/c");
        assertThat(plan.unchanging()).extracting(PullRequestPlan.UnitPlan::unitId).containsExactly("district/a", "district/b");
    }

    @Test
    void theCapCountsOnlyChangingUnitsSoOneOverItIsRefused() throws Exception {
        review(new ChangeSetReview.Limits(10, 2_000)).review(9, null).plan();
        applyAsPlanned("district/a");

        PullRequestPlan atTheCap = review(new ChangeSetReview.Limits(2, 2_000)).review(9, null).plan();
        PullRequestPlan overIt = review(new ChangeSetReview.Limits(1, 2_000)).review(9, null).plan();

        assertThat(atTheCap.validationErrors()).isEmpty();
        assertThat(atTheCap.changing()).extracting(PullRequestPlan.UnitPlan::unitId).containsExactly("district/b", "district/c");
        assertThat(overIt.units()).isEmpty();
        assertThat(overIt.validationErrors()).singleElement().asString().contains("changes 2 of its 3 units (district/b, district/c)",
                "at most 1 changed units");
    }

    @Test
    void aPlanWhoseLiveStacksCannotBeListedShowsWhyOnEveryUnitAndMakesNoChangeSet() throws Exception {
        var unlistable = new InMemoryStacks();
        unlistable.failListing(new IllegalStateException("Rate exceeded"));
        PullRequestPlan plan = new ChangeSetReview(new JGitSource(git.url(), "main", temp.resolve("pr-unlistable")), unlistable,
                stack -> java.util.List.of(), OURS, ChangeSetReview.Limits.standard()).review(9, null).plan();

        assertThat(plan.units()).hasSize(3).allSatisfy(u -> assertThat(u.note()).contains("cannot read the live stacks: Rate exceeded"));
        assertThat(plan.failed()).hasSize(3);
        assertThat(unlistable.changeSetsAskedFor("it-district-a")).isZero();
    }

    /** Puts each unit's stack as a sync of the head would leave it: created from the change set the last plan asked for. */
    private void applyAsPlanned(String... unitIds) {
        for (String unitId : unitIds) {
            aws.applyLastChangeSet("it-" + unitId.replace('/', '-'));
        }
    }

    @Test
    void unitsPastTheCallBudgetAreShownAsNotPlannedWithTheReason() throws Exception {
        // One listing of the live stacks, then room for exactly one change set.
        int budget = ChangeSetPlanner.CALLS_TO_READ_STACKS + ChangeSetPlanner.CALLS_PER_CHANGE_SET;
        PullRequestPlan plan = review(new ChangeSetReview.Limits(10, budget)).review(9, null).plan();

        assertThat(plan.units()).hasSize(3);
        assertThat(plan.failed()).hasSize(2).allSatisfy(u -> assertThat(u.note())
                .contains("not planned", "used " + budget + " of its " + budget + " CloudFormation calls", "rambla.review.max-calls"));
        assertThat(plan.units()).filteredOn(u -> !u.failed()).singleElement().extracting(PullRequestPlan.UnitPlan::adds).isEqualTo(1);
        assertThat(aws.changeSetsAskedFor("it-district-a") + aws.changeSetsAskedFor("it-district-b")
                + aws.changeSetsAskedFor("it-district-c")).isEqualTo(1);
    }

    @Test
    void theStartSweepRemovesThisRepositorysLeftoverReviewStacksOnly() {
        aws.put(reviewStack("it-district-ours", OURS.value()));
        aws.put(reviewStack("it-district-untagged", null));
        aws.put(reviewStack("it-district-theirs", "https://git.example.com/other/infra.git"));
        aws.put(new LiveStack("it-district-live", "arn:live", "CREATE_COMPLETE", null,
                Map.of(StackTags.MANAGED_BY, "rambla", Ownership.TAG_REPOSITORY, OURS.value()), Map.of()));

        int swept = review(ChangeSetReview.Limits.standard()).sweep();

        assertThat(swept).isEqualTo(1);
        assertThat(aws.describe("it-district-ours")).isEmpty();
        assertThat(aws.describe("it-district-untagged")).as("another daemon may be planning on it").isPresent();
        assertThat(aws.describe("it-district-theirs")).isPresent();
        assertThat(aws.describe("it-district-live")).isPresent();
    }

    private static LiveStack reviewStack(String name, String repository) {
        var tags = new java.util.HashMap<>(Map.of(StackTags.MANAGED_BY, "rambla", StackTags.UNIT, "district/x"));
        if (repository != null) {
            tags.put(Ownership.TAG_REPOSITORY, repository);
        }
        return new LiveStack(name, "arn:" + name, "REVIEW_IN_PROGRESS", null, tags, Map.of());
    }
}
