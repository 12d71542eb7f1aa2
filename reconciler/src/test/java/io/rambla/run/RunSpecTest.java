package io.rambla.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSpecTest {

    @Test
    void a_command_past_the_bounds_is_refused_with_its_size() {
        assertThatThrownBy(() -> new RunSpec(List.of("x".repeat(RunSpec.MAX_COMMAND_CHARS + 1)), null, null, null, false))
                .hasMessage("the command has 4097 characters; at most 4096");
        assertThatThrownBy(() -> new RunSpec(Collections.nCopies(RunSpec.MAX_COMMAND_WORDS + 1, "a"), null, null, null, false))
                .hasMessage("the command has 257 words; at most 256");
        assertThat(new RunSpec(List.of("x".repeat(RunSpec.MAX_COMMAND_CHARS)), null, null, null, false).command()).hasSize(1);
    }

    @Test
    void empty_commands_nul_characters_and_sizes_out_of_range_are_refused() {
        assertThatThrownBy(() -> new RunSpec(List.of(), null, null, null, false)).hasMessage("no command to run");
        assertThatThrownBy(() -> new RunSpec(java.util.Arrays.asList("echo", null), null, null, null, false))
                .hasMessage("the command has a null word");
        assertThatThrownBy(() -> new RunSpec(List.of(" "), null, null, null, false)).hasMessage("the command starts with an empty word");
        assertThatThrownBy(() -> new RunSpec(List.of("echo", "a\0b"), null, null, null, false)).hasMessage("the command contains a NUL character");
        assertThatThrownBy(() -> new RunSpec(List.of("true"), 0, null, null, false)).hasMessage("cpu is 1 to 16384 CPU units, not 0");
        assertThatThrownBy(() -> new RunSpec(List.of("true"), null, 1 << 20, null, false)).hasMessage("memory is 6 to 122880 MiB, not 1048576");
        assertThatThrownBy(() -> new RunSpec(List.of("true"), null, null, Duration.ZERO, false)).hasMessage("the timeout must be positive, not PT0S");
    }

    @Test
    void the_command_line_quotes_words_a_shell_would_split_or_expand() {
        assertThat(new RunSpec(List.of("sh", "-c", "echo $HOME; rm -rf /tmp/x", "it's"), null, null, null, false).commandLine())
                .isEqualTo("sh -c 'echo $HOME; rm -rf /tmp/x' 'it'\\''s'");
        assertThat(new RunSpec(List.of("bundle", "exec", "rake", "db:migrate"), null, null, null, false).commandLine())
                .isEqualTo("bundle exec rake db:migrate");
    }

    @Test
    void durations_read_as_people_write_them() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessage("`soon` is not a duration such as 90s, 30m, 2h or PT1H30M");
        assertThatThrownBy(() -> Durations.parse("9999999999h")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_stack_without_the_one_off_outputs_is_named_with_what_it_lacks() {
        assertThatThrownBy(() -> RunTarget.of("app/shop/production", "rambla-app-shop-production", "us-east-1",
                java.util.Map.of("ClusterName", "rambla-district-production", "SubnetIds", "subnet-1")))
                .isInstanceOf(RunException.class)
                .hasMessage("stack rambla-app-shop-production has no output OneOffTaskDefinitionArn, CapacityProvider, "
                        + "OneOffSecurityGroupId: it was not deployed by this version of Rambla, or its last deployment failed");
    }
}
