package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The HTTP server's limits against clients that misbehave on purpose, spoken over raw sockets so
 * a request can stop halfway: refusals on the headers come before the body is read, bodies are
 * capped by the server, slow requests are cut off, and only a few webhook bodies are received at once.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "rambla.github.webhook-secret", value = Payloads.SECRET)
@Property(name = "rambla.github.webhook-max-bytes", value = "65536")
@Property(name = "rambla.http.read-timeout", value = "3s")
@Property(name = "rambla.http.webhooks-in-flight", value = "2")
class HttpLimitsTest {

    @Inject
    EmbeddedServer server;

    @Inject
    RequestLimitsCustomizer limits;

    private RawHttp connect() throws IOException {
        return new RawHttp(server.getPort());
    }

    private static Map<String, String> webhookHeaders(long length, boolean signed, boolean withDelivery) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Content-Length", Long.toString(length));
        headers.put("X-GitHub-Event", "ping");
        if (signed) {
            headers.put("X-Hub-Signature-256", "sha256=" + "0".repeat(64));
        }
        if (withDelivery) {
            headers.put("X-GitHub-Delivery", UUID.randomUUID().toString());
        }
        return headers;
    }

    @Test
    void an_unsigned_webhook_is_refused_on_its_headers_and_the_connection_closed_without_reading_the_body() throws IOException {
        try (RawHttp client = connect()) {
            // Announces 60 kB and sends none of it: the answer cannot depend on the body.
            var answer = client.head("POST", "/webhooks/github", webhookHeaders(60_000, false, true)).readUntilClosed(5_000);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.text()).contains("missing X-Hub-Signature-256");
            assertThat(answer.closed()).as("connection closed after the refusal").isTrue();
        }
    }

    @Test
    void a_webhook_without_a_delivery_id_is_refused_before_its_body_is_read() throws IOException {
        try (RawHttp client = connect()) {
            var answer = client.head("POST", "/webhooks/github", webhookHeaders(60_000, true, false)).readUntilClosed(5_000);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.text()).contains("missing X-GitHub-Delivery");
            assertThat(answer.closed()).isTrue();
        }
    }

    @Test
    void a_percent_encoded_webhook_path_and_a_malformed_length_get_the_same_checks() throws IOException {
        try (RawHttp client = connect()) {
            var answer = client.head("POST", "/%77ebhooks/github", webhookHeaders(60_000, false, true)).readUntilClosed(5_000);
            assertThat(answer.status()).isIn(401, 404);
            assertThat(answer.closed()).isTrue();
        }
        Map<String, String> headers = webhookHeaders(0, true, true);
        headers.put("Content-Length", "12abc");
        try (RawHttp client = connect()) {
            var answer = client.head("POST", "/webhooks/github", headers).readUntilClosed(5_000);
            assertThat(answer.status()).isIn(0, 400);
            assertThat(answer.closed()).isTrue();
        }
        assertThat(RequestLimits.isWebhook("/%77ebhooks/github?a=b")).isTrue();
        assertThat(RequestLimits.isWebhook("/api/sync?next=/webhooks/")).isFalse();
    }

    @Test
    void a_declared_length_over_the_limit_is_refused_before_the_body_is_read() throws IOException {
        try (RawHttp client = connect()) {
            var answer = client.head("POST", "/webhooks/github", webhookHeaders(65_537, true, true)).readUntilClosed(5_000);
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.closed()).isTrue();
        }
    }

    @Test
    void a_chunked_body_that_grows_past_the_limit_is_cut_off_by_the_server() throws IOException {
        Map<String, String> headers = webhookHeaders(0, true, true);
        headers.remove("Content-Length");
        headers.put("Transfer-Encoding", "chunked");
        try (RawHttp client = connect()) {
            client.head("POST", "/webhooks/github", headers);
            byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 8; i++) { // 128 kB, twice the limit
                    client.send(chunk);
                }
                client.send("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closedWhileSending) {
                // the server may close the connection before the client is done: that is the point
            }
            var answer = client.readUntilClosed(5_000);
            assertThat(answer.status()).isIn(0, 413);
            assertThat(answer.closed()).isTrue();
        }
    }

    @Test
    void the_server_takes_no_larger_body_than_a_webhook_anywhere() {
        assertThat(server.getApplicationContext().getProperty("micronaut.server.max-request-size", Long.class)).contains(65_536L);
    }

    @Test
    void a_request_whose_body_stops_arriving_is_answered_408_and_closed_after_the_read_timeout() throws IOException {
        try (RawHttp client = connect()) {
            client.head("POST", "/webhooks/github", webhookHeaders(1_000, true, true)).send(new byte[100]);
            long started = System.nanoTime();
            var answer = client.readUntilClosed(8_000);
            assertThat(answer.closed()).as("closed by the server").isTrue();
            assertThat(answer.status()).isEqualTo(408);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
        }
    }

    @Test
    void a_connection_that_never_sends_a_whole_request_head_is_closed_after_the_read_timeout() throws IOException {
        try (RawHttp client = connect()) {
            client.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            var answer = client.readUntilClosed(8_000);
            assertThat(answer.closed()).isTrue();
            assertThat(answer.status()).isZero();
        }
    }

    @Test
    void an_idle_kept_alive_connection_is_closed_after_the_read_timeout() throws IOException {
        try (RawHttp client = connect()) {
            assertThat(client.head("GET", "/health", Map.of()).readHead(5_000).status()).isEqualTo(200);
            var rest = client.readUntilClosed(8_000); // the body, then nothing until the server closes
            assertThat(rest.closed()).isTrue();
        }
    }

    @Test
    void a_kept_alive_connection_serves_requests_one_after_another() throws IOException {
        try (RawHttp client = connect()) {
            for (int i = 0; i < 3; i++) {
                var answer = client.head("GET", "/health", Map.of()).readHead(5_000);
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.text()).doesNotContainIgnoringCase("connection: close");
                client.readUntilClosed(200); // the body
            }
        }
    }

    @Test
    void past_the_bound_of_webhook_bodies_in_flight_a_delivery_is_refused_503_at_once_and_a_slot_frees_when_one_ends() throws Exception {
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RawHttp client = connect();
                slow.add(client);
                client.head("POST", "/webhooks/github", webhookHeaders(1_000, true, true)).send(new byte[10]);
            }
            await().atMost(Duration.ofSeconds(1)).until(() -> limits.webhooksInFlight() == 2);
            try (RawHttp third = connect()) {
                var answer = third.head("POST", "/webhooks/github", webhookHeaders(1_000, true, true)).readUntilClosed(1_500);
                assertThat(answer.status()).isEqualTo(503);
                assertThat(answer.closed()).isTrue();
            }
            // /health is not a webhook: it is answered whatever the webhooks do.
            try (RawHttp health = connect()) {
                assertThat(health.head("GET", "/health", Map.of()).readHead(1_000).status()).isEqualTo(200);
            }
            slow.remove(0).close();
            await().atMost(Duration.ofSeconds(1)).until(() -> limits.webhooksInFlight() == 1);
            byte[] ping = Payloads.load("ping.json");
            Map<String, String> headers = webhookHeaders(ping.length, true, true);
            headers.put("X-Hub-Signature-256", Payloads.sign(ping));
            try (RawHttp next = connect()) {
                var answer = next.head("POST", "/webhooks/github", headers).send(ping).readHead(5_000);
                assertThat(answer.status()).isEqualTo(200);
            }
        } finally {
            for (RawHttp client : slow) {
                client.close();
            }
        }
        await().atMost(Duration.ofSeconds(1)).until(() -> limits.webhooksInFlight() == 0);
    }

    @Test
    void a_client_that_expects_100_continue_gets_it_and_then_its_answer() throws IOException {
        byte[] ping = Payloads.load("ping.json");
        Map<String, String> headers = webhookHeaders(ping.length, true, true);
        headers.put("X-Hub-Signature-256", Payloads.sign(ping));
        headers.put("Expect", "100-continue");
        try (RawHttp client = connect()) {
            assertThat(client.head("POST", "/webhooks/github", headers).readHead(5_000).status()).isEqualTo(100);
            assertThat(client.send(ping).readHead(5_000).status()).isEqualTo(200);
        }
    }
}
