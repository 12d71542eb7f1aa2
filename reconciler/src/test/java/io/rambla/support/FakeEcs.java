package io.rambla.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.config.AwsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A WireMock stand-in for the ECS API, which the local emulator does not have. It speaks ECS's
 * JSON 1.1 protocol (POST /, {@code X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Operation>})
 * with request and response shapes from the ECS API reference, and plays one task: registered,
 * started, RUNNING once, then STOPPED as the test chose.
 */
public final class FakeEcs implements AutoCloseable {

    public static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    public static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/rambla-district-main/5b1e4d1c0a8f4b1c9d2e3f4a5b6c7d8e";
    public static final String EXECUTION_ROLE = "arn:aws:iam::123456789012:role/rambla-app-shop-production-ExecutionRole-AbC";
    public static final String TASK_ROLE = "arn:aws:iam::123456789012:role/rambla-app-shop-production-TaskRole-XyZ";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final WireMockServer server = new WireMockServer(options().dynamicPort());

    public FakeEcs() {
        server.start();
    }

    public EcsClient client() {
        return AwsClientFactory.ecs(new AwsConfig(REGION, server.baseUrl(), "test", "test"), new AwsCallCounter());
    }

    /** The family's live revision 7, as CloudFormation registered it, with the previous image. */
    public static final String FAMILY = "rambla-app-shop-production-one-off";

    public static String liveTaskDefinitionArn(String family) {
        return "arn:aws:ecs:us-east-1:123456789012:task-definition/" + family + ":7";
    }

    /** A task whose container exits with {@code exitCode}. */
    public FakeEcs taskExits(int exitCode) {
        server.resetScenarios();
        stubRegistration();
        stubRunTask();
        stubDescribeTasks("""
                {"taskArn": "%s", "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
                 "stopCode": "EssentialContainerExited", "stoppedReason": "Essential container in task exited",
                 "containers": [{"name": "one-off", "lastStatus": "STOPPED", "exitCode": %d}]}
                """.formatted(TASK_ARN, exitCode));
        return this;
    }

    /** A task that stops before its container ran, with ECS's {@code stoppedReason}. */
    public FakeEcs taskNeverStarts(String stoppedReason) {
        stubRegistration();
        stubRunTask();
        stubDescribeTasks("""
                {"taskArn": "%s", "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
                 "stopCode": "TaskFailedToStart", "stoppedReason": %s,
                 "containers": [{"name": "one-off", "lastStatus": "STOPPED"}]}
                """.formatted(TASK_ARN, quote(stoppedReason)));
        return this;
    }

    /** RunTask places no task and lists a failure instead. */
    public FakeEcs taskCannotBePlaced(String reason) {
        stubRegistration();
        stub("RunTask", """
                {"tasks": [], "failures": [{"arn": "arn:aws:ecs:us-east-1:123456789012:container-instance/abc", "reason": %s}]}
                """.formatted(quote(reason)));
        return this;
    }

