package io.rambla.status.github;

import io.rambla.githost.CommitStatus;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.rambla.status.github.FakeGitHub.PUBLIC_URL;
import static io.rambla.status.github.FakeGitHub.SHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.rambla.supervise.Workers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubOutboxTest {

    private static final String STATUSES = "/repos/acme/infra/statuses/.*";

    private FakeGitHub github;
    private GitHubOutbox outbox;

    @BeforeEach
    void start() {
        github = new FakeGitHub();
        outbox = github.outbox();
    }

    @AfterEach
    void stop() {
        outbox.close(Duration.ofSeconds(1));
        github.close();
    }

    private static CommitStatus status(String context, CommitStatus.State state) {
        return new CommitStatus(state, PUBLIC_URL + "/api/units", "some words", context);
    }

    /** The first answer is {@code first}, every later one 201. */
    private void answerFirstWith(ResponseDefinitionBuilder first) {
        github.server.stubFor(post(urlPathMatching(STATUSES)).inScenario("once").whenScenarioStateIs(STARTED)
                .willReturn(first).willSetStateTo("recovered"));
        github.server.stubFor(post(urlPathMatching(STATUSES)).inScenario("once").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(201).withBody("{}")));
    }

    @Test
    void aWriteThatKillsTheSendingThreadIsReportedDownAndTheRestartedThreadSendsTheNextWrite() {
        Workers workers = new Workers(java.time.Clock.systemUTC(), Duration.ofMillis(300), Duration.ofSeconds(1));
        GitHubOutbox supervised = new GitHubOutbox(github.client(), FakeGitHub.FAST_RETRY, 100, Duration.ofSeconds(5), workers);
        try {
            supervised.submit("poison", () -> {
                throw new StackOverflowError("a write that kills its thread");
            });
            supervised.status(SHA, status("rambla", CommitStatus.State.SUCCESS));

            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() -> !workers.down().isEmpty());
            assertThat(workers.down()).singleElement().satisfies(w -> assertThat(w.name()).isEqualTo(GitHubOutbox.WORKER));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(github.statusRequests()).hasSize(1));
            assertThat(workers.down()).isEmpty();
            assertThat(workers.all()).singleElement().satisfies(w -> assertThat(w.deaths()).isEqualTo(1));
        } finally {
            supervised.close(Duration.ofSeconds(1));
        }
        assertThat(workers.all()).as("closed on purpose: no longer a worker").isEmpty();
    }

    @Test
    void aServerErrorIsRetriedAndTheStatusArrives() {
        answerFirstWith(aResponse().withStatus(502).withBody("{\"message\":\"Server Error\"}"));

        outbox.status(SHA, status("rambla", CommitStatus.State.PENDING));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusRequests()).hasSize(2));
        assertThat(github.server.getAllScenarios().getScenarios().get(0).getState()).isEqualTo("recovered");
    }

    @Test
    void anExhaustedRateLimitIsWaitedOutUntilItsReset() {
        long reset = Instant.now().plusSeconds(1).getEpochSecond();
        answerFirstWith(aResponse().withStatus(403)
                .withHeader("x-ratelimit-limit", "5000")
                .withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", Long.toString(reset))
                .withBody("{\"message\":\"API rate limit exceeded for user ID 1.\","
                        + "\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}"));

        outbox.status(SHA, status("rambla", CommitStatus.State.PENDING));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusRequests()).hasSize(2));
        LoggedRequest retry = github.statusRequests().get(1);
        assertThat(retry.getLoggedDate().toInstant()).isAfterOrEqualTo(Instant.ofEpochSecond(reset));
    }

    @Test
    void aSecondaryRateLimitIsWaitedOutForItsRetryAfter() {
        answerFirstWith(aResponse().withStatus(429).withHeader("retry-after", "1")
                .withBody("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}"));

        outbox.status(SHA, status("rambla", CommitStatus.State.PENDING));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusRequests()).hasSize(2));
        List<LoggedRequest> requests = github.statusRequests();
        Duration between = Duration.between(requests.get(0).getLoggedDate().toInstant(), requests.get(1).getLoggedDate().toInstant());
        assertThat(between).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRefusedStatusIsNotRetriedAndDoesNotHoldUpTheNextOne() {
        answerFirstWith(aResponse().withStatus(422).withBody("{\"message\":\"Validation Failed\"}"));

        outbox.status(SHA, status("rambla/district/main", CommitStatus.State.FAILURE));
        outbox.status(SHA, status("rambla", CommitStatus.State.FAILURE));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusLines()).containsExactly(
                "rambla/district/main failure: some words",
                "rambla failure: some words"));
    }

    @Test
    void aStatusThatCouldNotBeSentMayBeQueuedAgain() {
        answerFirstWith(aResponse().withStatus(422));
        outbox.status(SHA, status("rambla", CommitStatus.State.SUCCESS));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusRequests()).hasSize(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.backlog() == 0);

        outbox.status(SHA, status("rambla", CommitStatus.State.SUCCESS));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusRequests()).hasSize(2));
    }

    @Test
    void retriesStopAfterTheLastAttempt() {
        github.server.stubFor(post(urlPathMatching(STATUSES)).willReturn(aResponse().withStatus(503)));

        outbox.status(SHA, status("rambla", CommitStatus.State.PENDING));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusRequests()).hasSize(FakeGitHub.FAST_RETRY.maxAttempts()));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.backlog() == 0);
        assertThat(github.statusRequests()).hasSize(FakeGitHub.FAST_RETRY.maxAttempts());
    }

    @Test
    void closingSendsWhatIsQueued() {
        github.server.stubFor(post(urlPathMatching(STATUSES)).willReturn(aResponse().withStatus(201).withFixedDelay(50)));
        for (int i = 0; i < 5; i++) {
            outbox.status(SHA, status("rambla/unit-" + i, CommitStatus.State.SUCCESS));
        }

        outbox.close(Duration.ofSeconds(5));

        assertThat(github.statusRequests()).hasSize(5);
    }

    @Test
    void closingGivesUpAtTheDeadlineWhenGitHubIsDown() {
        github.server.stubFor(post(urlPathMatching(STATUSES)).willReturn(aResponse().withStatus(429).withHeader("retry-after", "60")));
        outbox.status(SHA, status("rambla", CommitStatus.State.PENDING));
        outbox.status(SHA, status("rambla/district/main", CommitStatus.State.PENDING));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusRequests()).isNotEmpty());

        long started = System.nanoTime();
        outbox.close(Duration.ofMillis(500));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(outbox.backlog()).isZero();
    }

    @Test
    void statusesAFullQueueCouldNotTakeAreSentOnceItEmpties() throws Exception {
        github.server.stubFor(post(urlPathMatching(STATUSES)).willReturn(aResponse().withStatus(201).withBody("{}")));
        GitHubOutbox small = new GitHubOutbox(github.client(), FakeGitHub.FAST_RETRY, 2, Duration.ofSeconds(5));
        try {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            small.submit("a slow comment", () -> {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();

            small.status(SHA, status("rambla/a", CommitStatus.State.SUCCESS));
            small.status(SHA, status("rambla/b", CommitStatus.State.SUCCESS));
            small.status(SHA, status("rambla/c", CommitStatus.State.FAILURE));
            small.status(SHA, status("rambla", CommitStatus.State.PENDING));
            // A later status for a context set aside replaces the one waiting: only the latest is sent.
            small.status(SHA, status("rambla", CommitStatus.State.FAILURE));
            assertThat(small.setAside()).isEqualTo(2);
            release.countDown();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusLines()).containsExactlyInAnyOrder(
                    "rambla/a success: some words", "rambla/b success: some words",
                    "rambla/c failure: some words", "rambla failure: some words"));
            assertThat(small.setAside()).isZero();
            // Once sent, the same status is a duplicate again.
            small.status(SHA, status("rambla/c", CommitStatus.State.FAILURE));
            await().atMost(Duration.ofSeconds(10)).until(() -> small.backlog() == 0);
            assertThat(github.statusRequests()).hasSize(4);
        } finally {
            small.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aStatusSetAsideIsNotOverruledByAnOlderDuplicate() throws Exception {
        github.server.stubFor(post(urlPathMatching(STATUSES)).willReturn(aResponse().withStatus(201).withBody("{}")));
        GitHubOutbox small = new GitHubOutbox(github.client(), FakeGitHub.FAST_RETRY, 1, Duration.ofSeconds(5));
        try {
            small.status(SHA, status("rambla", CommitStatus.State.PENDING));
            await().atMost(Duration.ofSeconds(10)).until(() -> small.backlog() == 0);
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            small.submit("a slow comment", () -> {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            small.status(SHA, status("rambla/filler", CommitStatus.State.SUCCESS));
            small.status(SHA, status("rambla", CommitStatus.State.FAILURE));
            assertThat(small.setAside()).isEqualTo(1);
            // The same status as the one already sent, but newer than the one set aside: it wins.
            small.status(SHA, status("rambla", CommitStatus.State.PENDING));
            release.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> small.backlog() == 0 && small.setAside() == 0);
            List<String> lines = github.statusLines();
            assertThat(lines.get(lines.size() - 1)).isEqualTo("rambla pending: some words");
            assertThat(lines).doesNotContain("rambla failure: some words");
        } finally {
            small.close(Duration.ofSeconds(1));
        }
    }
}
