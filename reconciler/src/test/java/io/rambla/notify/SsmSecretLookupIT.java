package io.rambla.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.support.Emulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Notification secrets read from the emulator's SSM: a parameter by path and by ARN, a Secrets Manager secret by ARN, kept for the TTL. */
class SsmSecretLookupIT {

    private SsmClient ssm;
    private final String name = Emulator.uniqueName("notify-secret");

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-26T05:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        Emulator.requireRunning();
        ssm = AwsClientFactory.ssm(Emulator.config(), new AwsCallCounter());
    }

    @AfterEach
    void tearDown() {
        ssm.close();
    }

    @Test
    void a_parameter_is_read_by_path_and_by_arn_decrypted_and_kept_for_the_ttl() {
        String path = "/it/" + name + "/slack";
        ssm.putParameter(b -> b.name(path).value("https://hooks.slack.com/services/T0/B0/one").type(ParameterType.SECURE_STRING).overwrite(true));
        MovableClock clock = new MovableClock();
        var lookup = new SsmSecretLookup(region -> ssm, Emulator.REGION, Duration.ofMinutes(5), clock);

        assertThat(lookup.read(path).reveal()).isEqualTo("https://hooks.slack.com/services/T0/B0/one");
        String arn = ssm.getParameter(b -> b.name(path)).parameter().arn();
        assertThat(lookup.read(arn).reveal()).isEqualTo("https://hooks.slack.com/services/T0/B0/one");

        ssm.putParameter(b -> b.name(path).value("https://hooks.slack.com/services/T0/B0/two").type(ParameterType.SECURE_STRING).overwrite(true));
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThat(lookup.read(path).reveal()).as("within the TTL").endsWith("/one");
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(lookup.read(path).reveal()).as("after the TTL: a rotated URL is picked up").endsWith("/two");
    }

    @Test
    void a_secrets_manager_secret_is_read_through_ssm_by_its_full_arn() throws Exception {
        String arn = createSecret(name, "https://hooks.example.com/webhook/abc");
        var lookup = new SsmSecretLookup(region -> ssm, Emulator.REGION, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(lookup.read(arn).reveal()).isEqualTo("https://hooks.example.com/webhook/abc");
    }

    @Test
    void a_missing_secret_is_an_error_naming_the_reference() {
        var lookup = new SsmSecretLookup(region -> ssm, Emulator.REGION, Duration.ofMinutes(5), Clock.systemUTC());
        assertThatThrownBy(() -> lookup.read("/it/" + name + "/missing"))
                .hasMessage("secret /it/" + name + "/missing does not exist in " + Emulator.REGION);
    }

    /** The SDK has no Secrets Manager client in this build: one JSON call, which the emulator accepts unsigned. */
    private static String createSecret(String secretName, String value) throws Exception {
        String body = "{\"Name\":\"" + secretName + "\",\"SecretString\":\"" + value + "\",\"ClientRequestToken\":\"" + UUID.randomUUID() + "\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(Emulator.ENDPOINT + "/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "secretsmanager.CreateSecret")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261126/" + Emulator.REGION
                        + "/secretsmanager/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String arn = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("ARN").asText();
        assertThat(arn).startsWith("arn:aws:secretsmanager:" + Emulator.REGION + ":").contains(":secret:" + secretName + "-");
        return arn;
    }
}
