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
    void aPullRequestWithMoreUnitsThanTheCapIsNotPlannedAndAsksNothingOfAws() throws Exception {
        PullRequestPlan plan = review(new ChangeSetReview.Limits(2, 2_000)).review(9, null).plan();

        assertThat(plan.units()).isEmpty();
        assertThat(plan.validationErrors()).singleElement().asString()
                .contains("declares 3 units", "at most 2 are planned per pull request", "rambla.review.max-units");
        assertThat(aws.changeSetsAskedFor("it-district-a") + aws.changeSetsAskedFor("it-district-b")
                + aws.changeSetsAskedFor("it-district-c")).isZero();
    }

    @Test
    void unitsPastTheCallBudgetAreShownAsNotPlannedWithTheReason() throws Exception {
        // Three stack reads, then room for exactly one change set.
        int budget = 3 + ChangeSetPlanner.CALLS_PER_CHANGE_SET;
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
