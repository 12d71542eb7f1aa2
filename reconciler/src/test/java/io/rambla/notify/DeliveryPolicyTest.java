package io.rambla.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-26T05:00:00Z");
    private final DeliveryPolicy policy = new DeliveryPolicy(4, Duration.ofSeconds(2), Duration.ofMinutes(1));

    @Test
    void two_hundreds_are_delivered() {
        assertThat(policy.judge(200, Optional.empty(), 1, NOW)).isInstanceOf(Verdict.Delivered.class);
        assertThat(policy.judge(204, Optional.empty(), 4, NOW)).isInstanceOf(Verdict.Delivered.class);
    }

    @Test
    void a_429_waits_as_long_as_retry_after_says_in_seconds_or_as_a_date() {
        assertThat(policy.judge(429, Optional.of("7"), 1, NOW)).isEqualTo(new Verdict.Retry(Duration.ofSeconds(7), "HTTP 429"));
        assertThat(policy.judge(429, Optional.of("Thu, 26 Nov 2026 05:00:30 GMT"), 1, NOW))
                .isEqualTo(new Verdict.Retry(Duration.ofSeconds(30), "HTTP 429"));
        assertThat(policy.judge(429, Optional.of("3600"), 1, NOW)).isEqualTo(new Verdict.Retry(Duration.ofMinutes(1), "HTTP 429"));
        assertThat(policy.judge(429, Optional.of("soon"), 2, NOW)).isEqualTo(new Verdict.Retry(Duration.ofSeconds(4), "HTTP 429"));
    }

    @Test
    void server_errors_and_silence_back_off_doubling_then_give_up() {
        assertThat(policy.judge(503, Optional.empty(), 1, NOW)).isEqualTo(new Verdict.Retry(Duration.ofSeconds(2), "HTTP 503"));
        assertThat(policy.judge(500, Optional.empty(), 3, NOW)).isEqualTo(new Verdict.Retry(Duration.ofSeconds(8), "HTTP 500"));
        assertThat(policy.judge(502, Optional.empty(), 4, NOW)).isInstanceOf(Verdict.GiveUp.class);
        assertThat(policy.unanswered("timeout", 2)).isEqualTo(new Verdict.Retry(Duration.ofSeconds(4), "timeout"));
        assertThat(policy.unanswered("timeout", 4)).isEqualTo(new Verdict.GiveUp("timeout after 4 attempt(s)"));
        assertThat(new DeliveryPolicy(40, Duration.ofSeconds(2), Duration.ofMinutes(1)).backoff(39)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void other_client_errors_are_the_receiver_saying_no_and_are_not_repeated() {
        assertThat(policy.judge(404, Optional.empty(), 1, NOW)).isInstanceOf(Verdict.GiveUp.class);
        assertThat(policy.judge(403, Optional.of("1"), 1, NOW)).isInstanceOf(Verdict.GiveUp.class);
        assertThat(policy.judge(302, Optional.empty(), 1, NOW)).isInstanceOf(Verdict.GiveUp.class);
    }

    @Test
    void a_policy_that_makes_no_sense_is_refused() {
        assertThatThrownBy(() -> new DeliveryPolicy(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliveryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void urls_must_be_https_except_to_loopback() {
        assertThat(UrlPolicy.problemWith("https://hooks.slack.com/services/T0/B0/x")).isEmpty();
        assertThat(UrlPolicy.problemWith("http://127.0.0.1:8080/hook")).isEmpty();
        assertThat(UrlPolicy.problemWith("http://localhost/hook")).isEmpty();
        assertThat(UrlPolicy.problemWith("http://[::1]:9/hook")).isEmpty();
        assertThat(UrlPolicy.problemWith("http://hooks.example.com/T0/secret-part")).get().asString()
                .contains("must be https").doesNotContain("secret-part").doesNotContain("hooks.example.com");
        assertThat(UrlPolicy.problemWith("http://127.0.0.1.evil.example/x")).isPresent();
        assertThat(UrlPolicy.problemWith("https://user:pw@hooks.example.com/x")).get().asString().doesNotContain("pw");
        assertThat(UrlPolicy.problemWith("file:///etc/passwd")).isPresent();
        assertThat(UrlPolicy.problemWith("not a url")).isPresent();
        assertThat(UrlPolicy.problemWith("gopher://x")).isPresent();
    }

    @Test
    void a_url_read_from_a_secret_cannot_smuggle_headers_or_exhaust_anything() {
        // What a secret holds is checked as hostile as what git holds: it is posted to, never quoted.
        for (String hostile : java.util.List.of("https://hooks.slack.com/x\r\nHost: evil.example", "https://hooks.slack.com/x\u0000y",
                "https://hooks.slack.com/a b", "https://hooks.slack.com/x\u0085y", "https://hooks.slack.com/x\u2028y",
                "https://hooks.slack.com/services/" + "s".repeat(70_000), "", "   ", "https:///no-host", "//hooks.slack.com/x")) {
            assertThat(UrlPolicy.problemWith(hostile)).as(hostile.length() > 80 ? "a huge URL" : hostile).get().asString()
                    .doesNotContain("hooks.slack.com").doesNotContain("sss").hasSizeLessThan(120);
        }
        String longest = "https://hooks.slack.com/services/" + "s".repeat(UrlPolicy.MAX_LENGTH - "https://hooks.slack.com/services/".length());
        assertThat(UrlPolicy.problemWith(longest)).isEmpty();
        assertThat(UrlPolicy.problemWith(longest + "s")).get().asString().contains("at most " + UrlPolicy.MAX_LENGTH);
        // A trailing newline, as `aws ssm put-parameter --value "$(cat file)"` can leave, is not a smuggled header.
        assertThat(UrlPolicy.problemWith("https://hooks.slack.com/services/T0/B0/x\n")).isEmpty();
        assertThat(UrlPolicy.problemWith(null)).isPresent();
    }

    @Test
    void a_rate_limit_gives_one_slot_per_spacing() {
        RateLimit limit = new RateLimit(Duration.ofSeconds(1));
        assertThat(limit.reserve(NOW)).isEqualTo(NOW);
        assertThat(limit.reserve(NOW.plusMillis(10))).isEqualTo(NOW.plusSeconds(1));
        assertThat(limit.reserve(NOW.plusSeconds(1))).isEqualTo(NOW.plusSeconds(1));
        assertThat(limit.reserve(NOW.plusSeconds(1))).isEqualTo(NOW.plusSeconds(2));
    }
}
