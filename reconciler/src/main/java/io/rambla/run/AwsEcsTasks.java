package io.rambla.run;

import io.rambla.schema.TaskSizes;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

/**
 * {@link EcsTasks} on ECS: DescribeTaskDefinition of the live one-off task definition (to learn
 * where its container logs), RunTask of that very revision on the district's cluster and capacity
 * provider in awsvpc mode, with the command and size overridden and no public IP; DescribeTasks
 * and StopTask. Unlike {@code before_deploy} nothing is registered: the live revision already holds
 * the image, environment ({@code run_env} included), secrets and roles of the last deployment.
 */
public final class AwsEcsTasks implements EcsTasks {

    /** Shows in the ECS console who started the task. */
    static final String STARTED_BY = "rambla-run";
    /** The managed agent ECS runs in a container started with ECS Exec enabled. */
    static final String EXEC_AGENT = "ExecuteCommandAgent";

    private final EcsClient ecs;

    public AwsEcsTasks(EcsClient ecs) {
        this.ecs = ecs;
    }

    @Override
    public StartedTask start(RunTarget target, RunSpec spec, String clientToken, boolean enableExecuteCommand) {
        TaskDefinition definition = call("DescribeTaskDefinition", () -> ecs.describeTaskDefinition(r -> r
                .taskDefinition(target.taskDefinitionArn())).taskDefinition());
        ContainerDefinition container = definition.containerDefinitions().stream()
                .filter(c -> target.containerName().equals(c.name())).findFirst()
                .orElseThrow(() -> new RunException("task definition " + target.taskDefinitionArn() + " has no container "
                        + target.containerName()));
        boolean fargate = definition.requiresCompatibilitiesAsStrings().contains("FARGATE");
        TaskOverride.Builder overrides = TaskOverride.builder().containerOverrides(ContainerOverride.builder()
                .name(target.containerName())
                .command(spec.command())
                .cpu(spec.cpu())
                .memory(spec.memory())
                .build());
        if (fargate && (spec.cpu() != null || spec.memory() != null)) {
            // Fargate sizes the task, from its list of pairs; the smallest pair that holds the container.
            int cpu = spec.cpu() != null ? spec.cpu() : container.cpu() != null ? container.cpu() : 0;
            int memory = spec.memory() != null ? spec.memory() : container.memory() != null ? container.memory() : 512;
            TaskSizes.Size size = TaskSizes.fargateOneOff(cpu, memory);
            overrides.cpu(String.valueOf(size.cpu())).memory(String.valueOf(size.memory()));
        }
        RunTaskResponse started = call("RunTask", () -> ecs.runTask(r -> r
                .clientToken(clientToken)
                .cluster(target.cluster())
                .taskDefinition(target.taskDefinitionArn())
                .count(1)
                .startedBy(STARTED_BY)
                .enableExecuteCommand(enableExecuteCommand ? Boolean.TRUE : null)
                .capacityProviderStrategy(CapacityProviderStrategyItem.builder()
                        .capacityProvider(target.capacityProvider()).weight(1).build())
                .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                        .subnets(target.subnets())
                        .securityGroups(target.securityGroup())
                        .assignPublicIp(AssignPublicIp.DISABLED)
                        .build()).build())
                .overrides(overrides.build())));
        if (!started.hasTasks() || started.tasks().isEmpty()) {
            String reasons = started.failures().stream()
                    .map(f -> f.reason() + (f.detail() == null ? "" : " (" + f.detail() + ")") + (f.arn() == null ? "" : " on " + f.arn()))
                    .collect(Collectors.joining("; "));
            throw new RunException("ECS started no task: " + (reasons.isEmpty() ? "RunTask gave no reason" : reasons));
        }
        String taskArn = started.tasks().get(0).taskArn();
        return new StartedTask(taskArn, logs(container, taskArn));
    }

    /** Where the awslogs driver writes the container's output; null for any other driver. */
    static TaskLogs.Stream logs(ContainerDefinition container, String taskArn) {
        if (container.logConfiguration() == null || !"awslogs".equals(container.logConfiguration().logDriverAsString())) {
            return null;
        }
        Map<String, String> options = container.logConfiguration().options();
        String group = options.get("awslogs-group");
        String prefix = options.get("awslogs-stream-prefix");
        return group == null || prefix == null ? null : TaskLogs.Stream.of(group, prefix, container.name(), taskArn);
    }

    @Override
    public TaskStatus describe(RunTarget target, String taskArn) {
        var described = call("DescribeTasks", () -> ecs.describeTasks(r -> r.cluster(target.cluster()).tasks(taskArn)));
        if (!described.hasTasks() || described.tasks().isEmpty()) {
            String reasons = described.failures().stream().map(f -> f.reason() + (f.detail() == null ? "" : " (" + f.detail() + ")"))
                    .collect(Collectors.joining("; "));
            throw new RunException("ECS no longer describes task " + taskArn + (reasons.isEmpty() ? "" : ": " + reasons));
        }
        Task task = described.tasks().get(0);
        List<Container> containers = task.hasContainers() ? task.containers() : List.of();
        Container container = containers.stream().filter(c -> target.containerName().equals(c.name())).findFirst().orElse(null);
        String execAgent = container == null || !container.hasManagedAgents() ? null : container.managedAgents().stream()
                .filter(a -> EXEC_AGENT.equals(a.nameAsString())).map(a -> a.lastStatus()).findFirst().orElse(null);
        return new TaskStatus(task.lastStatus(), container == null ? null : container.exitCode(), task.stopCodeAsString(),
                task.stoppedReason(), container == null ? null : container.reason(), execAgent);
    }

    @Override
    public void stop(RunTarget target, String taskArn, String reason) {
        call("StopTask", () -> ecs.stopTask(r -> r.cluster(target.cluster()).task(taskArn).reason(reason)));
    }

    private static <T> T call(String operation, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new RunException("ECS " + operation + " failed: " + e.getMessage(), e);
        }
    }
}
