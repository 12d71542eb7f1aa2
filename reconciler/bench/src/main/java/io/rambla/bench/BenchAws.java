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
     * Creates deploy/'s permissions boundary in the emulator's IAM when it is missing, as
     * {@code ./rambla demo} does: every role Rambla renders names it, and IAM refuses a role whose
     * boundary does not exist. The emulator takes IAM's query API without a real signature; this
     * module has no IAM client, and the call is made once per run.
     */
    void ensurePermissionsBoundary(Path policyDocument) throws java.io.IOException, InterruptedException {
        String body = "Action=CreatePolicy&Version=2010-05-08&PolicyName=rambla-permissions-boundary&PolicyDocument="
                + java.net.URLEncoder.encode(java.nio.file.Files.readString(policyDocument), java.nio.charset.StandardCharsets.UTF_8);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/" + REGION
                        + "/iam/aws4_request, SignedHeaders=host, Signature=0")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && !response.body().contains("EntityAlreadyExists")) {
            throw new IllegalStateException("could not create the permissions boundary in the emulator: HTTP "
                    + response.statusCode() + " " + response.body());
        }
    }

    /** A new client whose calls are counted by {@code counter}, for the Rambla under test. */
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
