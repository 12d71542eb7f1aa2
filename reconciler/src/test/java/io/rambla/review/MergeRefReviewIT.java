package io.rambla.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.plan.PullRequestPlan;
import io.rambla.plan.RepositoryId;
import io.rambla.source.JGitSource;
import io.rambla.status.github.PullRequestComment;
import io.rambla.support.GitFixture;
import io.rambla.support.InMemoryStacks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull request is planned as it would merge: a real git repository holds the head at
 * {@code refs/pull/N/head} and the host's merge result at {@code refs/pull/N/merge}, while the base
 * branch gained a district after the pull request started. CloudFormation is in memory: what is
 * asked here is which commit is planned.
 */
class MergeRefReviewIT {

    private static final RepositoryId OURS = new RepositoryId("https://git.example.com/team/infra.git");

    @TempDir
    Path temp;

    private final InMemoryStacks aws = new InMemoryStacks();
    private GitFixture git;
    private String head;

    @BeforeEach
    void aPullRequestBehindItsBase() throws Exception {
        git = GitFixture.create(temp, "main");
        git.commitAndPush("base", Map.of("rambla.yml", "stack_prefix: it\n"));
        head = git.commitAndPushTo("refs/pull/7/head", "add district pr", Map.of(
                "districts/pr.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.1.0.0/16\n"));
        // Merged into main since the pull request started: only the merge result has it.
        git.commitAndPush("add district base", Map.of(
                "districts/base.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.2.0.0/16\n"));
    }

    private ChangeSetReview review(java.util.function.IntFunction<Optional<String>> mergeRef, String checkout) {
        return new ChangeSetReview(new JGitSource(git.url(), "main", temp.resolve(checkout)), aws, stack -> List.of(),
                PullRequestReview::headRef, mergeRef, OURS, ChangeSetReview.Limits.standard());
    }

    private static List<String> unitIds(PullRequestPlan plan) {
        return plan.units().stream().map(PullRequestPlan.UnitPlan::unitId).sorted().toList();
    }

    @Test
    void theMergeResultIsPlannedWhenTheHostComputedOneForThisHead() throws Exception {
        String merge = git.mergeAndPushTo("refs/pull/7/merge", head);

        PullRequestPlan plan = review(n -> Optional.of("refs/pull/" + n + "/merge"), "merge").review(7, head).plan();

        assertThat(unitIds(plan)).containsExactly("district/base", "district/pr");
        assertThat(plan.headSha()).as("statuses still go to the head").isEqualTo(head);
        assertThat(plan.basis()).isEqualTo("Planned the merge result: refs/pull/7/merge at " + merge.substring(0, 12)
                + ", the head " + head.substring(0, 7) + " merged into the base branch.");
        assertThat(PullRequestComment.render(plan)).contains("_Planned the merge result: refs/pull/7/merge at ");
    }

    @Test
    void withoutAMergeRefTheHeadIsPlannedAndTheCommentSaysSo() throws Exception {
        PullRequestPlan plan = review(n -> Optional.of("refs/pull/" + n + "/merge"), "no-merge").review(7, head).plan();

        assertThat(unitIds(plan)).containsExactly("district/pr");
        assertThat(plan.headSha()).isEqualTo(head);
        assertThat(plan.basis()).isEqualTo("Planned the head " + head.substring(0, 7) + " itself: the host has no refs/pull/7/merge"
                + " (a conflict, or not computed yet); changes merged into the base branch since are not in this plan.");
        assertThat(PullRequestComment.render(plan)).contains("_Planned the head " + head.substring(0, 7) + " itself: the host has no");
    }

    @Test
    void aMergeResultOfAnotherHeadIsNotPlannedInItsPlace() throws Exception {
        git.mergeAndPushTo("refs/pull/7/merge", head);
        String newer = git.commitAndPushTo("refs/pull/7/head", "add district pr2", Map.of(
                "districts/pr2.yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.3.0.0/16\n"));

        PullRequestPlan plan = review(n -> Optional.of("refs/pull/" + n + "/merge"), "stale").review(7, newer).plan();

        assertThat(plan.headSha()).isEqualTo(newer);
        assertThat(plan.basis()).startsWith("Planned the head " + newer.substring(0, 7) + " itself: refs/pull/7/merge merges head "
                + head.substring(0, 7) + ", not this one");
    }

    @Test
    void aHostWithoutMergeResultsPlansTheHead() throws Exception {
        git.mergeAndPushTo("refs/pull/7/merge", head);

        PullRequestPlan plan = review(n -> Optional.empty(), "gitea").review(7, head).plan();

        assertThat(unitIds(plan)).containsExactly("district/pr");
        assertThat(plan.basis()).contains("this git host keeps no merge result");
    }

    @Test
    void theHostsSayWhereTheirMergeResultsAre() {
        var backoff = java.time.Duration.ofSeconds(1);
        var github = new io.rambla.githost.github.GitHubClient(java.net.URI.create("http://127.0.0.1:1"), "acme/infra",
                io.rambla.secret.Secret.of("t"), backoff);
        assertThat(github.mergeRef(7)).contains("refs/pull/7/merge");
        assertThat(github.headRef(7)).isEqualTo("refs/pull/7/head");
        var gitlab = new io.rambla.githost.gitlab.GitLabClient(java.net.URI.create("http://127.0.0.1:1/api/v4"), "acme/infra",
                io.rambla.secret.Secret.of("t"), backoff);
        assertThat(gitlab.mergeRef(7)).contains("refs/merge-requests/7/merge");
        var gitea = new io.rambla.githost.gitea.GiteaClient(java.net.URI.create("http://127.0.0.1:1/api/v1"), "acme/infra",
                io.rambla.secret.Secret.of("t"), backoff);
        assertThat(gitea.mergeRef(7)).isEmpty();
    }
}
