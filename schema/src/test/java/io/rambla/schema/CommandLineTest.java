package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void words_are_split_on_whitespace() {
        assertThat(CommandLine.split("  bundle exec   rake db:migrate ").words()).containsExactly("bundle", "exec", "rake", "db:migrate");
    }

    @Test
    void quotes_and_backslashes_group_words_as_a_shell_would() {
        assertThat(CommandLine.split("echo 'a b' \"c \\\"d\\\"\" e\\ f").words()).containsExactly("echo", "a b", "c \"d\"", "e f");
    }

    @Test
    void shell_syntax_is_noticed_so_the_loader_can_warn() {
        assertThat(CommandLine.split("rake a && rake b").usesShellSyntax()).isTrue();
        assertThat(CommandLine.split("echo $HOME").usesShellSyntax()).isTrue();
        assertThat(CommandLine.split("echo '$HOME'").usesShellSyntax()).isFalse();
        assertThat(CommandLine.split("rake a").usesShellSyntax()).isFalse();
    }

    @Test
    void an_unterminated_quote_is_an_error() {
        CommandLine.Split split = CommandLine.split("echo 'oops");
        assertThat(split.error()).contains("unterminated single quote");
        assertThat(split.words()).isEqualTo(List.of());
    }
}
