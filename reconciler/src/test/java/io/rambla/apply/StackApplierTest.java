package io.rambla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.CloudFormationStacks.StackFailure;
import io.rambla.plan.DesiredState;
import io.rambla.render.StackTags;
import io.rambla.retry.Backoff;
import io.rambla.support.InMemoryStacks;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One stack brought to its desired state over CloudFormation in memory. */
class StackApplierTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String TEMPLATE = "{\"Resources\":{\"Handle\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}},"
            + "\"Outputs\":{\"VpcId\":{\"Value\":\"x\"}}}";

    private final InMemoryStacks aws = new InMemoryStacks();
    private final StackApplier applier = new StackApplier(aws, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0), Duration.ofMinutes(1));
    private final DesiredState desired = new DesiredState("rambla-district-main", TEMPLATE, Map.of("Cidr", "10.0.0.0/16"),
            Map.of(StackTags.UNIT, "district/main"));

    @Test
    void a_new_stack_is_created_tagged_with_the_hash_and_the_commit_and_gives_its_outputs() {
        var outcome = applier.apply(desired, "district/main", COMMIT);

        assertThat(outcome.result()).isEqualTo(ApplyOutcome.Result.CREATED);
        assertThat(outcome.message()).isEqualTo("1 add");
        assertThat(outcome.appliedRevision()).isEqualTo(COMMIT);
        assertThat(outcome.outputs()).containsEntry("VpcId", "rambla-district-main-VpcId");
        var live = aws.describe("rambla-district-main").orElseThrow();
        assertThat(live.tags()).containsEntry(StackTags.DESIRED_HASH, desired.hash()).containsEntry(StackTags.COMMIT, COMMIT)
                .containsEntry(StackTags.UNIT, "district/main");
        assertThat(aws.tokens()).containsExactly(StackApplier.token("create", "district/main", COMMIT + desired.hash()));
    }

    @Test
    void a_template_past_cloudformations_body_limit_is_refused_before_any_call() {
        String padding = "x".repeat(60_000);
        var huge = new DesiredState("rambla-app-shop-prod", "{\"Resources\":{\"Handle\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\","
                + "\"Metadata\":{\"Note\":\"" + padding + "\"}}}}", Map.of(), Map.of(StackTags.UNIT, "app/shop/prod"));

        var outcome = applier.apply(huge, "app/shop/prod", COMMIT);

        assertThat(outcome.result()).isEqualTo(ApplyOutcome.Result.FAILED);
        assertThat(outcome.message()).startsWith("refused before any AWS call: the template of unit rambla-app-shop-prod is 60")
                .contains("51200-byte TemplateBody limit");
        assertThat(aws.changeSetsAskedFor("rambla-app-shop-prod")).isZero();
        assertThat(aws.describe("rambla-app-shop-prod")).isEmpty();
    }

    @Test
    void a_snapshot_that_already_carries_the_hash_costs_no_call() {
        applier.apply(desired, "district/main", COMMIT);
        var snapshot = aws.describe("rambla-district-main");

        var outcome = applier.apply(desired, "district/main", "fedcba9876543210fedcba9876543210fedcba98", snapshot);

        assertThat(outcome.result()).isEqualTo(ApplyOutcome.Result.UNCHANGED);
        assertThat(outcome.appliedRevision()).as("the commit that last changed it").isEqualTo(COMMIT);
        assertThat(aws.changeSetsAskedFor("rambla-district-main")).isEqualTo(1);
    }

    @Test
    void a_rolled_back_update_is_explained_with_cloudformations_reasons_and_keeps_the_old_tags() {
        applier.apply(desired, "district/main", COMMIT);
        var changed = new DesiredState(desired.stackName(), desired.templateBody(), Map.of("Cidr", "10.1.0.0/16"), desired.tags());
        aws.rollBack("rambla-district-main", new StackFailure("Vpc", "AWS::EC2::VPC", "UPDATE_FAILED", "The CIDR '10.1.0.0/16' conflicts"));

        var outcome = applier.apply(changed, "district/main", "fedcba9876543210fedcba9876543210fedcba98", Optional.empty());

        assertThat(outcome.result()).isEqualTo(ApplyOutcome.Result.FAILED);
        assertThat(outcome.message()).isEqualTo("rambla-district-main UPDATE_ROLLBACK_COMPLETE: "
                + "Vpc (AWS::EC2::VPC) UPDATE_FAILED: The CIDR '10.1.0.0/16' conflicts");
        assertThat(aws.describe("rambla-district-main").orElseThrow().tag(StackTags.COMMIT)).isEqualTo(COMMIT);
    }

    @Test
    void a_failed_creation_is_deleted_at_once_so_the_next_attempt_creates_it_afresh() {
        aws.rollBack("rambla-district-main", new StackFailure("Vpc", "AWS::EC2::VPC", "CREATE_FAILED", "limit exceeded"));
        var failed = applier.apply(desired, "district/main", COMMIT);

        assertThat(failed.result()).isEqualTo(ApplyOutcome.Result.FAILED);
        assertThat(failed.message()).contains("limit exceeded").endsWith("; the stack the failed creation left was deleted");
        assertThat(aws.describe("rambla-district-main")).as("nothing of the failed attempt stays").isEmpty();

        var outcome = applier.apply(desired, "district/main", COMMIT);

        assertThat(outcome.result()).isEqualTo(ApplyOutcome.Result.CREATED);
        assertThat(aws.tokens()).contains(StackApplier.token("delete-failed", "district/main", COMMIT + desired.hash()));
    }

    @Test
    void a_failed_creation_left_from_before_is_deleted_then_created_again() {
        aws.put(new io.rambla.plan.LiveStack("rambla-district-main", "arn:old", "ROLLBACK_COMPLETE", null,
                Map.of(StackTags.MANAGED_BY, "rambla"), Map.of()));

        var outcome = applier.apply(desired, "district/main", COMMIT);

        assertThat(outcome.result()).isEqualTo(ApplyOutcome.Result.CREATED);
        assertThat(aws.tokens()).contains(StackApplier.token("delete", "district/main", COMMIT));
    }

    @Test
    void plan_only_computes_the_change_set_and_leaves_no_stack_behind() {
        var planner = new StackPlanner(aws, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0), Duration.ofMinutes(1));

        var outcome = planner.apply(desired, "district/main", COMMIT, Optional.empty(), Optional.empty());

        assertThat(outcome.result()).isEqualTo(ApplyOutcome.Result.PLANNED);
        assertThat(outcome.message()).isEqualTo("plan only: would create: 1 add");
        assertThat(aws.describe("rambla-district-main")).isEmpty();
        assertThat(aws.tokens()).as("nothing executed").allMatch(token -> token.startsWith("rambla-discard-plan-"));
    }

    @Test
    void the_same_unit_action_and_commit_always_give_the_same_token_and_another_commit_another() {
        assertThat(StackApplier.token("update", "app/shop/production", COMMIT))
                .isEqualTo(StackApplier.token("update", "app/shop/production", COMMIT))
                .isNotEqualTo(StackApplier.token("update", "app/shop/production", "f" + COMMIT.substring(1)))
                .startsWith("rambla-update-")
                .hasSize("rambla-update-".length() + 40);
    }
}
