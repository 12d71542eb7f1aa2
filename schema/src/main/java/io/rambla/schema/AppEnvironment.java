package io.rambla.schema;

import java.util.List;

/** One entry of {@code environments:} in a barcelona.yml. */
public record AppEnvironment(
        String environment,
        String name,
        String district,
        String imageName,
        String imageTag,
        String beforeDeploy,
        List<Service> services,
        List<EnvironmentVariable> environmentVariables,
        List<ScheduledTask> scheduledTasks) {

    public AppEnvironment {
        services = List.copyOf(services);
        environmentVariables = List.copyOf(environmentVariables);
        scheduledTasks = List.copyOf(scheduledTasks);
    }
}
