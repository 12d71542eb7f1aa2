package io.rambla.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The interactive run against a scripted ECS: each poll (one sleep) moves the script on by a step,
 * so the tests say at which poll the task and its ECS Exec agent run, and need no clock time.
 */
class InteractiveRunTest {

    private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/rambla-district-production/0a1b2c3d";
    private static final RunTarget TARGET = RunTarget.of("app/shop/production", "rambla-app-shop-production", "us-east-1", Map.of(
            "OneOffTaskDefinitionArn", "arn:aws:ecs:us-east-1:123456789012:task-definition/rambla-app-shop-production-one-off:7",
            "ClusterName", "rambla-district-production", "CapacityProvider", "rambla-district-production-Ec2",
            "SubnetIds", "subnet-0aaa", "OneOffSecurityGroupId", "sg-0one"));
    private static final Duration POLL = Duration.ofSeconds(2);

    /** ECS as a script: PROVISIONING, then RUNNING with the agent PENDING, then the agent RUNNING, at the polls set. */
    private final class Script implements EcsTasks {
        final List<String> calls = new ArrayList<>();
        RunSpec startedWith;
        Boolean exec;
        int runningAtPoll = 1;
        Integer agentRunningAtPoll = 2;
        TaskStatus stopsAs;
        RuntimeException startFails;
        String stopReason;

        @Override
        public StartedTask start(RunTarget target, RunSpec spec, String clientToken, boolean enableExecuteCommand) {
            calls.add("start");
            if (startFails != null) {
                throw startFails;
            }
            startedWith = spec;
            exec = enableExecuteCommand;
            return new StartedTask(ARN, null);
        }

        @Override
        public TaskStatus describe(RunTarget target, String taskArn) {
            calls.add("describe");
            assertThat(taskArn).isEqualTo(ARN);
            if (stopsAs != null && poll >= runningAtPoll) {
                return stopsAs;
            }
            if (poll < runningAtPoll) {
                return new TaskStatus("PROVISIONING", null, null, null, null, "PENDING");
            }
            boolean agent = agentRunningAtPoll != null && poll >= agentRunningAtPoll;
            return new TaskStatus("RUNNING", null, null, null, null, agent ? "RUNNING" : "PENDING");
        }

        @Override
        public void stop(RunTarget target, String taskArn, String reason) {
            calls.add("stop");
            stopReason = reason;
        }
    }

    private final Script ecs = new Script();
    private final List<List<String>> attached = new ArrayList<>();
    private final List<String> started = new ArrayList<>();
    private int poll;
    private Instant now = Instant.parse("2026-11-26T05:00:00Z");
    private int sessionExits = 0;
    private RuntimeException sessionFails;
    private Integer cancelAtPoll;
    private boolean cancelDuringSession;

