package io.rambla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunArgumentsTest {

    private static RunArguments parse(String... args) {
        return RunArguments.parse(List.of(args));
    }

    @Test
    void everything_from_the_commands_first_word_on_is_the_commands_own() {
        var parsed = parse("--timeout", "30m", "shop", "production", "rake", "db:migrate", "--trace", "--timeout", "5");
        assertThat(parsed.app()).isEqualTo("shop");
        assertThat(parsed.environment()).isEqualTo("production");
        assertThat(parsed.spec().command()).containsExactly("rake", "db:migrate", "--trace", "--timeout", "5");
        assertThat(parsed.spec().timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(parsed.directory()).isEqualTo(Path.of("."));
    }

    @Test
    void a_double_dash_hands_a_command_that_starts_with_a_dash_over_verbatim() {
        var parsed = parse("shop", "production", "--detach", "--cpu=512", "--memory", "1024", "--", "-c", "--", "x");
        assertThat(parsed.spec().command()).containsExactly("-c", "--", "x");
        assertThat(parsed.spec().detach()).isTrue();
        assertThat(parsed.spec().cpu()).isEqualTo(512);
        assertThat(parsed.spec().memory()).isEqualTo(1024);
    }

    @Test
    void an_unknown_option_after_app_and_env_points_at_the_double_dash() {
        assertThatThrownBy(() -> parse("shop", "production", "--trace", "rake"))
                .hasMessage("unknown option --trace; to pass it to the command, put the command after --");
        assertThatThrownBy(() -> parse("--trace", "shop", "production", "rake")).hasMessage("unknown option --trace");
    }

    @Test
    void missing_parts_and_bad_values_are_named() {
        assertThatThrownBy(() -> parse("shop")).hasMessage("expected APP ENV COMMAND...");
        assertThatThrownBy(() -> parse("shop", "production")).hasMessage("no command to run after shop production");
        assertThatThrownBy(() -> parse("shop", "--", "rake")).hasMessage("APP and ENV come before --");
        assertThatThrownBy(() -> parse("--cpu", "lots", "shop", "production", "rake")).hasMessage("--cpu takes a whole number, not `lots`");
        assertThatThrownBy(() -> parse("--memory")).hasMessage("option --memory needs a value");
        assertThatThrownBy(() -> parse("--timeout", "-5s", "shop", "production", "rake"))
                .hasMessage("`-5s` is not a duration such as 90s, 30m, 2h or PT1H30M");
        assertThatThrownBy(() -> parse("--timeout", "PT0S", "shop", "production", "rake")).hasMessage("the timeout must be positive, not PT0S");
    }

    @Test
    void interactive_is_an_option_before_the_app_and_excludes_detach() {
        assertThat(parse("--interactive", "shop", "production", "rails", "console").interactive()).isTrue();
        assertThat(parse("-i", "--timeout", "20m", "shop", "production", "--", "bin/rails", "console").interactive()).isTrue();
        assertThat(parse("shop", "production", "rails", "console").interactive()).isFalse();
        // After the command's first word, -i is the command's.
        var console = parse("shop", "production", "irb", "-i");
        assertThat(console.interactive()).isFalse();
        assertThat(console.spec().command()).containsExactly("irb", "-i");
        assertThatThrownBy(() -> parse("-i", "-d", "shop", "production", "sh"))
                .hasMessage("--interactive and --detach exclude each other: a session needs the terminal");
    }

    @Test
    void help_wins_before_the_command_and_is_the_commands_after_it() {
        assertThat(parse("shop", "--help").help()).isTrue();
        assertThat(parse("shop", "production", "rake", "--help").spec().command()).containsExactly("rake", "--help");
    }

    @Test
    void bad_usage_exits_with_2_and_help_with_0_before_any_aws_client_is_made() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        var command = new RunCommand(new java.io.PrintStream(out, true), new java.io.PrintStream(err, true),
                arguments -> { throw new AssertionError("no AWS for bad usage"); }, Duration.ofSeconds(1));

        assertThat(command.run(List.of("shop", "production"))).isEqualTo(2);
        assertThat(err.toString()).startsWith("rambla run: no command to run after shop production\nUsage: rambla run");
        assertThat(command.run(List.of("--dir", "/nonexistent/infra", "shop", "production", "true"))).isEqualTo(2);
        assertThat(err.toString()).contains("rambla run: /nonexistent/infra is not a directory");
        assertThat(Main.run(new String[] {"run", "--help"}, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true))).isZero();
        assertThat(out.toString()).isEqualTo(RunCommand.HELP);
    }
}
