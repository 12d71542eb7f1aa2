package io.rambla.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandsTest {

    @Test
    void splits_on_whitespace() {
        assertThat(Commands.split("  bundle exec   puma ")).containsExactly("bundle", "exec", "puma");
    }

    @Test
    void keeps_quoted_words_together() {
        assertThat(Commands.split("sidekiq -q 'default critical' --tag \"a \\\"b\\\"\""))
                .containsExactly("sidekiq", "-q", "default critical", "--tag", "a \"b\"");
    }

    @Test
    void an_absent_command_is_empty() {
        assertThat(Commands.split(null)).isEmpty();
    }

    @Test
    void an_unterminated_quote_is_an_error() {
        assertThatThrownBy(() -> Commands.split("echo 'oops")).hasMessageContaining("unterminated quote");
    }
}
