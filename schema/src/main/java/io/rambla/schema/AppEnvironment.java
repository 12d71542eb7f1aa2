package io.rambla.schema;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code environments:} in a barcelona.yml.
 *
 * @param runEnv           Barcelona's {@code run_env.vars}: added to one-off tasks only (before_deploy)
 * @param beforeDeployCpu  CPU units of the before_deploy task
 * @param beforeDeployMemory MiB of the before_deploy task
 */
public record AppEnvironment(
        String environment,
        String name,
        String district,
        String imageName,
        String imageTag,
        String beforeDeploy,
        List<Service> services,
        List<EnvironmentVariable> environmentVariables,
        List<ScheduledTask> scheduledTasks,
        Map<String, String> runEnv,
        int beforeDeployCpu,
        int beforeDeployMemory,
        String slackUrlSecret) {

    public AppEnvironment {
        services = List.copyOf(services);
        environmentVariables = List.copyOf(environmentVariables);
        scheduledTasks = List.copyOf(scheduledTasks);
        runEnv = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(runEnv));
    }

    /** Without a Slack target of its own ({@code slack_url}). */
    public AppEnvironment(String environment, String name, String district, String imageName, String imageTag,
                          String beforeDeploy, List<Service> services, List<EnvironmentVariable> environmentVariables,
                          List<ScheduledTask> scheduledTasks, Map<String, String> runEnv, int beforeDeployCpu, int beforeDeployMemory) {
        this(environment, name, district, imageName, imageTag, beforeDeploy, services, environmentVariables, scheduledTasks,
                runEnv, beforeDeployCpu, beforeDeployMemory, null);
    }

    public AppEnvironment(String environment, String name, String district, String imageName, String imageTag,
                          String beforeDeploy, List<Service> services, List<EnvironmentVariable> environmentVariables,
                          List<ScheduledTask> scheduledTasks) {
        this(environment, name, district, imageName, imageTag, beforeDeploy, services, environmentVariables, scheduledTasks,
                Map.of(), Defaults.ONE_OFF_CPU, Defaults.ONE_OFF_MEMORY);
    }
}
