package io.rambla.githost.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GitLab adapter against a WireMock GitLab. Request and answer shapes follow GitLab's REST
 * documentation: https://docs.gitlab.com/api/commits/#set-the-pipeline-status-of-a-commit,
 * https://docs.gitlab.com/api/notes/#merge-requests,
 * https://docs.gitlab.com/api/merge_requests/#list-project-merge-requests and, for rate limits,
 * https://docs.gitlab.com/administration/settings/user_and_ip_rate_limits/#response-headers.
 */
class GitLabClientTest {

    static final String TOKEN = "glpat-TestTokenThatMustNeverBeLogged01";
    static final String SHA = "4f2c9e1a7b3d5c8e0f1a2b3c4d5e6f708192a3b4";
    /** The project path {@code acme/infra}, URL-encoded as the API wants it. */
    static final String PROJECT = "/api/v4/projects/acme%2Finfra";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final RetryPolicy FAST_RETRY = new RetryPolicy(4, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0), Duration.ofSeconds(5));

    private final WireMockServer gitlab = new WireMockServer(options().dynamicPort());
    private GitLabClient client;

    @BeforeEach
    void start() {
        gitlab.start();
        client = new GitLabClient(URI.create(gitlab.baseUrl() + "/api/v4"), "acme/infra", Secret.of(TOKEN), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        gitlab.stop();
    }

    @Test
    void aStatusIsPostedWithGitLabsFieldsAndStateWordsAndTheTokenInPrivateToken() {
        gitlab.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(201).withBody("{\"id\":93,\"status\":\"failed\"}")));

        client.createStatus(SHA, new CommitStatus(CommitStatus.State.ERROR, "https://rambla.acme.example/api/units/district/main",
                "the sync ended before this unit finished", "rambla/district/main"));

        gitlab.verify(postRequestedFor(urlEqualTo(PROJECT + "/statuses/" + SHA))
                .withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
                .withRequestBody(equalToJson("""
                        {"state": "failed", "name": "rambla/district/main",
                         "target_url": "https://rambla.acme.example/api/units/district/main",
                         "description": "the sync ended before this unit finished"}""")));
        assertThat(GitLabClient.state(CommitStatus.State.PENDING)).isEqualTo("pending");
        assertThat(GitLabClient.state(CommitStatus.State.SUCCESS)).isEqualTo("success");
        assertThat(GitLabClient.state(CommitStatus.State.FAILURE)).isEqualTo("failed");
    }

    @Test
    void aStatusAlreadyInTheAskedStateIsNotAFailure() {
        gitlab.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(400)
                .withBody("{\"message\":\"Cannot transition status via :enqueue from :pending (Reason(s): Status cannot transition via \\\"enqueue\\\")\"}")));

        client.createStatus(SHA, new CommitStatus(CommitStatus.State.PENDING, null, "applying stack x", "rambla/district/main"));

        gitlab.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(400)
                .withBody("{\"message\":\"400 Bad request - state does not have a valid value\"}")));
        assertThatThrownBy(() -> client.createStatus(SHA, new CommitStatus(CommitStatus.State.PENDING, null, null, "rambla")))
                .isInstanceOf(GitHubException.Terminal.class);
    }

    @Test
    void aNameLongerThanGitLabStoresIsCutButStaysDistinct() {
        String a = "rambla/app/" + "x".repeat(300) + "/a";
        String b = "rambla/app/" + "x".repeat(300) + "/b";

        assertThat(GitLabClient.name(a)).hasSize(GitLabClient.MAX_NAME).isNotEqualTo(GitLabClient.name(b));
        assertThat(GitLabClient.name("rambla/district/main")).isEqualTo("rambla/district/main");
    }

    @Test
    void thePlanNoteIsCreatedOnceAndThenEditedInPlace() {
        gitlab.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(201).withBody("{}")));
        String notes = PROJECT + "/merge_requests/42/notes";
        // A system note and a person's note: neither is ours.
        gitlab.stubFor(get(urlEqualTo(notes + "?sort=asc&order_by=created_at&per_page=100")).inScenario("notes")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(200).withBody("""
                        [{"id": 301, "body": "added 1 commit", "system": true},
                         {"id": 302, "body": "LGTM once the plan is green", "system": false}]""")));
        gitlab.stubFor(post(urlEqualTo(notes)).willReturn(aResponse().withStatus(201).withBody("{\"id\": 303, \"body\": \"\", \"system\": false}")));
        GitHubOutbox outbox = new GitHubOutbox(client, FAST_RETRY, 10, Duration.ofSeconds(1));
        try {
            IssueComment first = new PullRequestCommenter(client, outbox).upsert(42, plan());

            assertThat(first.id()).isEqualTo(303);
            assertThat(first.htmlUrl()).isEqualTo(gitlab.baseUrl() + "/acme/infra/-/merge_requests/42#note_303");
            gitlab.verify(postRequestedFor(urlEqualTo(notes)).withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
                    .withRequestBody(equalToJson(JSON.createObjectNode().put("body", PullRequestComment.render(plan())).toString())));

            // The next push: GitLab lists our note, and a changed plan edits it with PUT.
            PullRequestPlan next = new PullRequestPlan(SHA, List.of(), List.of("districts/main.yml:4:13: cidr_block: not a CIDR block"));
            gitlab.stubFor(get(urlEqualTo(notes + "?sort=asc&order_by=created_at&per_page=100")).willReturn(aResponse().withStatus(200)
                    .withBody(JSON.createArrayNode().add(JSON.createObjectNode().put("id", 303).put("body", PullRequestComment.render(plan()))
                            .put("system", false)).toString())));
            gitlab.stubFor(put(urlEqualTo(notes + "/303")).willReturn(aResponse().withStatus(200).withBody("{\"id\": 303, \"body\": \"\"}")));

            new PullRequestCommenter(client, outbox).upsert(42, next);

            gitlab.verify(putRequestedFor(urlEqualTo(notes + "/303"))
                    .withRequestBody(equalToJson(JSON.createObjectNode().put("body", PullRequestComment.render(next, client.commentLimit())).toString())));
            gitlab.verify(1, postRequestedFor(urlEqualTo(notes)));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> gitlab.verify(postRequestedFor(urlEqualTo(PROJECT + "/statuses/" + SHA))
                    .withRequestBody(equalToJson("{\"name\": \"rambla/plan\", \"state\": \"failed\"}", true, true))));
        } finally {
            outbox.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void openMergeRequestsAreListedByIidAndHeadSha() {
        gitlab.stubFor(get(urlEqualTo(PROJECT + "/merge_requests?state=opened&per_page=100")).willReturn(aResponse().withStatus(200)
                .withBody("[{\"id\": 84, \"iid\": 12, \"state\": \"opened\", \"sha\": \"aaa111\"}]")));

        assertThat(client.listOpenPullRequests()).containsExactly(new PullRequest(12, "aaa111"));
        assertThat(client.headRef(12)).isEqualTo("refs/merge-requests/12/head");
    }

    @Test
    void openMergeRequestsIntoABranchAreAskedForAndCheckedAgain() {
        // GitLab is asked to filter; an entry into another branch in the answer is dropped all the same.
        gitlab.stubFor(get(urlEqualTo(PROJECT + "/merge_requests?state=opened&target_branch=main&per_page=100")).willReturn(aResponse()
                .withStatus(200).withBody("[{\"iid\": 12, \"sha\": \"aaa111\", \"target_branch\": \"main\"},"
                        + " {\"iid\": 13, \"sha\": \"bbb222\", \"target_branch\": \"release\"}]")));

        assertThat(client.listOpenPullRequests("main")).containsExactly(new PullRequest(12, "aaa111"));
        assertThat(client.mergeRef(12)).contains("refs/merge-requests/12/merge");
    }

    @Test
    void aRateLimitWaitsForRetryAfterElseRateLimitResetAndAServerErrorIsTransient() {
        Instant now = Instant.parse("2026-11-26T03:00:00Z");
        var fixed = new GitLabClient(URI.create(gitlab.baseUrl() + "/api/v4"), "1234", Secret.of(TOKEN), Duration.ofSeconds(5),
                Clock.fixed(now, ZoneOffset.UTC));
        CommitStatus status = new CommitStatus(CommitStatus.State.PENDING, null, null, "rambla");

        gitlab.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withHeader("RateLimit-Reset", Long.toString(now.getEpochSecond() + 600))
                .withBody("{\"message\":\"Retry later " + TOKEN + "\"}")));
        assertThatThrownBy(() -> fixed.createStatus(SHA, status)).isInstanceOfSatisfying(GitHubException.Transient.class, e -> {
            assertThat(e.retryAt()).contains(now.plusSeconds(30));
            assertThat(e.getMessage()).contains("POST /api/v4/projects/1234/statuses/" + SHA, "429").doesNotContain(TOKEN);
        });

        gitlab.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(429)
                .withHeader("RateLimit-Reset", Long.toString(now.getEpochSecond() + 600))));
        assertThatThrownBy(() -> fixed.createStatus(SHA, status)).isInstanceOfSatisfying(GitHubException.Transient.class,
                e -> assertThat(e.retryAt()).contains(now.plusSeconds(600)));

        gitlab.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(502)));
        assertThatThrownBy(() -> fixed.createStatus(SHA, status)).isInstanceOf(GitHubException.Transient.class);

        gitlab.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(403).withBody("{\"message\":\"403 Forbidden\"}")));
        assertThatThrownBy(() -> fixed.createStatus(SHA, status)).isInstanceOf(GitHubException.Terminal.class);
    }

    @Test
    void theOutboxRetriesARateLimitedStatusUntilGitLabTakesIt() {
        gitlab.stubFor(post(urlPathMatching(".*/statuses/.*")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("open"));
        gitlab.stubFor(post(urlPathMatching(".*/statuses/.*")).inScenario("limit").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(201).withBody("{}")));
        GitHubOutbox outbox = new GitHubOutbox(client, FAST_RETRY, 10, Duration.ofSeconds(5));
        try {
            outbox.status(SHA, new CommitStatus(CommitStatus.State.SUCCESS, null, "up to date", "rambla/district/main"));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                gitlab.verify(2, postRequestedFor(urlEqualTo(PROJECT + "/statuses/" + SHA)));
                assertThat(outbox.backlog()).isZero();
            });
        } finally {
            outbox.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aProjectThatCouldEscapeItsPathIsRefused() {
        for (String bad : new String[] {"../../users", "acme/../admin", "acme", "acme/infra?x=1", " ", "acme/infra/../x"}) {
            assertThatThrownBy(() -> new GitLabClient(URI.create(gitlab.baseUrl()), bad, Secret.of(TOKEN), Duration.ofSeconds(1)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static PullRequestPlan plan() {
        return new PullRequestPlan(SHA, List.of(), List.of());
    }
}
