package io.rambla.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.schema.District.NotificationEvent;
import io.rambla.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The messages as Slack and webhook receivers read them: Block Kit's shapes and limits, escaping, the signature. */
class SlackMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-26T05:00:00Z");

    static Notification failed(String unit, String reason) {
        return new Notification(NotificationEvent.FAILED, unit, "app", "rambla-app-shop-production",
                "0123456789abcdef0123456789abcdef01234567", "fedcba9876543210fedcba9876543210fedcba98", reason, AT,
                "https://rambla.example.com/units/" + unit);
    }

    @Test
    void a_failure_is_a_header_four_fields_the_reason_a_link_button_and_a_context_line() throws Exception {
        JsonNode message = JSON.readTree(SlackMessage.json(failed("app/shop/production", "Resource handler returned message: \"boom\"")));

        assertThat(message.path("text").asText()).isEqualTo(":x: app/shop/production failed at 0123456: Resource handler returned message: \"boom\"");
        JsonNode blocks = message.path("blocks");
        assertThat(blocks).extracting(b -> b.path("type").asText()).containsExactly("header", "section", "section", "actions", "context");
        assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).path("text").path("text").asText()).isEqualTo("Failed: app/shop/production");
        assertThat(blocks.get(1).path("fields")).extracting(f -> f.path("text").asText()).containsExactly(
                "*Unit*\n`app/shop/production`", "*Outcome*\nfailed", "*Revision*\n`0123456`", "*Stack*\n`rambla-app-shop-production`");
        assertThat(blocks.get(1).path("fields")).allSatisfy(f -> assertThat(f.path("type").asText()).isEqualTo("mrkdwn"));
        assertThat(blocks.get(2).path("text").path("text").asText()).isEqualTo("*Reason*\n```Resource handler returned message: \"boom\"```");
        JsonNode button = blocks.get(3).path("elements").get(0);
        assertThat(button.path("type").asText()).isEqualTo("button");
        assertThat(button.path("url").asText()).isEqualTo("https://rambla.example.com/units/app/shop/production");
    }

    @Test
    void hostile_text_cannot_ping_link_format_or_close_its_code_span() throws Exception {
        String hostile = "<!channel> <https://evil.example|click> &amp; ``` *bold* `x` <@U123>";
        JsonNode message = JSON.readTree(SlackMessage.json(failed("app/<!here>/x", hostile)));
        // Slack parses the top-level text and every mrkdwn object; plain_text (the header) is shown as written.
        StringBuilder parsed = new StringBuilder(message.path("text").asText());
        message.findParents("type").stream().filter(o -> o.path("type").asText().equals("mrkdwn"))
                .forEach(o -> parsed.append('\n').append(o.path("text").asText()));
        String all = parsed.toString();

        assertThat(all).contains("&lt;!channel&gt;").doesNotContain("<!channel>").doesNotContain("<!here>").doesNotContain("<https://").doesNotContain("<@U123>");
        String reason = message.path("blocks").get(2).path("text").path("text").asText();
        assertThat(reason).isEqualTo("*Reason*\n```&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp;amp; ˋˋˋ *bold* ˋxˋ &lt;@U123&gt;```");
        // the only backticks are the ones the message opened and closes
        assertThat(reason.chars().filter(c -> c == '`').count()).isEqualTo(6);
        String unit = message.path("blocks").get(1).path("fields").get(0).path("text").asText();
        assertThat(unit).isEqualTo("*Unit*\n`app/&lt;!here&gt;/x`");
    }

    @Test
    void long_text_is_cut_to_slacks_limits_without_splitting_an_escape() throws Exception {
        String reason = "<".repeat(5000);
        JsonNode message = JSON.readTree(SlackMessage.json(failed("app/" + "a".repeat(300) + "/x", reason)));
        JsonNode blocks = message.path("blocks");
        assertThat(blocks.get(0).path("text").path("text").asText()).hasSizeLessThanOrEqualTo(SlackMessage.HEADER_MAX).endsWith("…");
        String section = blocks.get(2).path("text").path("text").asText();
        assertThat(section).hasSizeLessThanOrEqualTo(SlackMessage.SECTION_MAX).endsWith("&lt;…```");
        blocks.get(1).path("fields").forEach(f -> assertThat(f.path("text").asText()).hasSizeLessThanOrEqualTo(SlackMessage.FIELD_MAX));
        assertThat(message.path("text").asText()).hasSizeLessThanOrEqualTo(SlackMessage.TEXT_MAX);
    }

    @Test
    void a_link_that_is_not_http_is_left_out() throws Exception {
        var n = failed("app/shop/production", null);
        var noLink = new Notification(n.event(), n.unitId(), n.kind(), n.stack(), n.revision(), n.appliedRevision(), null, AT, "javascript:alert(1)");
        JsonNode blocks = JSON.readTree(SlackMessage.json(noLink)).path("blocks");
        assertThat(blocks).extracting(b -> b.path("type").asText()).containsExactly("header", "section", "context");
    }

    @Test
    void the_webhook_body_carries_every_field_and_its_signature_is_the_hmac_of_the_exact_bytes() throws Exception {
        var n = failed("app/shop/production", "boom");
        String body = WebhookMessage.json(n);
        JsonNode json = JSON.readTree(body);
        assertThat(json.path("version").asInt()).isEqualTo(1);
        assertThat(json.path("event").asText()).isEqualTo("failed");
        assertThat(json.path("unit").asText()).isEqualTo("app/shop/production");
        assertThat(json.path("revision").asText()).isEqualTo(n.revision());
        assertThat(json.path("appliedRevision").asText()).isEqualTo(n.appliedRevision());
        assertThat(json.path("reason").asText()).isEqualTo("boom");
        assertThat(json.path("occurredAt").asText()).isEqualTo("2026-11-26T05:00:00Z");
        assertThat(json.path("id").asText()).isEqualTo(n.id()).hasSize(32);

        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("k3y".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(bytes));
        assertThat(WebhookMessage.signature(Secret.of("k3y"), bytes)).isEqualTo(expected);
        assertThat(WebhookMessage.signature(Secret.of("other"), bytes)).isNotEqualTo(expected);
    }

    @Test
    void the_same_unit_event_and_revision_is_the_same_notification() {
        var a = failed("app/shop/production", "one reason");
        var b = failed("app/shop/production", "another reason, later");
        assertThat(a.key()).isEqualTo(b.key());
        assertThat(a.id()).isEqualTo(b.id());
        assertThat(failed("app/shop/staging", "x").id()).isNotEqualTo(a.id());
    }

    @Test
    void hostile_unit_ids_and_reasons_stay_data_in_the_webhook_json_and_in_slack_json() throws Exception {
        String unit = "app/x\",\"event\":\"applied\",\"unit\":\"app/other/prod";
        String reason = "line1\n\"}],\"blocks\":[{\"type\":\"section\"}]\u0000\u001b[31m\u2028\\\" </script> \ud83d\ude00";
        JsonNode body = JSON.readTree(WebhookMessage.json(failed(unit, reason)));
        assertThat(body.path("event").asText()).isEqualTo("failed");
        assertThat(body.path("unit").asText()).isEqualTo(unit);
        assertThat(body.path("reason").asText()).isEqualTo(reason);
        assertThat(body.size()).isEqualTo(11);

        String slack = SlackMessage.json(failed(unit, reason));
        assertThat(slack.chars().filter(c -> c < 0x20)).as("no raw control character in the body").isEmpty();
        JsonNode message = JSON.readTree(slack);
        assertThat(message.fieldNames()).toIterable().containsExactlyInAnyOrder("text", "blocks");
        assertThat(message.path("blocks")).hasSize(5);
        assertThat(message.path("blocks").get(1).path("fields").get(0).path("text").asText()).isEqualTo("*Unit*\n`" + unit + "`");
        assertThat(message.path("blocks").get(2).path("text").path("text").asText())
                .startsWith("*Reason*\n```line1\n").contains("&lt;/script&gt;").endsWith("\ud83d\ude00```");
    }
}
