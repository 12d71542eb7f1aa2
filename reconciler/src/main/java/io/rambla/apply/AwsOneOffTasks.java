package io.rambla.apply;

import io.rambla.render.BeforeDeployTask;
import io.rambla.retry.Backoff;
import io.rambla.schema.TaskSizes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

/**
 * {@link OneOffTasks} on ECS: DescribeTaskDefinition of the live one-off task definition,
 * RegisterTaskDefinition of a new revision of its family with the new image, size, environment and
 * secrets (roles, network mode and logging kept), RunTask on the district's cluster and capacity
 * provider in awsvpc mode with the command overridden and the request's client token (a restarted
 * daemon gets the task it started back, not a second one), DescribeTasks with backoff until the
 * task has stopped, and StopTask when it has not stopped in time.
 *
 * <p>{@link #runAsRegistered} (a {@code before_deploy} rollout) registers nothing: it runs the
 * revision CloudFormation registered, so a restarted daemon sends the very same RunTask and gets
 * the same task back; afterwards it deregisters the family's older revisions but the previous one.
 * {@link #run} registers a revision of its own and leaves it ACTIVE for the next rollout to
 * deregister.
 */
public final class AwsOneOffTasks implements OneOffTasks {

    private static final Logger LOG = LoggerFactory.getLogger(AwsOneOffTasks.class);
    /** Shows in the ECS console who started the task. */
    static final String STARTED_BY = "rambla-before-deploy";

    private final EcsClient ecs;
    private final Backoff backoff;
    private final Duration timeout;

    /** @param timeout how long to wait for the task to stop */
    public AwsOneOffTasks(EcsClient ecs, Backoff backoff, Duration timeout) {
        this.ecs = ecs;
        this.backoff = backoff;
        this.timeout = timeout;
    }

    @Override
    public OneOffTaskResult run(OneOffTaskRequest request) {
        try {
            TaskDefinition base = ecs.describeTaskDefinition(r -> r.taskDefinition(request.baseTaskDefinitionArn())).taskDefinition();
            if (base.taskDefinitionArn() == null || base.taskDefinitionArn().split(":").length < 6) {
                return new OneOffTaskResult.NotRun("ECS describes " + request.baseTaskDefinitionArn()
                        + " without a task definition ARN");
            }
            return start(request, register(base, request));
        } catch (SdkException e) {
            LOG.warn("{}: before_deploy could not be run: {}", request.unitId(), e.getMessage());
            return new OneOffTaskResult.NotRun(e.getMessage());
        }
    }

    /**
     * Runs the revision CloudFormation registered for this commit as it is, then deregisters the
     * family's older revisions but the one before it (what a rollback or a still-running scheduled
     * task may use).
     */
    @Override
    public OneOffTaskResult runAsRegistered(OneOffTaskRequest request) {
        try {
            OneOffTaskResult result = start(request, request.baseTaskDefinitionArn());
            deregisterOlderRevisions(request);
            return result;
        } catch (SdkException e) {
            LOG.warn("{}: before_deploy could not be run: {}", request.unitId(), e.getMessage());
            return new OneOffTaskResult.NotRun(e.getMessage());
        }
    }

