package io.rambla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.plan.DesiredState;
import io.rambla.render.StackTags;
import io.rambla.retry.Backoff;
import io.rambla.support.Emulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;

/**
 * With {@code rambla.aws.cloudformation-role-arn} set, CloudFormation acts with that role: every
 * change set and deletion the daemon asks for names it. The emulator does not show a stack's role,
 * so the test reads the requests as they leave the SDK for the emulator.
 */
class ServiceRoleIT {

    private static final String ROLE = "arn:aws:iam::000000000000:role/rambla-cloudformation";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private final List<SdkRequest> sent = new CopyOnWriteArrayList<>();

    @Test
    void changeSetsAndDeletionsNameTheServiceRole() {
        try (CloudFormationClient client = client()) {
            var stacks = new AwsCloudFormationStacks(client, Backoff.standard(), Duration.ofMinutes(2), Duration.ofMinutes(2), ROLE);
            var applier = new StackApplier(stacks, Backoff.standard(), Duration.ofMinutes(2));
            String stack = "it-" + Emulator.uniqueName("role");
            var desired = new DesiredState(stack, "{\"Resources\":{\"Handle\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}",
                    Map.of(), Map.of(StackTags.UNIT, "district/role"));

            assertThat(applier.apply(desired, "district/role", COMMIT).result()).isEqualTo(ApplyOutcome.Result.CREATED);
            assertThat(applier.delete(stack, "district/role", COMMIT).result()).isEqualTo(ApplyOutcome.Result.DELETED);
        }
        assertThat(sent).filteredOn(ServiceRoleIT::createsOrChanges).isNotEmpty()
                .allSatisfy(r -> assertThat(roleOf(r)).isEqualTo(ROLE));
        assertThat(sent).filteredOn(DeleteStackRequest.class::isInstance).isNotEmpty()
                .allSatisfy(r -> assertThat(((DeleteStackRequest) r).roleARN()).isEqualTo(ROLE));
    }

    @Test
    void withoutTheSettingTheDaemonsOwnCredentialsAreUsed() {
        try (CloudFormationClient client = client()) {
            var stacks = new AwsCloudFormationStacks(client, Backoff.standard(), Duration.ofMinutes(2), Duration.ofMinutes(2), " ");
            String stack = "it-" + Emulator.uniqueName("norole");
            var desired = new DesiredState(stack, "{\"Resources\":{\"Handle\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}",
                    Map.of(), Map.of(StackTags.UNIT, "district/norole"));
            var applier = new StackApplier(stacks, Backoff.standard(), Duration.ofMinutes(2));
            assertThat(applier.apply(desired, "district/norole", COMMIT).result()).isEqualTo(ApplyOutcome.Result.CREATED);
            applier.delete(stack, "district/norole", COMMIT);
        }
        assertThat(sent).filteredOn(ServiceRoleIT::createsOrChanges).isNotEmpty()
                .allSatisfy(r -> assertThat(roleOf(r)).isNull());
    }

    /** A new stack is created directly (CreateStack), an existing one changed by a change set: both act with the role. */
    private static boolean createsOrChanges(SdkRequest request) {
        return request instanceof CreateChangeSetRequest || request instanceof CreateStackRequest;
    }

    private static String roleOf(SdkRequest request) {
        return request instanceof CreateStackRequest create ? create.roleARN() : ((CreateChangeSetRequest) request).roleARN();
    }

    private CloudFormationClient client() {
        Emulator.requireRunning();
        return CloudFormationClient.builder()
                .region(Region.of(Emulator.REGION))
                .endpointOverride(URI.create(Emulator.ENDPOINT))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        sent.add(context.request());
                    }
                }))
                .build();
    }
}
