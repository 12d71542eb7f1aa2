package io.rambla.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The follow loop against scripted ECS and CloudWatch Logs stand-ins: each poll (one sleep) moves
 * the script on by a step, so the tests say what the task does at each poll and need no clock time.
 */
class OneOffRunTest {

    private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/rambla-district-production/0a1b2c3d";
    private static final RunTarget TARGET = RunTarget.of("app/shop/production", "rambla-app-shop-production", "us-east-1", Map.of(
            "OneOffTaskDefinitionArn", "arn:aws:ecs:us-east-1:123456789012:task-definition/rambla-app-shop-production-one-off:7",
            "ClusterName", "rambla-district-production", "CapacityProvider", "rambla-district-production-Ec2",
            "SubnetIds", "subnet-0aaa, subnet-0bbb", "OneOffSecurityGroupId", "sg-0one"));
    private static final TaskLogs.Stream STREAM = TaskLogs.Stream.of("rambla-app-shop-production-OneOffLogGroup-Q1w2", "one-off",
            "one-off", ARN);
    private static final Duration POLL = Duration.ofSeconds(2);

    /** ECS and CloudWatch Logs as a script: lines appear and the task stops at the poll the test says. */
    static final class Script implements EcsTasks, TaskLogs {
        final List<String> written = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
        final Map<Integer, List<String>> linesAtPoll = new java.util.HashMap<>();
        int poll;
        Integer stopsAtPoll;
        TaskStatus stoppedAs;
        List<String> linesAfterStop = List.of();
        RuntimeException startFails;
        RuntimeException describeFails;
        String stopReason;
        int pageSize = 3;

        @Override
        public StartedTask start(RunTarget target, RunSpec spec, String clientToken, boolean enableExecuteCommand) {
            calls.add(enableExecuteCommand ? "start with exec" : "start");
            if (startFails != null) {
                throw startFails;
            }
            return new StartedTask(ARN, STREAM);
        }

        @Override
        public TaskStatus describe(RunTarget target, String taskArn) {
            calls.add("describe");
            if (describeFails != null) {
                throw describeFails;
            }
            if (stopsAtPoll != null && poll >= stopsAtPoll) {
                written.addAll(linesAfterStop);
                linesAfterStop = List.of();
                return stoppedAs;
            }
            return new TaskStatus("RUNNING", null, null, null, null);
        }

        @Override
        public void stop(RunTarget target, String taskArn, String reason) {
            calls.add("stop");
            stopReason = reason;
        }

        /** Tokens are positions in the stream, as strings; the same token back means the end. */
        @Override
        public Page read(Stream stream, String token) {
            calls.add("read");
            assertThat(stream).isEqualTo(STREAM);
            int from = token == null ? 0 : Integer.parseInt(token);
            int to = Math.min(written.size(), from + pageSize);
            return new Page(written.subList(from, to), String.valueOf(to));
        }

        void advance() {
            poll++;
            written.addAll(linesAtPoll.getOrDefault(poll, List.of()));
        }
    }

    private final Script script = new Script();
    private final List<String> printed = new ArrayList<>();
    private final List<String> started = new ArrayList<>();
    private Instant now = Instant.parse("2026-11-26T05:00:00Z");
    private boolean cancelAtNextPoll;
    private boolean cancelled;

