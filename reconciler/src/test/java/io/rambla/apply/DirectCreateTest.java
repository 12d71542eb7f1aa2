package io.rambla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.render.StackTags;
import io.rambla.retry.Backoff;
import io.rambla.support.InMemoryStacks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A stack the listing did not show is created with CreateStack; one that appeared meanwhile takes the change-set way. */
class DirectCreateTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String TEMPLATE = "{\"Resources\":{\"Vpc\":{\"Type\":\"AWS::EC2::VPC\"},\"Bucket\":{\"Type\":\"AWS::S3::Bucket\"}},"
            + "\"Outputs\":{\"VpcId\":{\"Value\":\"x\"}}}";

    /** CloudFormation in memory that also creates stacks directly, finishing them at once. */
    private static final class Direct implements CloudFormationStacks {
        final InMemoryStacks aws = new InMemoryStacks();
        final List<String> creations = new ArrayList<>();
        final List<String> tokens = new ArrayList<>();

        @Override
        public DirectCreate createStack(DesiredState tagged, String clientRequestToken) {
            if (aws.describe(tagged.stackName()).isPresent()) {
                return DirectCreate.EXISTS;
            }
            creations.add(tagged.stackName());
            tokens.add(clientRequestToken);
            aws.put(new LiveStack(tagged.stackName(), "id-" + tagged.stackName(), "CREATE_COMPLETE", null, tagged.tags(),
                    Map.of("VpcId", "vpc-1")));
            return DirectCreate.STARTED;
        }

        @Override
        public Optional<LiveStack> describe(String stackName) {
            return aws.describe(stackName);
        }

        @Override
        public List<LiveStack> list() {
            return aws.list();
        }

        @Override
        public ChangeSet createChangeSet(DesiredState desired, String changeSetName, boolean create) {
            return aws.createChangeSet(desired, changeSetName, create);
        }

        @Override
        public void executeChangeSet(String changeSetId, String clientRequestToken) {
            aws.executeChangeSet(changeSetId, clientRequestToken);
        }

        @Override
        public void deleteChangeSet(String changeSetId) {
            aws.deleteChangeSet(changeSetId);
        }

        @Override
        public void deleteStack(String stackName, String clientRequestToken) {
            aws.deleteStack(stackName, clientRequestToken);
        }

        @Override
        public List<StackFailure> failuresSince(String stackName, Instant since) {
            return aws.failuresSince(stackName, since);
        }
    }

    private final Direct cloudFormation = new Direct();
    private final StackApplier applier = new StackApplier(cloudFormation, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0),
            Duration.ofMinutes(1));
    private final DesiredState desired = new DesiredState("rambla-district-main", TEMPLATE, Map.of("Cidr", "10.0.0.0/16"),
            Map.of(StackTags.UNIT, "district/main"));

    @Test
    void a_stack_the_listing_did_not_show_is_created_without_a_change_set_and_reports_every_resource_added() {
        var outcome = applier.apply(desired, "district/main", COMMIT);

        assertThat(outcome.result()).isEqualTo(ApplyOutcome.Result.CREATED);
        assertThat(outcome.message()).isEqualTo("2 add");
        assertThat(outcome.changes()).extracting(ChangeSet.ResourceChange::action, ChangeSet.ResourceChange::logicalId,
                        ChangeSet.ResourceChange::resourceType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Add", "Vpc", "AWS::EC2::VPC"),
                        org.assertj.core.groups.Tuple.tuple("Add", "Bucket", "AWS::S3::Bucket"));
        assertThat(outcome.outputs()).containsEntry("VpcId", "vpc-1");
        assertThat(cloudFormation.creations).containsExactly("rambla-district-main");
        assertThat(cloudFormation.aws.changeSetsAskedFor("rambla-district-main")).isZero();
        assertThat(cloudFormation.tokens).containsExactly(StackApplier.token("create", "district/main", COMMIT + desired.hash()));
        assertThat(cloudFormation.describe("rambla-district-main").orElseThrow().tags())
                .containsEntry(StackTags.DESIRED_HASH, desired.hash()).containsEntry(StackTags.COMMIT, COMMIT);
    }

    @Test
    void a_stack_that_appeared_since_the_listing_is_planned_and_changed_through_a_change_set() {
        Map<String, String> tags = new LinkedHashMap<>(Map.of(StackTags.UNIT, "district/main", StackTags.DESIRED_HASH, "an-older-hash"));
        cloudFormation.aws.put(new LiveStack("rambla-district-main", "id-1", "CREATE_COMPLETE", null, tags, Map.of()));

        var outcome = applier.apply(desired, "district/main", COMMIT, Optional.empty());

        assertThat(outcome.result()).isEqualTo(ApplyOutcome.Result.UPDATED);
        assertThat(cloudFormation.creations).isEmpty();
        assertThat(cloudFormation.aws.changeSetsAskedFor("rambla-district-main")).isEqualTo(1);
    }

    @Test
    void a_listed_stack_never_tries_a_direct_creation() {
        applier.apply(desired, "district/main", COMMIT);
        var changed = new DesiredState(desired.stackName(), TEMPLATE.replace("Bucket\"", "Logs\""), desired.parameters(), desired.tags());

        var outcome = applier.apply(changed, "district/main", COMMIT, cloudFormation.describe(desired.stackName()));

        assertThat(outcome.result()).isEqualTo(ApplyOutcome.Result.UPDATED);
        assertThat(cloudFormation.creations).hasSize(1);
    }

    @Test
    void templates_with_conditions_or_past_the_size_limit_or_not_json_are_left_to_the_change_set_way() {
        assertThat(StackApplier.additions(new DesiredState("s", "{\"Conditions\":{\"C\":{}},\"Resources\":{\"A\":{\"Type\":\"T\"}}}",
                Map.of(), Map.of()))).isEmpty();
        assertThat(StackApplier.additions(new DesiredState("s", "Resources: {}", Map.of(), Map.of()))).isEmpty();
        assertThat(StackApplier.additions(new DesiredState("s", "[1]", Map.of(), Map.of()))).isEmpty();

        var huge = new DesiredState("rambla-app-shop-prod", "{\"Resources\":{\"Handle\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\","
                + "\"Metadata\":{\"Note\":\"" + "x".repeat(60_000) + "\"}}}}", Map.of(), Map.of(StackTags.UNIT, "app/shop/prod"));
        var outcome = applier.apply(huge, "app/shop/prod", COMMIT);
        assertThat(outcome.message()).startsWith("refused before any AWS call");
        assertThat(cloudFormation.creations).isEmpty();
    }
}
