package io.rambla.cli;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.config.AwsConfig;
import io.rambla.run.AwsEcsTasks;
import io.rambla.run.AwsStackOutputs;
import io.rambla.run.AwsTaskLogs;
import java.time.Duration;
import java.util.Arrays;

/**
 * {@code rambla run} in a process of its own, for {@code RunCommandIT} to interrupt as Ctrl-C does:
 * CloudFormation and CloudWatch Logs at the emulator, ECS at the FakeEcs of the test.
 * Arguments: ECS endpoint, emulator endpoint, then rambla run's own.
 */
public final class RunInterruptMain {

    private RunInterruptMain() {}

    public static void main(String[] args) {
        var ecs = AwsClientFactory.ecs(new AwsConfig("us-east-1", args[0], "test", "test"), new AwsCallCounter());
        var emulator = new AwsConfig("us-east-1", args[1], "test", "test");
        var cloudFormation = AwsClientFactory.cloudFormation(emulator, new AwsCallCounter());
        var logs = AwsClientFactory.logs(emulator, new AwsCallCounter());
        var command = new RunCommand(System.out, System.err, arguments -> region -> new RunCommand.Clients(
                new AwsStackOutputs(r -> cloudFormation), new AwsEcsTasks(ecs), new AwsTaskLogs(logs)), Duration.ofMillis(200));
        System.exit(command.runStoppingOnInterrupt(Arrays.asList(args).subList(2, args.length)));
    }
}
