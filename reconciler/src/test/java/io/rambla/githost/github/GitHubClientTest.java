package io.rambla.githost.github;

import io.rambla.githost.CommitStatus;
import io.rambla.githost.GitHubException;
import io.rambla.githost.PullRequest;
import io.rambla.status.github.FakeGitHub;
import io.rambla.status.github.GitHubOutbox;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.rambla.status.github.FakeGitHub.SHA;
import static io.rambla.status.github.FakeGitHub.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.rambla.secret.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class GitHubClientTest {

    private FakeGitHub github;
    private GitHubClient client;

    @BeforeEach
    void start() {
        github = new FakeGitHub();
        client = github.client();
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void listsOnlyThePullRequestsIntoTheTrackedBranch() {
        github.server.stubFor(get(urlPathEqualTo("/repos/acme/infra/pulls")).withQueryParam("base", equalTo("main")).willReturn(aResponse().withStatus(200)
                .withBody("[{\"number\":12,\"base\":{\"ref\":\"main\"},\"head\":{\"sha\":\"aaa111\"}},"
                        + "{\"number\":13,\"base\":{\"ref\":\"release\"},\"head\":{\"sha\":\"bbb222\"}}]")));

        assertThat(client.listOpenPullRequests("main")).containsExactly(new PullRequest(12, "aaa111"));
        github.server.verify(getRequestedFor(urlPathEqualTo("/repos/acme/infra/pulls")).withQueryParam("state", equalTo("open"))
                .withQueryParam("base", equalTo("main")));
    }

    @Test
    void forReviewAppsListsLabelsAndTellsForksIncludingDeletedOnesApart() {
        github.server.stubFor(get(urlPathEqualTo("/repos/acme/infra/pulls")).withQueryParam("base", equalTo("main")).willReturn(aResponse().withStatus(200)
                .withBody("[{\"number\":12,\"base\":{\"ref\":\"main\"},\"head\":{\"sha\":\"aaa111\",\"repo\":{\"full_name\":\"Acme/Infra\"}},"
                        + "\"labels\":[{\"name\":\"rambla/review-app\"},{\"name\":\"bug\"}]},"
                        + "{\"number\":13,\"base\":{\"ref\":\"main\"},\"head\":{\"sha\":\"bbb222\",\"repo\":{\"full_name\":\"mallory/infra\"}},"
                        + "\"labels\":[{\"name\":\"rambla/review-app\"}]},"
                        + "{\"number\":14,\"base\":{\"ref\":\"main\"},\"head\":{\"sha\":\"ccc333\",\"repo\":null},\"labels\":[]},"
                        + "{\"number\":15,\"base\":{\"ref\":\"release\"},\"head\":{\"sha\":\"ddd444\",\"repo\":{\"full_name\":\"acme/infra\"}}}]")));

        assertThat(client.openPullRequestsForReviewApps("main")).containsExactly(
                new io.rambla.plan.ReviewApps.PullRequestInfo(12, "aaa111", java.util.Set.of("rambla/review-app", "bug"), false),
                new io.rambla.plan.ReviewApps.PullRequestInfo(13, "bbb222", java.util.Set.of("rambla/review-app"), true),
                new io.rambla.plan.ReviewApps.PullRequestInfo(14, "ccc333", java.util.Set.of(), true));
    }

    @Test
    void removingALabelThatIsNotThereIsNoError() {
        github.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(urlPathEqualTo("/repos/acme/infra/issues/12/labels/rambla%2Freview-app"))
                .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Label does not exist\"}")));

        client.removeLabel(12, "rambla/review-app");

        github.server.verify(com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                urlPathEqualTo("/repos/acme/infra/issues/12/labels/rambla%2Freview-app")));
    }

    @Test
    void listsOpenPullRequestsAcrossPages() {
        String page2 = github.server.baseUrl() + "/repositories/1/pulls?state=open&per_page=100&page=2";
        github.server.stubFor(get(urlEqualTo("/repos/acme/infra/pulls?state=open&per_page=100")).willReturn(aResponse().withStatus(200)
                .withHeader("Link", "<" + page2 + ">; rel=\"next\", <" + page2 + ">; rel=\"last\"")
                .withBody("[{\"number\":12,\"state\":\"open\",\"head\":{\"ref\":\"bigger-cluster\",\"sha\":\"aaa111\"}}]")));
        github.server.stubFor(get(urlEqualTo("/repositories/1/pulls?state=open&per_page=100&page=2")).willReturn(aResponse().withStatus(200)
                .withBody("[{\"number\":15,\"state\":\"open\",\"head\":{\"ref\":\"new-app\",\"sha\":\"bbb222\"}}]")));

        assertThat(client.listOpenPullRequests()).containsExactly(new PullRequest(12, "aaa111"), new PullRequest(15, "bbb222"));
        github.server.verify(getRequestedFor(urlPathEqualTo("/repos/acme/infra/pulls")).withQueryParam("state", equalTo("open")));
    }

    @Test
    void serverErrorsAndRateLimitsAreTransientAndCarryTheResetInstant() {
        long reset = Instant.now().plusSeconds(1800).getEpochSecond();
        github.server.stubFor(post(urlPathMatching("/repos/acme/infra/statuses/.*")).willReturn(aResponse().withStatus(403)
                .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", Long.toString(reset))
                .withBody("{\"message\":\"API rate limit exceeded for user ID 1.\"}")));

        assertThatThrownBy(() -> client.createStatus(SHA, new CommitStatus(CommitStatus.State.PENDING, null, null, "rambla")))
                .isInstanceOfSatisfying(GitHubException.Transient.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.retryAt()).contains(Instant.ofEpochSecond(reset));
                    assertThat(e.getMessage()).contains("POST /repos/acme/infra/statuses/" + SHA, "403", "API rate limit exceeded");
                });

        github.server.stubFor(post(urlPathMatching("/repos/acme/infra/statuses/.*")).willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> client.createStatus(SHA, new CommitStatus(CommitStatus.State.PENDING, null, null, "rambla")))
                .isInstanceOfSatisfying(GitHubException.Transient.class, e -> assertThat(e.retryAt()).isEmpty());
    }

    @Test
    void aForbiddenAnswerThatIsNotARateLimitIsTerminal() {
        github.server.stubFor(post(urlPathMatching("/repos/acme/infra/statuses/.*")).willReturn(aResponse().withStatus(403)
                .withHeader("x-ratelimit-remaining", "4990")
                .withBody("{\"message\":\"Resource not accessible by personal access token\"}")));

        assertThatThrownBy(() -> client.createStatus(SHA, new CommitStatus(CommitStatus.State.PENDING, null, null, "rambla")))
                .isInstanceOf(GitHubException.Terminal.class)
                .hasMessageContaining("Resource not accessible by personal access token");
    }

    @Test
    void theTokenIsSentButNeverLoggedNorPutInAnException() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger rambla = (Logger) LoggerFactory.getLogger("io.rambla");
        Level before = rambla.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        rambla.setLevel(Level.DEBUG);
        try {
            // A host that echoes the credential back, as a misconfigured proxy might.
            github.server.stubFor(post(urlPathMatching("/repos/acme/infra/.*")).willReturn(aResponse().withStatus(401)
                    .withBody("{\"message\":\"Bad credentials: " + TOKEN + "\"}")));
            GitHubException thrown = null;
            try {
                client.createComment(7, "hello");
            } catch (GitHubException e) {
                thrown = e;
            }
            assertThat(thrown).isNotNull();
            assertThat(thrown.getMessage()).contains("401", "Bad credentials").doesNotContain(TOKEN);
            assertThat(thrown.toString()).doesNotContain(TOKEN);

            GitHubOutbox outbox = new GitHubOutbox(client, FakeGitHub.FAST_RETRY, 10, Duration.ofSeconds(1));
            outbox.status(SHA, new CommitStatus(CommitStatus.State.PENDING, null, "x", "rambla"));
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("gave up on")));
            outbox.close(Duration.ofSeconds(1));

            github.server.verify(postRequestedFor(urlPathMatching("/repos/acme/infra/.*")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
            assertThat(logs.list).isNotEmpty().allSatisfy(event -> {
                assertThat(event.getFormattedMessage()).doesNotContain(TOKEN);
                if (event.getThrowableProxy() != null) {
                    assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(TOKEN);
                }
            });
            assertThat(client.toString()).doesNotContain(TOKEN);
        } finally {
            root.detachAppender(logs);
            rambla.setLevel(before);
        }
    }

    @Test
    void secretsAreMaskedWhereverTheyArePrinted(@TempDir Path dir) throws IOException {
        assertThat(Secret.of(TOKEN)).hasToString("****");
        assertThat("token is " + Secret.of(TOKEN)).doesNotContain(TOKEN);
        var config = new GitHubConfig("https://api.github.com", "acme/infra", TOKEN, null, "webhook-secret-value", "http://127.0.0.1:8080", 1024);
        assertThat(config.toString()).doesNotContain(TOKEN).doesNotContain("webhook-secret-value").contains("acme/infra");

        Path file = dir.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        var fromFile = new GitHubConfig("https://api.github.com", "acme/infra", null, file.toString(), null, "http://127.0.0.1:8080", 1024);
        assertThat(GitHubFactory.token(fromFile).reveal()).isEqualTo(TOKEN);
        assertThatThrownBy(() -> Secret.fromFile(dir.resolve("missing"))).hasMessageContaining("missing").hasMessageNotContaining(TOKEN);
    }

    @Test
    void aHostThatDoesNotAnswerInTimeIsATransientFailure() {
        github.server.stubFor(post(urlPathMatching("/repos/acme/infra/.*")).willReturn(aResponse().withStatus(201).withFixedDelay(3_000)));
        var impatient = new GitHubClient(URI.create(github.server.baseUrl()), "acme/infra", Secret.of(TOKEN), Duration.ofMillis(200));

        assertThatThrownBy(() -> impatient.createComment(7, "hello"))
                .isInstanceOf(GitHubException.Transient.class).hasMessageContaining("timed out");
    }
}
