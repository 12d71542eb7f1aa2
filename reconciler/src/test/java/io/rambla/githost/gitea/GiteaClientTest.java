package io.rambla.githost.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.rambla.plan.PullRequestPlan;
import io.rambla.retry.Backoff;
import io.rambla.secret.Secret;
import io.rambla.githost.CommitStatus;
import io.rambla.githost.GitHubException;
import io.rambla.status.github.GitHubOutbox;
import io.rambla.githost.IssueComment;
import io.rambla.githost.PullRequest;
import io.rambla.status.github.PullRequestComment;
import io.rambla.status.github.PullRequestCommenter;
import io.rambla.status.github.RetryPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Gitea/Forgejo adapter against a WireMock Gitea. Shapes follow Gitea's API reference
 * (https://gitea.com/api/swagger: repoCreateStatus with CreateStatusOption, issueGetComments,
 * issueCreateComment, issueEditComment, repoListPullRequests), which Forgejo serves unchanged.
 */
class GiteaClientTest {

    static final String TOKEN = "gitea-TestTokenThatMustNeverBeLogged01";
    static final String SHA = "4f2c9e1a7b3d5c8e0f1a2b3c4d5e6f708192a3b4";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final RetryPolicy FAST_RETRY = new RetryPolicy(4, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0), Duration.ofSeconds(5));

    private final WireMockServer gitea = new WireMockServer(options().dynamicPort());
    private GiteaClient client;

    @BeforeEach
    void start() {
        gitea.start();
        client = new GiteaClient(URI.create(gitea.baseUrl() + "/api/v1"), "acme/infra", Secret.of(TOKEN), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        gitea.stop();
    }

    @Test
    void aStatusIsPostedAsCreateStatusOptionWithTheTokenScheme() {
        gitea.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(201).withBody("{\"id\": 7, \"status\": \"failure\"}")));

        client.createStatus(SHA, new CommitStatus(CommitStatus.State.FAILURE, "https://rambla.acme.example/api/units/district/main",
                "stack it-district-main failed", "rambla/district/main"));

        gitea.verify(postRequestedFor(urlEqualTo("/api/v1/repos/acme/infra/statuses/" + SHA))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"state": "failure", "context": "rambla/district/main",
                         "target_url": "https://rambla.acme.example/api/units/district/main",
                         "description": "stack it-district-main failed"}""")));
    }

    @Test
    void thePlanCommentIsCreatedOnceAndThenEditedInPlace() {
        gitea.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(201).withBody("{}")));
        String comments = "/api/v1/repos/acme/infra/issues/42/comments";
        gitea.stubFor(get(urlEqualTo(comments)).willReturn(aResponse().withStatus(200)
                .withBody("[{\"id\": 11, \"body\": \"LGTM once the plan is green\", \"html_url\": \"https://gitea.acme.example/acme/infra/pulls/42#issuecomment-11\"}]")));
        gitea.stubFor(post(urlEqualTo(comments)).willReturn(aResponse().withStatus(201)
                .withBody("{\"id\": 12, \"body\": \"\", \"html_url\": \"https://gitea.acme.example/acme/infra/pulls/42#issuecomment-12\"}")));
        GitHubOutbox outbox = new GitHubOutbox(client, FAST_RETRY, 10, Duration.ofSeconds(1));
        try {
            IssueComment first = new PullRequestCommenter(client, outbox).upsert(42, plan());

            assertThat(first.htmlUrl()).isEqualTo("https://gitea.acme.example/acme/infra/pulls/42#issuecomment-12");
            gitea.verify(postRequestedFor(urlEqualTo(comments)).withRequestBody(
                    equalToJson(JSON.createObjectNode().put("body", PullRequestComment.render(plan(), client.commentLimit())).toString())));

            PullRequestPlan next = new PullRequestPlan(SHA, List.of(), List.of("districts/main.yml:4:13: cidr_block: not a CIDR block"));
            gitea.stubFor(get(urlEqualTo(comments)).willReturn(aResponse().withStatus(200).withBody(JSON.createArrayNode()
                    .add(JSON.createObjectNode().put("id", 12).put("body", PullRequestComment.render(plan(), client.commentLimit()))).toString())));
            gitea.stubFor(patch(urlEqualTo("/api/v1/repos/acme/infra/issues/comments/12")).willReturn(aResponse().withStatus(200)
                    .withBody("{\"id\": 12, \"body\": \"\"}")));

            new PullRequestCommenter(client, outbox).upsert(42, next);

            gitea.verify(patchRequestedFor(urlEqualTo("/api/v1/repos/acme/infra/issues/comments/12")).withRequestBody(
                    equalToJson(JSON.createObjectNode().put("body", PullRequestComment.render(next, client.commentLimit())).toString())));
            gitea.verify(1, postRequestedFor(urlEqualTo(comments)));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> gitea.verify(postRequestedFor(urlPathMatching(".*/statuses/" + SHA))
                    .withRequestBody(equalToJson("{\"context\": \"rambla/plan\", \"state\": \"failure\"}", true, true))));
        } finally {
            outbox.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aCommentIsCutToWhatGiteaStoresInBytesNotOnlyInCharacters() {
        String wide = "界".repeat(40_000);
        String capped = PullRequestComment.render(new PullRequestPlan(SHA, List.of(), List.of(wide)), client.commentLimit());

        assertThat(capped.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(GiteaClient.COMMENT_LIMIT.utf8Bytes());
        assertThat(capped).endsWith("… (cut: the plan is longer than a comment can hold)\n");
    }

    @Test
    void openPullRequestsIntoABranchAreFilteredFromTheList() {
        gitea.stubFor(get(urlEqualTo("/api/v1/repos/acme/infra/pulls?state=open&limit=50")).willReturn(aResponse().withStatus(200)
                .withBody("[{\"number\": 5, \"head\": {\"sha\": \"bbb222\"}, \"base\": {\"ref\": \"main\"}},"
                        + " {\"number\": 6, \"head\": {\"sha\": \"ccc333\"}, \"base\": {\"ref\": \"release\"}},"
                        + " {\"number\": 7, \"head\": {\"sha\": \"ddd444\"}}]")));

        assertThat(client.listOpenPullRequests("main")).containsExactly(new PullRequest(5, "bbb222"));
        assertThat(client.mergeRef(5)).as("Gitea keeps no merge result").isEmpty();
    }

    @Test
    void openPullRequestsAreListed() {
        gitea.stubFor(get(urlEqualTo("/api/v1/repos/acme/infra/pulls?state=open&limit=50")).willReturn(aResponse().withStatus(200)
                .withBody("[{\"number\": 5, \"state\": \"open\", \"head\": {\"ref\": \"bigger\", \"sha\": \"bbb222\"}}]")));

        assertThat(client.listOpenPullRequests()).containsExactly(new PullRequest(5, "bbb222"));
        assertThat(client.headRef(5)).isEqualTo("refs/pull/5/head");
    }

    @Test
    void a429IsTransientUntilRetryAfterAndOtherRefusalsAreFinal() {
        Instant now = Instant.parse("2026-11-26T03:00:00Z");
        var fixed = new GiteaClient(URI.create(gitea.baseUrl() + "/api/v1"), "acme/infra", Secret.of(TOKEN), Duration.ofSeconds(5),
                Clock.fixed(now, ZoneOffset.UTC));
        CommitStatus status = new CommitStatus(CommitStatus.State.PENDING, null, null, "rambla");

        gitea.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")));
        assertThatThrownBy(() -> fixed.createStatus(SHA, status)).isInstanceOfSatisfying(GitHubException.Transient.class,
                e -> assertThat(e.retryAt()).contains(now.plusSeconds(20)));

        gitea.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(429)));
        assertThatThrownBy(() -> fixed.createStatus(SHA, status)).isInstanceOfSatisfying(GitHubException.Transient.class,
                e -> assertThat(e.retryAt()).contains(now.plusSeconds(60)));

        gitea.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(404)
                .withBody("{\"message\": \"token " + TOKEN + " cannot see this repository\"}")));
        assertThatThrownBy(() -> fixed.createStatus(SHA, status)).isInstanceOfSatisfying(GitHubException.Terminal.class,
                e -> assertThat(e.getMessage()).contains("404").doesNotContain(TOKEN));
    }

    @Test
    void theOutboxRetriesARateLimitedStatusUntilGiteaTakesIt() {
        gitea.stubFor(post(urlPathMatching(".*/statuses/.*")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("open"));
        gitea.stubFor(post(urlPathMatching(".*/statuses/.*")).inScenario("limit").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(201).withBody("{}")));
        GitHubOutbox outbox = new GitHubOutbox(client, FAST_RETRY, 10, Duration.ofSeconds(5));
        try {
            outbox.status(SHA, new CommitStatus(CommitStatus.State.SUCCESS, null, "up to date", "rambla/district/main"));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                gitea.verify(2, postRequestedFor(urlPathMatching(".*/statuses/" + SHA)));
                assertThat(outbox.backlog()).isZero();
            });
        } finally {
            outbox.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aRepositoryThatCouldEscapeItsPathIsRefused() {
        for (String bad : new String[] {"../..", "acme/..", "./infra", "acme", "acme/infra/x", "acme/infra?x=1", ""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> new GiteaClient(URI.create(gitea.baseUrl()), bad, Secret.of(TOKEN), Duration.ofSeconds(1)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static PullRequestPlan plan() {
        return new PullRequestPlan(SHA, List.of(), List.of());
    }
}