    private RunOutcome run(RunSpec spec) {
        Clock clock = new Clock() {
            public ZoneOffset getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now; }
        };
        var run = new InteractiveRun(ecs, clock, d -> {
            assertThat(d).isEqualTo(POLL);
            now = now.plus(d);
            poll++;
        }, POLL);
        Terminal terminal = (line, cancelled) -> {
            ecs.calls.add("session");
            if (cancelDuringSession) {
                cancelAtPoll = 0;
                assertThat(cancelled.getAsBoolean()).isTrue();
                return 143;
            }
            attached.add(line);
            if (sessionFails != null) {
                throw sessionFails;
            }
            return sessionExits;
        };
        return run.run(TARGET, spec, "token", arn -> List.of("aws", "--task", arn), terminal, started::add,
                () -> cancelAtPoll != null && poll >= cancelAtPoll);
    }

    private static RunSpec console() {
        return new RunSpec(List.of("bundle", "exec", "rails", "console"), 512, 1024, null, false);
    }

    @Test
    void the_session_opens_once_the_exec_agent_runs_and_the_task_is_stopped_after_it_with_the_sessions_exit_code() {
        sessionExits = 3;

        RunOutcome outcome = run(console());

        assertThat(outcome).isEqualTo(new RunOutcome.SessionEnded(ARN, 3));
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(ecs.exec).isTrue();
        // PROVISIONING at poll 0, RUNNING with the agent PENDING at poll 1, both RUNNING at poll 2.
        assertThat(ecs.calls).containsExactly("start", "describe", "describe", "describe", "session", "stop");
        assertThat(attached).containsExactly(List.of("aws", "--task", ARN));
        assertThat(started).containsExactly(ARN);
        assertThat(ecs.stopReason).isEqualTo("Rambla: the interactive session ended");
    }

    @Test
    void the_container_only_waits_for_the_session_for_the_timeout_or_an_hour_with_the_size_asked_for() {
        run(console());
        assertThat(ecs.startedWith).isEqualTo(new RunSpec(List.of("sleep", "3600"), 512, 1024, null, false));

        assertThat(InteractiveRun.keepAlive(new RunSpec(List.of("sh"), null, null, Duration.ofMinutes(30), false)).command())
                .containsExactly("sleep", "1800");
        assertThat(InteractiveRun.keepAlive(new RunSpec(List.of("sh"), null, null, Duration.ofMillis(1500), false)).command())
                .containsExactly("sleep", "2");
        assertThat(InteractiveRun.keepAlive(new RunSpec(List.of("sh"), null, null, Duration.ofMillis(1), false)).command())
                .containsExactly("sleep", "1");
    }

    @Test
    void a_task_that_stops_before_the_session_says_why_and_opens_no_session() {
        ecs.stopsAs = new TaskStatus("STOPPED", 127, "EssentialContainerExited", "Essential container in task exited", null, null);

        RunOutcome outcome = run(console());

        assertThat(outcome.exitCode()).isEqualTo(125);
        assertThat(outcome.message()).isEqualTo("task " + ARN + ": the task stopped before the session could open: "
                + "EssentialContainerExited: Essential container in task exited: exit code 127");
        assertThat(ecs.calls).doesNotContain("session", "stop");
    }

    @Test
    void an_agent_that_never_runs_is_given_up_after_the_start_limit_and_the_task_stopped() {
        ecs.agentRunningAtPoll = null;

        RunOutcome outcome = run(console());

        assertThat(outcome.exitCode()).isEqualTo(125);
        assertThat(outcome.message()).isEqualTo("task " + ARN + ": the task's ECS Exec agent was not running after 10 min "
                + "(task RUNNING, agent PENDING)");
        assertThat(ecs.calls).doesNotContain("session").endsWith("stop");
        assertThat(poll).isEqualTo((int) (InteractiveRun.START_LIMIT.toSeconds() / POLL.toSeconds()));
    }

    @Test
    void ctrl_c_while_the_task_starts_stops_it_and_exits_with_130() {
        ecs.agentRunningAtPoll = 5;
        cancelAtPoll = 1;

        RunOutcome outcome = run(console());

        assertThat(outcome).isEqualTo(new RunOutcome.Cancelled(ARN));
        assertThat(outcome.exitCode()).isEqualTo(130);
        assertThat(ecs.calls).containsExactly("start", "describe", "stop");
    }

    @Test
    void ctrl_c_to_rambla_during_the_session_ends_it_stops_the_task_and_exits_with_130() {
        cancelDuringSession = true;

        RunOutcome outcome = run(console());

        assertThat(outcome).isEqualTo(new RunOutcome.Cancelled(ARN));
        assertThat(ecs.calls).endsWith("session", "stop");
    }

    @Test
    void a_session_that_cannot_start_still_stops_the_task() {
        sessionFails = new RunException("cannot start /usr/bin/aws: Permission denied");

        RunOutcome outcome = run(console());

        assertThat(outcome).isEqualTo(new RunOutcome.NotRun(ARN, "cannot start /usr/bin/aws: Permission denied"));
        assertThat(ecs.calls).endsWith("session", "stop");
    }

    @Test
    void a_refused_start_opens_nothing() {
        ecs.startFails = new RunException("ECS started no task: RESOURCE:MEMORY");

        RunOutcome outcome = run(console());

        assertThat(outcome).isEqualTo(new RunOutcome.NotRun(null, "ECS started no task: RESOURCE:MEMORY"));
        assertThat(ecs.calls).containsExactly("start");
        assertThat(started).isEmpty();
    }
}
