package io.rambla.run;

import io.micronaut.context.annotation.Factory;
import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.config.AwsConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The daemon's one-off runs: the home region's clients, and clients of other regions made once
 * each and closed with the context.
 */
@Factory
public class UnitRunsFactory implements AutoCloseable {

    private final Map<String, CloudFormationClient> cloudFormation = new ConcurrentHashMap<>();
    private final Map<String, EcsClient> ecs = new ConcurrentHashMap<>();

    @Singleton
    StackOutputs stackOutputs(CloudFormationClient home, AwsConfig aws, AwsCallCounter counter) {
        return new AwsStackOutputs(region -> region.equals(aws.region()) ? home
                : cloudFormation.computeIfAbsent(region, r -> AwsClientFactory.cloudFormation(aws.inRegion(r), counter)));
    }

    @Singleton
    UnitRuns unitRuns(StackOutputs outputs, EcsClient home, AwsConfig aws, AwsCallCounter counter) {
        return new UnitRuns(outputs, region -> new AwsEcsTasks(region.equals(aws.region()) ? home
                : ecs.computeIfAbsent(region, r -> AwsClientFactory.ecs(aws.inRegion(r), counter))));
    }

    @PreDestroy
    @Override
    public void close() {
        cloudFormation.values().forEach(CloudFormationClient::close);
        ecs.values().forEach(EcsClient::close);
    }
}
