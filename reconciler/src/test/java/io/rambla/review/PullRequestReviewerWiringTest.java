package io.rambla.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.rambla.status.github.LoggingPullRequestPlanner;
import io.rambla.status.github.PullRequestPlanner;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reviewer replaces the logging planner only when it can both read the repository and write to GitHub. */
class PullRequestReviewerWiringTest {

    @TempDir
    Path temp;

    @Test
    void withGitHubAndARepositoryToFollowPullRequestsAreReviewed() {
        try (var context = ApplicationContext.run(Map.of(
                "rambla.github.repository", "acme/infra",
                "rambla.github.token", "ghp_wiring",
                "rambla.git.url", temp.resolve("missing.git").toUri().toString(),
                "rambla.git.workdir", temp.resolve("checkout").toString(),
                "rambla.git.poll-interval", "1h"))) {
            assertThat(context.getBean(PullRequestPlanner.class)).isInstanceOf(PullRequestReviewer.class);
            assertThat(context.containsBean(PullRequestPoller.class)).isTrue();
        }
    }

    @Test
    void withoutARepositoryToFollowTheLoggingPlannerStays() {
        try (var context = ApplicationContext.run(Map.of(
                "rambla.github.repository", "acme/infra",
                "rambla.github.token", "ghp_wiring"))) {
            assertThat(context.getBean(PullRequestPlanner.class)).isInstanceOf(LoggingPullRequestPlanner.class);
            assertThat(context.containsBean(PullRequestPoller.class)).isFalse();
        }
    }

    @Test
    void pullRequestsAreCheckedOutNextToTheSyncsCheckoutNeverInsideIt() {
        var git = new io.rambla.config.GitConfig("file:///srv/infra.git", "main", java.time.Duration.ofSeconds(30), "/var/lib/rambla/checkout");

        assertThat(PullRequestReviewer.checkoutDirectory(git)).isEqualTo(Path.of("/var/lib/rambla/checkout-pull-requests"));
    }
}
