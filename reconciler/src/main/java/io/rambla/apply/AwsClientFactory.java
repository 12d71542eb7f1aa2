package io.rambla.apply;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.rambla.config.AwsConfig;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Builds the AWS clients from {@link AwsConfig}, honouring an endpoint override for emulators. */
@Factory
public class AwsClientFactory {

    @Singleton
    @Bean(preDestroy = "close")
    CloudFormationClient cloudFormationClient(AwsConfig config, AwsCallCounter counter) {
        return cloudFormation(config, counter);
    }

    @Singleton
    @Bean(preDestroy = "close")
    EcsClient ecsClient(AwsConfig config, AwsCallCounter counter) {
        return ecs(config, counter);
    }

    @Singleton
    AwsCallCounter awsCallCounter() {
        return new AwsCallCounter();
    }

    public static CloudFormationClient cloudFormation(AwsConfig config, AwsCallCounter counter) {
        return configured(CloudFormationClient.builder(), config, counter);
    }

    /** The ECS API, for {@code before_deploy}; the same region, credentials and endpoint override. */
    public static EcsClient ecs(AwsConfig config, AwsCallCounter counter) {
        return configured(EcsClient.builder(), config, counter);
    }

    /** CloudWatch Logs, where {@code rambla run} reads a one-off task's output. */
    public static CloudWatchLogsClient logs(AwsConfig config, AwsCallCounter counter) {
        return configured(CloudWatchLogsClient.builder(), config, counter);
    }

    /** SSM Parameter Store (notification secrets); the same credentials, timeouts and endpoint override. */
    public static software.amazon.awssdk.services.ssm.SsmClient ssm(AwsConfig config, AwsCallCounter counter) {
        return configured(software.amazon.awssdk.services.ssm.SsmClient.builder(), config, counter);
    }

    /** Every client alike: region, credentials, timeouts, the call counter and any endpoint override. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configured(
            B builder, AwsConfig config, AwsCallCounter counter) {
        builder.region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .addExecutionInterceptor(counter)
                        .build());
        builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60)));
        if (config.endpoint() != null && !config.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(config.endpoint()));
        }
        return builder.build();
    }

    static AwsCredentialsProvider credentials(AwsConfig config) {
        if (config.accessKeyId() != null && config.secretAccessKey() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
        }
        if (config.endpoint() != null && !config.endpoint().isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
