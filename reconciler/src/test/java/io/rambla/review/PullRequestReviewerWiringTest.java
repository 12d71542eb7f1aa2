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
    void reviewAppsExistOnlyWhenTurnedOnAndTakeTheirSettings() {
        Map<String, Object> base = Map.of(
                "rambla.github.repository", "acme/infra",
                "rambla.github.token", "ghp_wiring",
                "rambla.git.url", temp.resolve("missing.git").toUri().toString(),
                "rambla.git.workdir", temp.resolve("checkout").toString(),
                "rambla.git.poll-interval", "1h");
        try (var context = ApplicationContext.run(base)) {
            assertThat(context.containsBean(ReviewAppsService.class)).as("off by default").isFalse();
        }
        var on = new java.util.HashMap<>(base);
        on.putAll(Map.of("rambla.review-apps.enabled", "true", "rambla.review-apps.max-apps", "3", "rambla.review-apps.ttl", "48h",
                "rambla.review-apps.label", "preview"));
        try (var context = ApplicationContext.run(on)) {
            assertThat(context.getBean(ReviewAppsService.class).settings())
                    .isEqualTo(new io.rambla.plan.ReviewApps.Settings("preview", 3, java.time.Duration.ofHours(48)));
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
