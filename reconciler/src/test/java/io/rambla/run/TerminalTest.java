package io.rambla.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The terminal hand-over with real child processes: exit status, PATH, cancellation, a program that is not there. */
class TerminalTest {

    @Test
    void the_exit_status_is_the_programs_and_it_sees_the_path_given() {
        assertThat(Terminal.inherited("/nonexistent/bin").attach(List.of("/bin/sh", "-c", "test \"$PATH\" = /nonexistent/bin && exit 7"),
                () -> false)).isEqualTo(7);
    }

    @Test
    void a_cancelled_run_ends_the_session() {
        AtomicBoolean cancelled = new AtomicBoolean(true);

        int code = Terminal.inherited(null).attach(List.of("/bin/sleep", "120"), cancelled::get);

        // Ended by SIGTERM (128 + 15), not by the sleep running out (0).
        assertThat(code).isEqualTo(143);
    }

    @Test
    void a_program_that_cannot_start_is_a_run_exception_naming_it() {
        assertThatThrownBy(() -> Terminal.inherited(null).attach(List.of("/nonexistent/aws", "ecs"), () -> false))
                .isInstanceOf(RunException.class).hasMessageStartingWith("cannot start /nonexistent/aws: ");
    }
}