    private OneOffTaskResult start(OneOffTaskRequest request, String taskDefinition) {
        LOG.info("{}: running before_deploy `{}` with {}", request.unitId(), request.task().commandLine(), taskDefinition);
        RunTaskResponse started = ecs.runTask(r -> r
                .clientToken(request.clientToken())
                .cluster(request.cluster())
                .taskDefinition(taskDefinition)
                .count(1)
                .startedBy(STARTED_BY)
                .capacityProviderStrategy(CapacityProviderStrategyItem.builder()
                        .capacityProvider(request.capacityProvider()).weight(1).build())
                .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                        .subnets(request.subnets())
                        .securityGroups(request.securityGroup())
                        .assignPublicIp(AssignPublicIp.DISABLED)
                        .build()).build())
                .overrides(TaskOverride.builder().containerOverrides(ContainerOverride.builder()
                        .name(request.containerName())
                        .command(request.task().command())
                        .build()).build()));
        if (!started.hasTasks() || started.tasks().isEmpty()) {
            String reasons = started.failures().stream()
                    .map(f -> f.reason() + (f.detail() == null ? "" : " (" + f.detail() + ")") + (f.arn() == null ? "" : " on " + f.arn()))
                    .collect(Collectors.joining("; "));
            return new OneOffTaskResult.NotPlaced(reasons.isEmpty() ? "RunTask started no task and gave no reason" : reasons);
        }
        return waitForStop(request, started.tasks().get(0));
    }

    /**
     * Deregisters the ACTIVE revisions of the current revision's family below it, except the
     * highest of them. Revisions above the current one (registered meanwhile by someone else) are
     * left alone. A failure is logged, never fatal: the deployment does not depend on it.
     */
    private void deregisterOlderRevisions(OneOffTaskRequest request) {
        Optional<Revision> current = Revision.of(request.baseTaskDefinitionArn());
        if (current.isEmpty()) {
            return;
        }
        try {
            List<Revision> older = new ArrayList<>();
            for (String arn : ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(current.get().family())
                    .status(TaskDefinitionStatus.ACTIVE).sort(SortOrder.DESC)).taskDefinitionArns()) {
                Revision.of(arn).filter(r -> r.family().equals(current.get().family()) && r.number() < current.get().number())
                        .ifPresent(older::add);
            }
            older.sort(Comparator.comparingInt(Revision::number).reversed());
            for (Revision stale : older.subList(Math.min(1, older.size()), older.size())) {
                ecs.deregisterTaskDefinition(r -> r.taskDefinition(stale.arn()));
                LOG.info("{}: deregistered the old one-off revision {}", request.unitId(), stale.arn());
            }
        } catch (SdkException e) {
            LOG.warn("{}: old one-off revisions of {} could not be deregistered: {}", request.unitId(),
                    current.get().family(), e.getMessage());
        }
    }

    /** {@code arn:<partition>:ecs:<region>:<account>:task-definition/<family>:<number>}. */
    record Revision(String arn, String family, int number) {

        private static final java.util.regex.Pattern ARN =
                java.util.regex.Pattern.compile("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:task-definition/([A-Za-z0-9_-]{1,255}):(\\d{1,9})$");

        static Optional<Revision> of(String arn) {
            var m = arn == null ? null : ARN.matcher(arn);
            return m != null && m.matches() ? Optional.of(new Revision(arn, m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
        }
    }

    private String register(TaskDefinition base, OneOffTaskRequest request) {
        BeforeDeployTask task = request.task();
        String[] arn = base.taskDefinitionArn().split(":");
        // arn:<partition>:ecs:<region>:<account>:task-definition/<family>:<revision>
        Map<String, String> secrets = task.resolvedSecrets(arn[1], arn[3], arn[4]);
        List<ContainerDefinition> containers = base.containerDefinitions().stream()
                .map(c -> !c.name().equals(request.containerName()) ? c : c.toBuilder()
                        .image(task.image())
                        // Barcelona's one-off size is the container's, as in the rendered OneOffTaskDefinition.
                        .cpu(task.cpu())
                        .memory(task.memory())
                        .environment(task.environment().entrySet().stream()
                                .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList())
                        .secrets(secrets.entrySet().stream()
                                .map(e -> Secret.builder().name(e.getKey()).valueFrom(e.getValue()).build()).toList())
                        .build())
                .toList();
        // Fargate needs a task-level size from its list of pairs; EC2 keeps whatever the template gave the task.
        boolean fargate = base.requiresCompatibilitiesAsStrings().contains("FARGATE");
        TaskSizes.Size size = TaskSizes.fargateOneOff(task.cpu(), task.memory());
        if (containers.stream().noneMatch(c -> c.name().equals(request.containerName()))) {
            throw SdkException.create("task definition " + base.taskDefinitionArn() + " has no container "
                    + request.containerName(), null);
        }
        return ecs.registerTaskDefinition(r -> r
                .family(base.family())
                .taskRoleArn(base.taskRoleArn())
                .executionRoleArn(base.executionRoleArn())
                .networkMode(base.networkMode())
                .requiresCompatibilitiesWithStrings(base.requiresCompatibilitiesAsStrings())
                .cpu(fargate ? String.valueOf(size.cpu()) : base.cpu())
                .memory(fargate ? String.valueOf(size.memory()) : base.memory())
                .containerDefinitions(containers))
                .taskDefinition().taskDefinitionArn();
    }

    /** A task past its time is stopped, not left running beside the deployment it was meant to precede. */
    private void stop(OneOffTaskRequest request, String taskArn) {
        try {
            ecs.stopTask(r -> r.cluster(request.cluster()).task(taskArn)
                    .reason("Rambla: before_deploy did not finish within " + timeout.toSeconds() + " s"));
        } catch (SdkException e) {
            LOG.warn("{}: before_deploy task {} timed out and could not be stopped: {}", request.unitId(), taskArn, e.getMessage());
        }
    }

    private OneOffTaskResult waitForStop(OneOffTaskRequest request, Task started) {
        Instant deadline = Instant.now().plus(timeout);
        Task task = started;
        for (int attempt = 0; !"STOPPED".equals(task.lastStatus()); attempt++) {
            if (Instant.now().isAfter(deadline)) {
                stop(request, task.taskArn());
                return new OneOffTaskResult.TimedOut(task.taskArn(), task.lastStatus(), timeout);
            }
            backoff.sleep(attempt);
            String arn = task.taskArn();
            var described = ecs.describeTasks(r -> r.cluster(request.cluster()).tasks(arn));
            if (!described.hasTasks() || described.tasks().isEmpty()) {
                String reasons = described.failures().stream().map(f -> f.reason() + (f.detail() == null ? "" : " (" + f.detail() + ")"))
                        .collect(Collectors.joining("; "));
                return new OneOffTaskResult.NotRun("ECS no longer describes task " + arn + (reasons.isEmpty() ? "" : ": " + reasons));
            }
            task = described.tasks().get(0);
        }
        Container container = task.containers().stream().filter(c -> request.containerName().equals(c.name())).findFirst()
                .orElse(null);
        if (container != null && container.exitCode() != null) {
            return new OneOffTaskResult.Exited(task.taskArn(), container.exitCode());
        }
        return new OneOffTaskResult.StoppedWithoutExitCode(task.taskArn(), task.stopCodeAsString(), task.stoppedReason(),
                container == null ? null : container.reason());
    }
}
