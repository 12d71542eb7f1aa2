package io.rambla.apply;

/**
 * Runs one ECS task to its end: the port {@code before_deploy} goes through. The adapter
 * ({@link AwsOneOffTasks}) registers the task definition, starts the task and waits; it never
 * throws for what ECS says, it returns it.
 */
@FunctionalInterface
public interface OneOffTasks {

    OneOffTaskResult run(OneOffTaskRequest request);
}
