package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

    @ParameterizedTest
    @ValueSource(strings = {"ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
            "glpat-abcdefghij0123456789", "AKIAIOSFODNN7EXAMPLE", "0123456789abcdef0123456789abcdef",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "xoxb-123456789012-abcdefghij", "-----BEGIN OPENSSH PRIVATE KEY-----"})
    void token_shaped_text_is_masked_in_every_diagnostic(String token) {
        Diagnostic d = Diagnostic.error("apps/shop/barcelona.yml", 3, 5, "environments." + token,
                "expected a mapping, found the string \"" + token + "\"");

        assertThat(d.toString()).doesNotContain(token).contains(Redaction.MASK);
        assertThat(d.path()).doesNotContain(token);
    }

    @Test
    void paths_names_and_arns_are_left_readable() {
        String text = "apps/some-rather-long-application-name/barcelona.yml: environments.production.services[0].listeners[1]"
                + " arn:aws:ssm:ap-northeast-1:123456789012:parameter/barcelona/main/shop/secret_key_base";

        assertThat(Redaction.clean(text, 1000)).isEqualTo(text);
    }

    @Test
    void messages_are_cut_and_kept_on_one_line() {
        String cleaned = Redaction.clean("line one\nline two\u0007" + "x".repeat(5000), 100);

        assertThat(cleaned).hasSize(100).endsWith("…").doesNotContain("\n").startsWith("line one line two ");
    }
}
