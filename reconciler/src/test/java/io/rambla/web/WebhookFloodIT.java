package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.support.DaemonProcess;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flood that once took the daemon down: 400 connections at once, each sending a ~1 MB body to
 * {@code /webhooks/github} three times over, against a real daemon in its own JVM with the JVM
 * options of {@code deploy/rambla.template.json}. Half the bodies carry no signature, half a forged
 * one with a delivery id (so they get past the header checks and compete for the bounded slots).
 * The flood comes from a process of its own at the lowest CPU priority, as from another machine.
 * Throughout, {@code /health} must answer within a second and the daemon's resident memory (VmRSS)
 * stay under the heap cap plus 100 MB; afterwards a genuine delivery is still served.
 */
class WebhookFloodIT {

    private static final int CONNECTIONS = 400;
    private static final int BODY_BYTES = 1_000_000;
    /** Each connection's delivery is sent this many times, one after another, so the flood lasts. */
    private static final int ROUNDS = 3;

    @TempDir
    Path temp;

    @Test
    void four_hundred_concurrent_one_megabyte_bodies_leave_health_answering_within_a_second_and_memory_bounded() throws Exception {
        Emulator.requireRunning();
        // Exactly the JVM options deploy/rambla.template.json runs the daemon with, its heap cap among them.
        List<String> javaOptions = List.of(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of(System.getProperty("basedir", ".")).resolve("../deploy/rambla.template.json").toFile())
                .path("Parameters").path("JavaOptions").path("Default").asText().split(" "));
        if (System.getenv("RAMBLA_FLOOD_GC_LOG") != null) { // to see pauses when a run is slow
            javaOptions = new ArrayList<>(javaOptions);
            javaOptions.add("-Xlog:gc,safepoint:file=" + System.getenv("RAMBLA_FLOOD_GC_LOG"));
        }
        long heapCap = javaOptions.stream().filter(o -> o.startsWith("-Xmx")).map(o -> o.substring(4))
                .mapToLong(WebhookFloodIT::bytes).findFirst().orElseThrow();
        GitFixture git = GitFixture.create(temp.resolve("git"), "main");
        git.commitAndPush("An infrastructure repository with nothing to apply yet", Map.of("README.md", "infra\n"));
        try (git; DaemonProcess daemon = DaemonProcess.start("flood", temp, Map.of(
                "rambla.git.url", git.url(),
                "rambla.git.workdir", temp.resolve("checkout").toString(),
                "rambla.git.poll-interval", "1h",
                "rambla.aws.endpoint", Emulator.config().endpoint(),
                "rambla.aws.region", Emulator.config().region(),
                "rambla.github.webhook-secret", Payloads.SECRET,
                "rambla.github.webhook-max-bytes", "1048576"), javaOptions)) {
            try {
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(daemon::healthy);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the daemon did not start:\n" + daemon.logTail(30), e);
            }
            long idleRss = daemon.residentBytes();

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.discarding()); // the client's own first-call cost is not the daemon's
            AtomicBoolean flooding = new AtomicBoolean(true);
            LongAccumulator slowestHealth = new LongAccumulator(Math::max, 0);
            LongAccumulator peakRss = new LongAccumulator(Math::max, idleRss);
            AtomicLong healthChecks = new AtomicLong();
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Long> connects = java.util.Collections.synchronizedList(new ArrayList<>());
            List<String> healthFailures = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread watcher = new Thread(() -> {
                while (flooding.get()) {
                    long started = System.nanoTime();
                    long connected = -1;
                    try (java.net.Socket socket = new java.net.Socket()) {
                        socket.connect(new java.net.InetSocketAddress("127.0.0.1", daemon.port()), 1_000);
                        connected = (System.nanoTime() - started) / 1_000_000;
                        socket.setSoTimeout(1_000);
                        socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                        if (!status.equals("HTTP/1.1 200")) {
                            healthFailures.add("answered " + status);
                        }
                    } catch (IOException e) {
                        healthFailures.add(e.getClass().getSimpleName() + " (connected after " + connected + " ms)");
                    }
                    connects.add(connected);
                    long took = (System.nanoTime() - started) / 1_000_000;
                    slowestHealth.accumulate(took);
                    latencies.add(took);
                    healthChecks.incrementAndGet();
                    peakRss.accumulate(daemon.residentBytes());
                    sleepQuietly(50);
                }
            }, "health-watcher");
            watcher.start();

            long floodStarted = System.nanoTime();
            Map<String, Integer> outcomes;
            try {
                outcomes = FloodClient.inProcess(daemon.port(), CONNECTIONS, ROUNDS, BODY_BYTES);
            } finally {
                flooding.set(false);
                watcher.join();
            }
            long floodMillis = (System.nanoTime() - floodStarted) / 1_000_000;

            System.out.printf("flood: %d connections x %d rounds in %d ms, outcomes %s; /health checked %d times, slowest %d ms; RSS idle %d MB, peak %d MB%n",
                    CONNECTIONS, ROUNDS, floodMillis, outcomes, healthChecks.get(), slowestHealth.get(), idleRss >> 20, peakRss.get() >> 20);
            System.out.println("flood: /health latencies (ms) " + latencies + ", of which connecting " + connects + ", failures " + healthFailures);
            assertThat(daemon.alive()).isTrue();
            assertThat(healthFailures).as("failed health checks").isEmpty();
            assertThat(healthChecks.get()).isPositive();
            assertThat(slowestHealth.get()).as("slowest /health answer, ms").isLessThan(1_000);
            assertThat(peakRss.get()).as("peak resident bytes").isLessThan(heapCap + 100L * 1024 * 1024);
            assertThat(outcomes.keySet()).as("no flooding delivery was accepted").allSatisfy(o -> assertThat(o).isNotIn("200", "202"));
            assertThat(outcomes).containsKey("401");

            // Still at work: a genuine delivery is answered.
            byte[] ping = Payloads.load("ping.json");
            HttpResponse<String> pong = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + "/webhooks/github"))
                    .header("Content-Type", "application/json").header("X-GitHub-Event", "ping")
                    .header("X-GitHub-Delivery", UUID.randomUUID().toString()).header("X-Hub-Signature-256", Payloads.sign(ping))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ping)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pong.statusCode()).as(daemon.logTail(20)).isEqualTo(200);
        }
    }

    /** {@code 192m} → bytes. */
    static long bytes(String size) {
        long unit = switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(unit == 1 ? size : size.substring(0, size.length() - 1)) * unit;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
