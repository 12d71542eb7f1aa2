package io.rambla.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.rambla.support.DaemonProcess;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * A pull request whose head adds 5,000 apps, sent to a real daemon in its own JVM with the JVM
 * options (and so the heap cap) of {@code deploy/rambla.template.json}: the plan comment on the
 * WireMock GitHub refuses it naming the file cap and the count, {@code /health} answers 200 the
 * whole time, and the next push to the tracked branch is still applied and reported.
 */
class BigPullRequestIT {

    private static final int APPS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void aFiveThousandAppPullRequestIsRefusedWhileTheDaemonStaysHealthyAndAppliesTheNextPush() throws Exception {
        Emulator.requireRunning();
        List<String> javaOptions = List.of(JSON.readTree(Path.of(System.getProperty("basedir", "."))
                        .resolve("../deploy/rambla.template.json").toFile())
                .path("Parameters").path("JavaOptions").path("Default").asText().split(" "));
        assertThat(javaOptions).anySatisfy(o -> assertThat(o).startsWith("-Xmx"));
        String district = Emulator.uniqueName("bigpr");
        String stack = "rambla-district-" + district;

        WireMockServer github = new WireMockServer(options().dynamicPort());
        github.start();
        github.stubFor(get(urlPathMatching("/repos/acme/infra/issues/\\d+/comments")).willReturn(okJson("[]")));
        github.stubFor(post(urlPathMatching("/repos/acme/infra/issues/\\d+/comments")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 100, \"body\": \"\", \"html_url\": \"https://github.com/acme/infra/pull/42#issuecomment-100\"}")));
        github.stubFor(post(urlPathMatching("/repos/acme/infra/statuses/.*")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        github.stubFor(get(urlPathMatching("/repos/acme/infra/pulls")).willReturn(okJson("[]")));

        GitFixture git = GitFixture.create(temp.resolve("git"), "main");
        git.commitAndPush("An infrastructure repository with nothing to apply yet", Map.of("README.md", "infra\n"));
        // The pull request's head: 5,000 apps, written and staged in one go (GitFixture stages file by file).
        for (int i = 0; i < APPS; i++) {
            Path app = Files.createDirectories(git.workTree().resolve("apps/app" + i));
            Files.writeString(app.resolve("barcelona.yml"), "environments:\n  production:\n    image_name: shop\n");
        }
        try (org.eclipse.jgit.api.Git work = org.eclipse.jgit.api.Git.open(git.workTree().toFile())) {
            work.add().addFilepattern("apps").call();
        }
        String head = git.commitAndPushTo("refs/pull/42/head", "5,000 apps", Map.of("README.md", "infra, bigger\n"));

        CloudFormationClient cloudFormation = Emulator.cloudFormation(new io.rambla.apply.AwsCallCounter());
        try (git; DaemonProcess daemon = DaemonProcess.start("bigpr", temp, Map.of(
                "rambla.git.url", git.url(),
                "rambla.git.workdir", temp.resolve("checkout").toString(),
                "rambla.git.poll-interval", "1h",
                "rambla.aws.endpoint", Emulator.config().endpoint(),
                "rambla.aws.region", Emulator.config().region(),
                "rambla.github.api-url", github.baseUrl(),
                "rambla.github.repository", "acme/infra",
                "rambla.github.token", "ghp_big_pull_request_it",
                "rambla.github.webhook-secret", Payloads.SECRET), javaOptions)) {
            try {
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(daemon::healthy);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the daemon did not start:\n" + daemon.logTail(30), e);
            }

            AtomicBoolean watching = new AtomicBoolean(true);
            AtomicLong healthChecks = new AtomicLong();
            java.util.concurrent.atomic.LongAccumulator peakRss = new java.util.concurrent.atomic.LongAccumulator(Math::max, daemon.residentBytes());
            List<String> healthFailures = Collections.synchronizedList(new ArrayList<>());
            Thread watcher = new Thread(() -> {
                while (watching.get()) {
                    if (!daemon.healthy()) {
                        healthFailures.add("not UP after " + healthChecks.get() + " checks");
                    }
                    healthChecks.incrementAndGet();
                    peakRss.accumulate(daemon.residentBytes());
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "health-watcher");
            watcher.start();
            long started = System.nanoTime();
            try {
                // The pull request: refused with one clear comment and a failing plan status.
                byte[] opened = new String(Payloads.load("pull_request-opened.json"), StandardCharsets.UTF_8)
                        .replace("c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", head).getBytes(StandardCharsets.UTF_8);
                assertThat(deliver(daemon, "pull_request", opened)).isEqualTo(202);
                JsonNode plan = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                        .until(() -> status(github, head, "rambla/plan"), s -> s != null);
                long planMillis = (System.nanoTime() - started) / 1_000_000;
                List<String> comments = github.findAll(postRequestedFor(urlPathMatching("/repos/acme/infra/issues/42/comments"))).stream()
                        .map(r -> body(r.getBodyAsString()).path("body").asText()).toList();
                assertThat(plan.path("state").asText()).as("plan status %s, comments %s", plan, comments).isEqualTo("failure");
                assertThat(comments).hasSize(1);
                assertThat(comments.get(0)).contains("the repository has " + APPS
                        + " barcelona.yml files, more than the limit of 2000; nothing was loaded");

                // The next push to main is applied on the emulator and reported on its commit.
                String pushed = git.commitAndPush("add a district", Map.of(
                        "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.62.0.0/16\n"));
                byte[] push = new String(Payloads.load("push-main.json"), StandardCharsets.UTF_8)
                        .replace("4f2c9e1a7b3d5c8e0f1a2b3c4d5e6f708192a3b4", pushed).getBytes(StandardCharsets.UTF_8);
                assertThat(deliver(daemon, "push", push)).isEqualTo(202);
                JsonNode unitStatus = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> status(github, pushed, "rambla/district/" + district), s -> s != null && !s.path("state").asText().equals("pending"));
                assertThat(unitStatus.path("state").asText()).as("%s%n%s", unitStatus, daemon.logTail(30)).isEqualTo("success");
                assertThat(cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString())
                        .isEqualTo("CREATE_COMPLETE");
                System.out.printf("big pull request: plan refused after %d ms; push applied and reported after %d ms in all; "
                                + "/health checked %d times, failures %s; daemon peak RSS %d MB (JVM options %s)%n",
                        planMillis, (System.nanoTime() - started) / 1_000_000, healthChecks.get(), healthFailures,
                        peakRss.get() >> 20, javaOptions);
            } finally {
                watching.set(false);
                watcher.join();
            }
            assertThat(daemon.alive()).isTrue();
            assertThat(healthChecks.get()).isPositive();
            assertThat(healthFailures).as("/health failures, log:%n%s", daemon.logTail(30)).isEmpty();
        } finally {
            try {
                cloudFormation.deleteStack(r -> r.stackName(stack));
            } finally {
                cloudFormation.close();
                github.stop();
            }
        }
    }

    private static int deliver(DaemonProcess daemon, String event, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + "/webhooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", UUID.randomUUID().toString()).header("X-Hub-Signature-256", Payloads.sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(10)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The last commit status posted for {@code sha} under {@code context}, or null. */
    private static JsonNode status(WireMockServer github, String sha, String context) {
        return github.findAll(postRequestedFor(urlPathMatching("/repos/acme/infra/statuses/" + sha))).stream()
                .map(r -> body(r.getBodyAsString()))
                .filter(s -> s.path("context").asText().equals(context))
                .reduce((first, second) -> second).orElse(null);
    }

    private static JsonNode body(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