    private void stubRegistration() {
        // Whatever it is asked for (the emulator's stand-in stacks output `unknown`), it answers with the
        // live revision 7 of FAMILY, as CloudFormation would have registered it.
        stub("DescribeTaskDefinition", """
                {"taskDefinition": {
                  "taskDefinitionArn": "%s", "family": "%s", "revision": 7, "status": "ACTIVE",
                  "taskRoleArn": "%s", "executionRoleArn": "%s",
                  "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
                  "containerDefinitions": [{
                    "name": "one-off", "image": "public.ecr.aws/nginx/nginx:1.27", "essential": true,
                    "environment": [{"name": "OLD", "value": "gone"}],
                    "logConfiguration": {"logDriver": "awslogs", "options": {
                      "awslogs-group": "rambla-app-shop-production-OneOffLogGroup-Q1w2", "awslogs-region": "us-east-1",
                      "awslogs-stream-prefix": "one-off"}}}]}}
                """.formatted(liveTaskDefinitionArn(FAMILY), FAMILY, TASK_ROLE, EXECUTION_ROLE));
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + "RegisterTaskDefinition"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", CONTENT_TYPE)
                        .withTransformers("response-template")
                        .withBody("""
                                {"taskDefinition": {
                                  "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/{{jsonPath request.body '$.family'}}:8",
                                  "family": "{{jsonPath request.body '$.family'}}", "revision": 8, "status": "ACTIVE"}}
                                """)));
    }

    /** A task that is RUNNING on every DescribeTasks, until another stub ends it; StopTask is answered. */
    public FakeEcs taskKeepsRunning() {
        stubRegistration();
        stubRunTask();
        server.resetScenarios();
        stub("DescribeTasks", """
                {"tasks": [{"taskArn": "%s", "lastStatus": "RUNNING", "desiredStatus": "RUNNING",
                            "containers": [{"name": "one-off", "lastStatus": "RUNNING"}]}], "failures": []}
                """.formatted(TASK_ARN));
        return stopsTasks();
    }

    /** DescribeTasks breaks off the connection: the daemon loses sight of a task that goes on running. */
    public FakeEcs connectionLostOnDescribeTasks() {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + "DescribeTasks"))
                .willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        return this;
    }

    /**
     * The ACTIVE revisions ListTaskDefinitions lists (newest first, as asked with sort DESC): those
     * of {@code family} numbered {@code revisions}, and one of a family whose name merely starts
     * the same; DeregisterTaskDefinition answers for any.
     */
    public FakeEcs activeRevisions(String family, int... revisions) {
        List<String> arns = new java.util.ArrayList<>();
        arns.add(quote("arn:aws:ecs:us-east-1:123456789012:task-definition/" + family + "-2:99"));
        java.util.Arrays.stream(revisions).boxed().sorted(java.util.Comparator.reverseOrder())
                .forEach(n -> arns.add(quote("arn:aws:ecs:us-east-1:123456789012:task-definition/" + family + ":" + n)));
        stub("ListTaskDefinitions", "{\"taskDefinitionArns\": [" + String.join(", ", arns) + "]}");
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + "DeregisterTaskDefinition"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", CONTENT_TYPE)
                        .withTransformers("response-template")
                        .withBody("""
                                {"taskDefinition": {"taskDefinitionArn": "{{jsonPath request.body '$.taskDefinition'}}", "status": "INACTIVE"}}
                                """)));
        return this;
    }

    /** The region each request was signed for (its SigV4 credential scope), in order. */
    public List<String> signedRegions() {
        var events = new java.util.ArrayList<>(server.getAllServeEvents());
        java.util.Collections.reverse(events);
        var scope = java.util.regex.Pattern.compile("Credential=[^/]+/\\d{8}/([a-z0-9-]+)/ecs/");
        return events.stream().map(e -> {
            var m = scope.matcher(String.valueOf(e.getRequest().getHeader("Authorization")));
            return m.find() ? m.group(1) : "unsigned";
        }).toList();
    }

    /** StopTask answers with the task, stopping. */
    public FakeEcs stopsTasks() {
        stub("StopTask", """
                {"task": {"taskArn": "%s", "lastStatus": "RUNNING", "desiredStatus": "STOPPED"}}
                """.formatted(TASK_ARN));
        return this;
    }

    private void stubRunTask() {
        stub("RunTask", """
                {"tasks": [{"taskArn": "%s", "lastStatus": "PROVISIONING", "desiredStatus": "RUNNING",
                            "containers": [{"name": "one-off", "lastStatus": "PENDING"}]}],
                 "failures": []}
                """.formatted(TASK_ARN));
    }

    /** RUNNING on the first DescribeTasks, then {@code stopped} on every later one. */
    private void stubDescribeTasks(String stopped) {
        String target = TARGET_PREFIX + "DescribeTasks";
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target))
                .inScenario("task").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("stopped")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", CONTENT_TYPE).withBody("""
                        {"tasks": [{"taskArn": "%s", "lastStatus": "RUNNING", "desiredStatus": "RUNNING",
                                    "containers": [{"name": "one-off", "lastStatus": "RUNNING"}]}], "failures": []}
                        """.formatted(TASK_ARN))));
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target))
                .inScenario("task").whenScenarioStateIs("stopped")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", CONTENT_TYPE)
                        .withBody("{\"tasks\": [" + stopped + "], \"failures\": []}")));
    }

    private void stub(String operation, String body) {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", CONTENT_TYPE).withBody(body)));
    }

    /** The bodies of the requests of one operation, in order. */
    public List<JsonNode> requests(String operation) {
        return server.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET_PREFIX + operation)))
                .stream().map(r -> json(r.getBodyAsString())).toList();
    }

    /** Every operation called, in order. */
    public List<String> operations() {
        var events = new java.util.ArrayList<>(server.getAllServeEvents());
        java.util.Collections.reverse(events);
        return events.stream().map(e -> e.getRequest().getHeader("X-Amz-Target").substring(TARGET_PREFIX.length())).toList();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
