package io.rambla.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrPlanOptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final BenchCommand command = new BenchCommand(new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void changed_outside_one_to_units_or_not_a_number_is_refused_before_anything_runs() throws Exception {
        for (List<String> bad : List.of(List.of("--changed", "0"), List.of("--changed", "-3"), List.of("--changed", "11", "--units", "10"),
                List.of("--changed", "1001"), List.of("--changed", "fifty"), List.of("--changed", ""), List.of("--changed"))) {
            err.reset();
            var args = new java.util.ArrayList<>(List.of("prplan", "--endpoint", "http://127.0.0.1:1"));
            args.addAll(bad);
            assertThat(command.run(args)).as("%s", bad).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as("%s", bad).contains("rambla bench:");
        }
    }

    @Test
    void the_default_of_a_thousand_units_bounds_changed_when_units_is_not_given() throws Exception {
        assertThat(command.run(List.of("prplan", "--changed", "1001", "--endpoint", "http://127.0.0.1:1"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--changed must be 1..--units (1000), not 1001");
    }

    @Test
    void the_help_names_the_prplan_benchmark_and_its_option() {
        assertThat(BenchCommand.HELP).contains("prplan ").contains("--changed M").contains("<noop|change|apply|startup|scale|resync|prplan>");
    }

    @Test
    void review_concurrency_is_a_short_list_of_values_from_one_to_sixty_four_or_zero_for_the_default() throws Exception {
        assertThat(BenchCommand.reviewConcurrency("1,4")).containsExactly(1, 4);
        assertThat(BenchCommand.reviewConcurrency(" 8 ")).containsExactly(8);
        assertThat(BenchCommand.reviewConcurrency("0")).containsExactly(0);
        for (String bad : List.of("", "1,", ",4", "65", "-1", "four", "1;4", "1,2,3,4,5,6,7,8,9")) {
            assertThatThrownBy(() -> BenchCommand.reviewConcurrency(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            err.reset();
            assertThat(command.run(List.of("prplan", "--review-concurrency", bad, "--endpoint", "http://127.0.0.1:1"))).as(bad).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(bad).contains("rambla bench:");
        }
    }

    @Test
    void changed_apps_are_spread_over_the_whole_repository_each_once() {
        assertThat(BenchCommand.spread(1000, 50)).hasSize(50).doesNotHaveDuplicates().startsWith(1, 21, 41).endsWith(981)
                .allSatisfy(app -> assertThat(app).isBetween(1, 1000));
        assertThat(BenchCommand.spread(10, 10)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(BenchCommand.spread(7, 3)).containsExactly(1, 3, 5);
        assertThat(BenchCommand.spread(1, 1)).containsExactly(1);
        assertThat(BenchCommand.spread(50_000, 49_999)).hasSize(49_999).doesNotHaveDuplicates().allSatisfy(a -> assertThat(a).isBetween(1, 50_000));
        assertThatThrownBy(() -> BenchCommand.spread(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchCommand.spread(10, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchCommand.spread(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statuses_are_final_once_the_plan_is_there_and_no_context_is_left_pending() throws Exception {
        assertThat(BenchGitHub.settled(List.of())).as("nothing yet").isFalse();
        assertThat(BenchGitHub.settled(List.of(status("rambla/plan", "pending")))).isFalse();
        assertThat(BenchGitHub.settled(List.of(status("rambla/plan", "pending"), status("rambla/plan", "success")))).isTrue();
        assertThat(BenchGitHub.settled(List.of(status("rambla/plan", "success"), status("rambla/plan", "pending"))))
                .as("the last one counts").isFalse();
        assertThat(BenchGitHub.settled(List.of(status("rambla/app/x", "success")))).as("no plan status").isFalse();
        assertThat(BenchGitHub.settled(List.of(status("rambla/plan", "error"), status("ci/other", "pending")))).isFalse();
        assertThat(BenchGitHub.settled(List.of(status("rambla/plan", "failure"), status("ci/other", "success")))).isTrue();
        assertThat(BenchGitHub.settled(List.of(status("rambla/plan", "")))).as("no state").isFalse();
        assertThat(BenchGitHub.settled(List.of(new BenchGitHub.Received(0, "/x", JSON.readTree("[1,2]"))))).as("not an object").isFalse();
        assertThat(BenchGitHub.last(List.of(status("rambla/plan", "pending"), status("x", "error"), status("rambla/plan", "success")),
                "rambla/plan").path("state").asText()).isEqualTo("success");
        assertThat(BenchGitHub.last(List.of(), "rambla/plan").isMissingNode()).isTrue();
    }

    private static BenchGitHub.Received status(String context, String state) throws Exception {
        return new BenchGitHub.Received(0, "/repos/bench/infra/statuses/x",
                JSON.readTree("{\"context\":\"" + context + "\",\"state\":\"" + state + "\"}"));
    }
}
