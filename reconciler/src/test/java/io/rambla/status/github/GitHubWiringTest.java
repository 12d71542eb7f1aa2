package io.rambla.status.github;

import io.rambla.githost.github.GitHubClient;
import io.rambla.githost.github.GitHubConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.rambla.status.SyncListener;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which GitHub beans exist for which configuration; no server, no reconciler ({@code rambla.git.url} unset). */
class GitHubWiringTest {

    /** Other packages listen to syncs too (status history, metrics, readiness); only GitHub's matter here. */
    private static List<SyncListener> gitHubListeners(ApplicationContext context) {
        return context.getBeansOfType(SyncListener.class).stream()
                .filter(l -> l.getClass().getPackageName().equals(GitHubWiringTest.class.getPackageName()))
                .toList();
    }

    @Test
    void withoutARepositoryAndTokenNothingWritesToGitHub() {
        try (var context = ApplicationContext.run(Map.of("rambla.github.repository", "acme/infra"))) {
            assertThat(context.containsBean(GitHubClient.class)).isFalse();
            assertThat(gitHubListeners(context)).isEmpty();
            assertThat(context.getBean(PullRequestPlanner.class)).isInstanceOf(LoggingPullRequestPlanner.class);
            GitHubConfig config = context.getBean(GitHubConfig.class);
            assertThat(config.apiUrl()).isEqualTo("https://api.github.com");
            assertThat(config.webhookMaxBytes()).isEqualTo(1_048_576);
        }
    }

    @Test
    void withARepositoryAndTokenTheReporterListensToSyncs() {
        try (var context = ApplicationContext.run(Map.of(
                "rambla.github.repository", "acme/infra",
                "rambla.github.token", FakeGitHub.TOKEN,
                "rambla.github.public-url", "https://rambla.acme.example"))) {
            assertThat(gitHubListeners(context)).singleElement().isInstanceOf(CommitStatusReporter.class);
            assertThat(context.getBean(GitHubClient.class).repository()).isEqualTo("acme/infra");
            assertThat(context.containsBean(PullRequestCommenter.class)).isTrue();
            assertThat(context.getBean(GitHubConfig.class).toString()).doesNotContain(FakeGitHub.TOKEN);
        }
    }
}
