package io.rambla.bench;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.config.AwsConfig;
import io.rambla.render.RenderedUnit;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** The emulator as the benchmarks see it: clients that count their calls, live tags, and clean-up. */
final class BenchAws implements AutoCloseable {

    static final String REGION = "us-east-1";

    private final String endpoint;
    private final AwsCallCounter counter = new AwsCallCounter();
    private final CloudFormationClient client;

    BenchAws(String endpoint) {
        this.endpoint = endpoint;
        this.client = AwsClientFactory.cloudFormation(config(endpoint), counter);
    }

    static AwsConfig config(String endpoint) {
        return new AwsConfig(REGION, endpoint, "test", "test");
    }

    String endpoint() {
        return endpoint;
    }

    /**
     * Creates deploy/'s permissions boundary in the emulator when it is missing, as the
     * integration tests do (the same stack, {@code emulator-permissions-boundary}, so either finds
     * the other's): every role Rambla renders names it, and IAM refuses a role whose boundary does
     * not exist.
     */
    void ensurePermissionsBoundary(Path policyDocument) throws java.io.IOException {
        String name = "emulator-permissions-boundary";
        if (stack(name).filter(s -> s.stackStatusAsString().equals("CREATE_COMPLETE")).isPresent()) {
            return;
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var template = json.createObjectNode();
        var policy = template.putObject("Resources").putObject("PermissionsBoundary");
        policy.put("Type", "AWS::IAM::ManagedPolicy");
        policy.putObject("Properties").put("ManagedPolicyName", "rambla-permissions-boundary")
                .set("PolicyDocument", json.readTree(policyDocument.toFile()));
        String body = json.writeValueAsString(template);
        try {
            client.createStack(r -> r.stackName(name).templateBody(body));
        } catch (software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException e) {
            // being created by someone else: wait for it below
        }
        client.waiter().waitUntilStackCreateComplete(r -> r.stackName(name));
    }

    /** A new client whose calls are counted by {@code calls}, for the Rambla under test. */
    CloudFormationClient countedClient(AwsCallCounter calls) {
        return AwsClientFactory.cloudFormation(config(endpoint), calls);
    }

    Optional<Stack> stack(String name) {
        try {
            return client.describeStacks(b -> b.stackName(name)).stacks().stream().findFirst();
        } catch (CloudFormationException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The tags the live stack carries, Rambla's bookkeeping tags included. */
    Map<String, String> liveTags(String stackName) {
        Map<String, String> tags = new TreeMap<>();
        stack(stackName).ifPresent(s -> s.tags().forEach(t -> tags.put(t.key(), t.value())));
        return tags;
    }

    /**
     * Deletes the units' stacks, downstream first, waiting (bounded) for each tier to go before
     * deleting what it depends on. Best effort: failures are reported, not thrown.
     */
    void deleteStacks(List<RenderedUnit> units, PrintStream progress) {
        List<List<String>> tiers = new ArrayList<>();
        for (String kind : List.of("APP", "ENDPOINT", "DISTRICT")) {
            tiers.add(units.stream().filter(u -> u.unit().kind().name().equals(kind)).map(u -> u.stack().stackName()).toList());
        }
        int deleted = 0;
        for (List<String> tier : tiers) {
            for (String name : tier) {
                try {
                    client.deleteStack(b -> b.stackName(name));
                    deleted++;
                } catch (RuntimeException e) {
                    progress.println("  could not delete " + name + ": " + e.getMessage());
                }
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            for (String name : tier) {
                while (System.nanoTime() < deadline && stack(name).filter(s -> !s.stackStatusAsString().equals("DELETE_COMPLETE")).isPresent()) {
                    sleep(200);
                }
            }
        }
        progress.println("  deleted " + deleted + " stacks");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
