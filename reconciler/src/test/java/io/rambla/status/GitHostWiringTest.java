package io.rambla.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.rambla.githost.gitea.GiteaClient;
import io.rambla.status.github.CommitStatusReporter;
import io.rambla.githost.GitHost;
import io.rambla.githost.github.GitHubClient;
import io.rambla.status.github.GitHubOutbox;
import io.rambla.status.github.PullRequestCommenter;
import io.rambla.githost.gitlab.GitLabClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code rambla.git-host.kind} picks one adapter; the outbox, reporter and commenter follow it. No server, no reconciler. */
class GitHostWiringTest {

    @Test
    void gitLabChosenAndConfiguredMakesTheGitLabClientTheOnlyHost() {
        try (var context = ApplicationContext.run(Map.of(
                "rambla.git-host.kind", "gitlab",
                "rambla.gitlab.api-url", "https://gitlab.acme.example/api/v4",
                "rambla.gitlab.project", "platform/infra",
                "rambla.gitlab.token", "glpat-wiring",
                // Left over from GitHub: ignored once another host is chosen.
                "rambla.github.repository", "acme/infra",
                "rambla.github.token", "ghp_leftover"))) {
            assertThat(context.getBeansOfType(GitHost.class)).singleElement().isInstanceOf(GitLabClient.class);
            assertThat(context.containsBean(GitHubClient.class)).isFalse();
            assertThat(context.getBean(GitHost.class).headRef(3)).isEqualTo("refs/merge-requests/3/head");
            assertThat(context.containsBean(GitHubOutbox.class)).isTrue();
            assertThat(context.containsBean(CommitStatusReporter.class)).isTrue();
            assertThat(context.containsBean(PullRequestCommenter.class)).isTrue();
        }
    }

    @Test
    void giteaChosenAndConfiguredMakesTheGiteaClientTheOnlyHost() {
        try (var context = ApplicationContext.run(Map.of(
                "rambla.git-host.kind", "gitea",
                "rambla.gitea.api-url", "https://git.acme.example/api/v1",
                "rambla.gitea.repository", "acme/infra",
                "rambla.gitea.token", "gitea-wiring"))) {
            assertThat(context.getBeansOfType(GitHost.class)).singleElement().isInstanceOf(GiteaClient.class);
            assertThat(context.containsBean(CommitStatusReporter.class)).isTrue();
        }
    }

    @Test
    void aChosenHostWithoutATokenWritesNothing() {
        try (var context = ApplicationContext.run(Map.of("rambla.git-host.kind", "gitlab", "rambla.gitlab.project", "platform/infra"))) {
            assertThat(context.getBeansOfType(GitHost.class)).isEmpty();
            assertThat(context.containsBean(CommitStatusReporter.class)).isFalse();
        }
    }

    @Test
    void anUnknownKindStopsTheStartWithAMessage() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("rambla.git-host.kind", "bitbucket")).close())
                .hasStackTraceContaining("rambla.git-host.kind must be github, gitlab or gitea, not bitbucket");
    }
}