    private RunOutcome run(RunSpec spec) {
        Clock clock = new Clock() {
            public ZoneOffset getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now; }
        };
        var run = new OneOffRun(script, script, clock, d -> {
            assertThat(d).isEqualTo(POLL);
            now = now.plus(d);
            script.advance();
            cancelled = cancelAtNextPoll;
        }, POLL);
        Consumer<String> lines = printed::add;
        return run.run(TARGET, spec, "token", started::add, lines, () -> cancelled);
    }

    private static RunSpec command(String... words) {
        return new RunSpec(List.of(words), null, null, null, false);
    }

    @Test
    void every_line_reaches_the_terminal_in_order_across_pages_and_polls_and_the_exit_code_is_the_containers() {
        script.written.addAll(List.of("1", "2", "3", "4"));
        script.linesAtPoll.put(1, List.of("5", "6", "7", "8", "9", "10", "11"));
        script.linesAtPoll.put(2, List.of("12"));
        script.stopsAtPoll = 3;
        script.stoppedAs = new TaskStatus("STOPPED", 3, "EssentialContainerExited", "Essential container in task exited", null);

        RunOutcome outcome = run(command("bundle", "exec", "rake", "db:migrate"));

        assertThat(outcome).isEqualTo(new RunOutcome.Exited(ARN, 3));
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(printed).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        assertThat(started).containsExactly(ARN);
    }

    @Test
    void lines_that_reach_cloudwatch_logs_after_the_task_stopped_are_still_printed() {
        script.written.add("first");
        script.stopsAtPoll = 1;
        script.linesAfterStop = List.of("a", "b", "c", "d", "e", "f", "g", "last");
        script.stoppedAs = new TaskStatus("STOPPED", 0, "EssentialContainerExited", null, null);

        assertThat(run(command("true")).exitCode()).isZero();
        assertThat(printed).containsExactly("first", "a", "b", "c", "d", "e", "f", "g", "last");
    }

    @Test
    void a_task_past_its_timeout_is_stopped_its_output_so_far_printed_and_the_exit_code_is_124() {
        script.linesAtPoll.put(1, List.of("working"));
        script.linesAtPoll.put(2, List.of("still working"));

        RunOutcome outcome = run(new RunSpec(List.of("sleep", "3600"), null, null, Duration.ofSeconds(5), false));

        assertThat(outcome).isEqualTo(new RunOutcome.TimedOut(ARN, Duration.ofSeconds(5)));
        assertThat(outcome.exitCode()).isEqualTo(124);
        assertThat(outcome.message()).contains("still running after 5 s; Rambla stopped it");
        assertThat(script.stopReason).isEqualTo("Rambla: the run's timeout of 5 s passed");
        assertThat(printed).containsExactly("working", "still working");
        // Polls at 0 s, 2 s and 4 s; at 6 s the timeout has passed and the task is stopped, not described again.
        assertThat(script.calls.stream().filter("describe"::equals)).hasSize(3);
        assertThat(script.calls.get(script.calls.size() - 2)).isEqualTo("stop");
    }

    @Test
    void cancelling_stops_the_task_and_exits_with_130() {
        script.linesAtPoll.put(1, List.of("irb(main):001>"));
        cancelAtNextPoll = true;

        RunOutcome outcome = run(command("rails", "console"));

        assertThat(outcome).isEqualTo(new RunOutcome.Cancelled(ARN));
        assertThat(outcome.exitCode()).isEqualTo(130);
        assertThat(script.stopReason).isEqualTo("Rambla: stopped by the user who ran it");
        assertThat(printed).containsExactly("irb(main):001>");
    }

    @Test
    void a_task_that_never_started_says_why_and_exits_with_125() {
        script.stopsAtPoll = 1;
        script.stoppedAs = new TaskStatus("STOPPED", null, "TaskFailedToStart",
                "ResourceInitializationError: unable to pull secrets or registry auth", "CannotPullContainerError: not found");

        RunOutcome outcome = run(command("true"));

        assertThat(outcome.exitCode()).isEqualTo(125);
        assertThat(outcome.message()).isEqualTo("task " + ARN + " stopped without an exit code: TaskFailedToStart: "
                + "ResourceInitializationError: unable to pull secrets or registry auth: CannotPullContainerError: not found");
    }

    @Test
    void a_refused_start_is_not_run_and_nothing_is_polled() {
        script.startFails = new RunException("ECS started no task: RESOURCE:MEMORY");

        RunOutcome outcome = run(command("true"));

        assertThat(outcome).isEqualTo(new RunOutcome.NotRun(null, "ECS started no task: RESOURCE:MEMORY"));
        assertThat(outcome.exitCode()).isEqualTo(125);
        assertThat(script.calls).containsExactly("start");
        assertThat(started).isEmpty();
    }

    @Test
    void detached_returns_the_task_arn_at_once_without_following_it() {
        RunOutcome outcome = run(new RunSpec(List.of("rake", "reindex"), null, null, null, true));

        assertThat(outcome).isEqualTo(new RunOutcome.Detached(ARN));
        assertThat(outcome.exitCode()).isZero();
        assertThat(script.calls).containsExactly("start");
    }

    @Test
    void losing_sight_of_the_task_says_it_may_still_run() {
        script.describeFails = new RunException("ECS DescribeTasks failed: Access denied");

        RunOutcome outcome = run(command("true"));

        assertThat(outcome.exitCode()).isEqualTo(125);
        assertThat(outcome.message()).isEqualTo("task " + ARN + ": cannot follow the task, which may still be running: "
                + "ECS DescribeTasks failed: Access denied");
    }

    @Test
    void a_flood_of_output_is_read_in_bounded_pages_between_polls_and_all_of_it_arrives() {
        List<String> flood = java.util.stream.IntStream.range(0, 1000).mapToObj(String::valueOf).toList();
        script.written.addAll(flood);
        script.stopsAtPoll = 1;
        script.stoppedAs = new TaskStatus("STOPPED", 0, null, null, null);

        run(command("yes"));

        assertThat(printed).isEqualTo(flood);
        // 50 pages of 3 lines before the first look at the task, the rest after it stopped.
        assertThat(script.calls.subList(0, 1 + OneOffRun.PAGES_PER_POLL + 1)).endsWith("describe");
    }
}
