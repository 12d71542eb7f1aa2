package io.rambla.support;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.config.AwsConfig;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        answers();
        ensurePermissionsBoundary();
    }

    private static boolean boundaryEnsured;

    /**
     * Every role Rambla renders names the permissions boundary deploy/ creates, and IAM (the
     * emulator's too) refuses a role whose boundary does not exist: create it once per emulator,
     * from deploy/permissions-boundary.json, through CloudFormation as deploy/ does.
     */
    private static synchronized void ensurePermissionsBoundary() {
        if (boundaryEnsured) {
            return;
        }
        String stack = "emulator-permissions-boundary";
        try (CloudFormationClient cloudFormation = AwsClientFactory.cloudFormation(new AwsConfig(REGION, ENDPOINT, "test", "test"),
                new AwsCallCounter())) {
            boolean exists;
            try {
                exists = cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().stream()
                        .anyMatch(s -> s.stackStatusAsString().equals("CREATE_COMPLETE"));
            } catch (software.amazon.awssdk.services.cloudformation.model.CloudFormationException e) {
                exists = false;
            }
            if (!exists) {
                Path boundary = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../deploy/permissions-boundary.json");
                ObjectMapper json = new ObjectMapper();
                var template = json.createObjectNode();
                var policy = template.putObject("Resources").putObject("PermissionsBoundary");
                policy.put("Type", "AWS::IAM::ManagedPolicy");
                policy.putObject("Properties").put("ManagedPolicyName", "rambla-permissions-boundary")
                        .set("PolicyDocument", json.readTree(boundary.toFile()));
                String body = json.writeValueAsString(template);
                try {
                    cloudFormation.createStack(r -> r.stackName(stack).templateBody(body));
                } catch (software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException e) {
                    // another test JVM is creating it: wait for it below
                }
                cloudFormation.waiter().waitUntilStackCreateComplete(r -> r.stackName(stack));
            }
            boundaryEnsured = true;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void answers() {
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
