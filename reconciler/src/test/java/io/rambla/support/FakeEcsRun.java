package io.rambla.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link FakeEcs} playing a task of {@code rambla run}: the live one-off task definition (logging to
 * a given CloudWatch Logs group), a task that RunTask starts and that stays RUNNING until the test
 * says how it stopped. A newer WireMock stub wins over an older one, so each step re-stubs DescribeTasks.
 */
public final class FakeEcsRun {

    public static final String TASK_ID = FakeEcs.TASK_ARN.substring(FakeEcs.TASK_ARN.lastIndexOf('/') + 1);
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeEcs fake;

    public FakeEcsRun(FakeEcs fake) {
        this.fake = fake;
    }

    /** The live one-off task definition {@code arn}, its container logging to {@code logGroup} with prefix {@code one-off}. */
    public FakeEcsRun oneOffDefinition(String arn, String logGroup, boolean fargate) {
        stub("DescribeTaskDefinition", """
                {"taskDefinition": {
                  "taskDefinitionArn": %s, "family": "%s", "revision": 7, "status": "ACTIVE",
                  "taskRoleArn": "%s", "executionRoleArn": "%s",
                  "networkMode": "awsvpc", "requiresCompatibilities": ["%s"]%s,
                  "containerDefinitions": [{
                    "name": "one-off", "image": "000000000000.dkr.ecr.us-east-1.amazonaws.com/shop:1.27", "essential": true,
                    "cpu": 128, "memory": 512,
                    "environment": [{"name": "RAILS_ENV", "value": "production"}],
                    "logConfiguration": {"logDriver": "awslogs", "options": {
                      "awslogs-group": %s, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "one-off"}}}]}}
                """.formatted(quote(arn), FakeEcs.FAMILY, FakeEcs.TASK_ROLE, FakeEcs.EXECUTION_ROLE, fargate ? "FARGATE" : "EC2",
                fargate ? ", \"cpu\": \"256\", \"memory\": \"512\"" : "", quote(logGroup)));
        return this;
    }

    /** RunTask starts {@link FakeEcs#TASK_ARN}; DescribeTasks says RUNNING; StopTask answers. */
    public FakeEcsRun startsARunningTask() {
        stub("RunTask", """
                {"tasks": [{"taskArn": "%s", "lastStatus": "PROVISIONING", "desiredStatus": "RUNNING",
                            "containers": [{"name": "one-off", "lastStatus": "PENDING"}]}], "failures": []}
                """.formatted(FakeEcs.TASK_ARN));
        describes("""
                {"taskArn": "%s", "lastStatus": "RUNNING", "desiredStatus": "RUNNING",
                 "containers": [{"name": "one-off", "lastStatus": "RUNNING"}]}
                """.formatted(FakeEcs.TASK_ARN));
        stub("StopTask", """
                {"task": {"taskArn": "%s", "lastStatus": "RUNNING", "desiredStatus": "STOPPED"}}
                """.formatted(FakeEcs.TASK_ARN));
        return this;
    }

    /**
     * From now on the task is RUNNING and its container's ECS Exec agent is {@code agentStatus}, as for a
     * task started with enableExecuteCommand.
     */
    public FakeEcsRun execAgent(String agentStatus) {
        describes("""
                {"taskArn": "%s", "lastStatus": "RUNNING", "desiredStatus": "RUNNING", "enableExecuteCommand": true,
                 "containers": [{"name": "one-off", "lastStatus": "RUNNING",
                                 "managedAgents": [{"name": "ExecuteCommandAgent", "lastStatus": %s}]}]}
                """.formatted(FakeEcs.TASK_ARN, quote(agentStatus)));
        return this;
    }

    /** From now on the task is STOPPED, its container having exited with {@code exitCode}. */
    public void exits(int exitCode) {
        describes("""
                {"taskArn": "%s", "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
                 "stopCode": "EssentialContainerExited", "stoppedReason": "Essential container in task exited",
                 "containers": [{"name": "one-off", "lastStatus": "STOPPED", "exitCode": %d}]}
                """.formatted(FakeEcs.TASK_ARN, exitCode));
    }

    /** From now on the task is STOPPED without its container having run. */
    public void neverStarted(String stoppedReason, String containerReason) {
        describes("""
                {"taskArn": "%s", "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
                 "stopCode": "TaskFailedToStart", "stoppedReason": %s,
                 "containers": [{"name": "one-off", "lastStatus": "STOPPED", "reason": %s}]}
                """.formatted(FakeEcs.TASK_ARN, quote(stoppedReason), quote(containerReason)));
    }

    private void describes(String task) {
        stub("DescribeTasks", "{\"tasks\": [" + task + "], \"failures\": []}");
    }

    private void stub(String operation, String body) {
        fake.server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(FakeEcs.TARGET_PREFIX + operation))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", CONTENT_TYPE).withBody(body)));
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
