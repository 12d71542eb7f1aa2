package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import io.rambla.secret.Secret;
import io.rambla.web.ApiTokens.Access;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {

    private final ApiTokens tokens = new ApiTokens(Secret.of("operate-me"), Secret.of("read-me"));

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_operator_token_operates_and_the_read_token_only_reads() {
        assertThat(tokens.access("Bearer operate-me")).isEqualTo(Access.OPERATE);
        assertThat(tokens.access("bearer read-me")).isEqualTo(Access.READ);
        assertThat(tokens.access(basic("anyone", "read-me"))).isEqualTo(Access.READ);
        assertThat(tokens.access(basic("", "operate-me"))).isEqualTo(Access.OPERATE);
    }

    @Test
    void hostile_or_malformed_headers_grant_nothing() {
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Bearer read-m", "Bearer read-me2", "Bearer READ-ME",
                "Token read-me", "read-me", "Basic", "Basic !!!not-base64!!!", basic("read-me", ""),
                "Basic " + Base64.getEncoder().encodeToString("read-me".getBytes(StandardCharsets.UTF_8)),
                "Bearer " + "x".repeat(100_000), "Bearer read-me\u0000"}) {
            assertThat(tokens.access(header)).as(String.valueOf(header).substring(0, Math.min(30, String.valueOf(header).length())))
                    .isEqualTo(Access.NONE);
        }
    }

    @Test
    void without_a_read_token_reading_is_open_and_without_an_operator_token_nothing_operates() {
        var none = new ApiTokens(new ApiConfig(null, null, null, null));
        assertThat(none.readingNeedsToken()).isFalse();
        assertThat(none.operatorTokenSet()).isFalse();
        assertThat(none.access("Bearer ")).isEqualTo(Access.NONE);
        assertThat(none.access("Bearer anything")).isEqualTo(Access.NONE);
    }

    @Test
    void tokens_come_from_files_that_win_over_inline_values(@TempDir Path dir) throws IOException {
        Path operator = Files.writeString(dir.resolve("operator"), "from-file\n");
        Path read = Files.writeString(dir.resolve("read"), "  read-from-file ");
        var fromFiles = new ApiTokens(new ApiConfig("inline", operator.toString(), null, read.toString()));
        assertThat(fromFiles.access("Bearer from-file")).isEqualTo(Access.OPERATE);
        assertThat(fromFiles.access("Bearer inline")).isEqualTo(Access.NONE);
        assertThat(fromFiles.access("Bearer read-from-file")).isEqualTo(Access.READ);
    }

    @Test
    void a_missing_or_empty_token_file_stops_the_daemon_naming_the_property_but_no_content(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> new ApiTokens(new ApiConfig(null, dir.resolve("absent").toString(), null, null)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rambla.api.token-file");
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertThatThrownBy(() -> new ApiTokens(new ApiConfig(null, null, null, empty.toString())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rambla.api.read-token-file");
    }

    @Test
    void the_same_token_for_reading_and_operating_is_refused_at_start() {
        assertThatThrownBy(() -> new ApiTokens(new ApiConfig("same", null, "same", null)))
                .isInstanceOf(ConfigurationException.class).hasMessageNotContaining("same\"").hasMessageContaining("rambla.api.read-token");
    }

    @Test
    void the_configuration_never_prints_a_token() {
        assertThat(new ApiConfig("operate-me", null, "read-me", "/run/secret").toString())
                .doesNotContain("operate-me", "read-me").contains("/run/secret");
    }
}
