package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.source.JGitSource;
import io.rambla.source.SourceException;
import io.rambla.source.TimedGitSource;
import io.rambla.support.GitFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryHeaderTest {

    private static final String SHA = "4f2c9e1a7b3d5c8e0f1a2b3c4d5e6f708192a3b4";
    private static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");

    @Test
    void commitLinksPointAtTheHostWithoutCredentials() {
        assertThat(RepositoryHeader.commitUrl("https://x-access-token:ghp_secret@github.com/acme/infra.git", SHA))
                .contains("https://github.com/acme/infra/commit/" + SHA);
        assertThat(RepositoryHeader.commitUrl("git@github.com:acme/infra.git", SHA)).contains("https://github.com/acme/infra/commit/" + SHA);
        assertThat(RepositoryHeader.commitUrl("ssh://git@gitlab.example:2222/group/sub/infra.git", SHA))
                .contains("https://gitlab.example/group/sub/infra/commit/" + SHA);
        assertThat(RepositoryHeader.commitUrl("https://gitea.example:3000/acme/infra/", SHA))
                .contains("https://gitea.example:3000/acme/infra/commit/" + SHA);
    }

    @Test
    void hostileOrLocalUrlsGetNoLink() {
        assertThat(RepositoryHeader.commitUrl("file:///srv/git/infra.git", SHA)).isEmpty();
        assertThat(RepositoryHeader.commitUrl("/srv/git/infra.git", SHA)).isEmpty();
        assertThat(RepositoryHeader.commitUrl("https://github.com/acme/infra\"><script>x</script>", SHA)).isEmpty();
        assertThat(RepositoryHeader.commitUrl("javascript:alert(1)//", SHA)).isEmpty();
        assertThat(RepositoryHeader.commitUrl("https://github.com/acme/infra.git", "\"><b>")).isEmpty();
        assertThat(RepositoryHeader.commitUrl("", SHA)).isEmpty();
    }

    @Test
    void theHeaderFollowsFetchesAndSyncs(@TempDir Path temp) throws Exception {
        var clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (var git = GitFixture.create(temp.resolve("remote"), "main")) {
            String sha = git.commitAndPush("Scale the shop to <3> tasks\n\nbody", Map.of("README.md", "hi"));
            var header = new RepositoryHeader(git.url(), "main", Duration.ofSeconds(30), clock);
            var source = TimedGitSource.of(new JGitSource(git.url(), "main", temp.resolve("checkout")), List.of(header));

            source.fetch();
            header.syncStarted(sha, List.of("district/main"));

            var view = header.view();
            assertThat(view.head()).hasValueSatisfying(commit -> {
                assertThat(commit.revision()).isEqualTo(sha);
                assertThat(commit.subject()).isEqualTo("Scale the shop to <3> tasks");
                assertThat(commit.author()).isNotBlank();
            });
            assertThat(view.lastFetch()).contains(NOW);
            assertThat(view.nextPoll()).contains(NOW.plusSeconds(30));
            assertThat(view.syncing()).isTrue();
            assertThat(view.fetchError()).isEmpty();

            String html = StatusPage.overview(List.of(), Optional.empty(), Optional.of(view), NOW);
            assertThat(html).contains("branch <code>main</code>", "&ldquo;Scale the shop to &lt;3&gt; tasks&rdquo;", "sync in progress")
                    .doesNotContain("<3>");

            header.syncFinished(sha, List.of());
            assertThat(header.view().syncing()).isFalse();
        }
    }

    @Test
    void aFailingFetchSaysSinceWhenAndWhyUntilOneWorks(@TempDir Path temp) throws Exception {
        var header = new RepositoryHeader("https://user:hunter2@git.invalid/acme/infra.git", "main", Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
        var source = TimedGitSource.of(new JGitSource("https://user:hunter2@127.0.0.1:9/acme/infra.git", "main", temp.resolve("c")),
                List.of(header));

        assertThatThrownBy(source::fetch).isInstanceOf(SourceException.class);

        var view = header.view();
        assertThat(view.repository()).doesNotContain("hunter2");
        assertThat(view.fetchError()).hasValueSatisfying(error -> assertThat(error).doesNotContain("hunter2"));
        assertThat(view.failingSince()).contains(NOW);
        String html = StatusPage.overview(List.of(), Optional.empty(), Optional.of(view), NOW);
        assertThat(html).contains("Fetching fails since").doesNotContain("hunter2");
    }
}
