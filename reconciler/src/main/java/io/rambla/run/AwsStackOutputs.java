package io.rambla.run;

import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.plan.LiveStack;
import io.rambla.retry.Backoff;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** {@link StackOutputs} through DescribeStacks, with a CloudFormation client per region. */
public final class AwsStackOutputs implements StackOutputs {

    private final Function<String, CloudFormationClient> clients;

    /** @param clients the CloudFormation client of a region; called for each read, so it should cache */
    public AwsStackOutputs(Function<String, CloudFormationClient> clients) {
        this.clients = clients;
    }

    @Override
    public Optional<Map<String, String>> of(String region, String stackName) {
        try {
            return new AwsCloudFormationStacks(clients.apply(region), Backoff.standard()).describe(stackName).map(LiveStack::outputs);
        } catch (RuntimeException e) {
            throw new RunException("CloudFormation DescribeStacks of " + stackName + " in " + region + " failed: " + e.getMessage(), e);
        }
    }
}
