package io.rambla.apply;

/**
 * Runs one ECS task to its end: the port {@code before_deploy} goes through. The adapter
 * ({@link AwsOneOffTasks}) registers the task definition, starts the task and waits; it never
 * throws for what ECS says, it returns it.
 */
@FunctionalInterface
public interface OneOffTasks {

    OneOffTaskResult run(OneOffTaskRequest request);

    /**
     * Runs {@code request.baseTaskDefinitionArn()} as it is, registering nothing: CloudFormation
     * registered that revision for this very commit (the first step of a {@code before_deploy}
     * rollout), with its image, size, environment, secrets and roles. An identical request (same
     * client token) gets the same task back from ECS. Ports that cannot tell the two apart run it as
     * {@link #run} does.
     */
    default OneOffTaskResult runAsRegistered(OneOffTaskRequest request) {
        return run(request);
    }
}
