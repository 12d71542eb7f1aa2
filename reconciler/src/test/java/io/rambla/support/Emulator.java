package io.rambla.support;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.config.AwsConfig;
import java.net.HttpURLConnection;
import java.net.URI;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** The local AWS emulator the integration tests run against (scripts/aws-emulator start). */
public final class Emulator {

    public static final String ENDPOINT = System.getenv().getOrDefault("RAMBLA_TEST_AWS_ENDPOINT", "http://127.0.0.1:4566");
    public static final String REGION = "us-east-1";

    private Emulator() {}

    public static AwsConfig config() {
        requireRunning();
        return new AwsConfig(REGION, ENDPOINT, "test", "test");
    }

    public static CloudFormationClient cloudFormation(AwsCallCounter counter) {
        return AwsClientFactory.cloudFormation(config(), counter);
    }

    /** Fails, rather than skips, so a CI run without the emulator cannot pass by testing nothing. */
    public static void requireRunning() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(ENDPOINT + "/_localstack/health").toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(5000);
            if (connection.getResponseCode() != 200) {
                throw new IllegalStateException("HTTP " + connection.getResponseCode());
            }
        } catch (Exception e) {
            throw new AssertionError("the AWS emulator does not answer at " + ENDPOINT
                    + " (" + e.getMessage() + "); start it with: scripts/aws-emulator start", e);
        }
    }

    /** A name no earlier run against the same emulator has used. */
    public static String uniqueName(String base) {
        return base + "-" + Long.toString(System.nanoTime(), 36).substring(4);
    }
}
