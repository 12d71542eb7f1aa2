package io.rambla.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.schema.Approval;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ApprovalGateTest {

    private static ResourcePlan resource(ResourcePlan.Action action, String id, String type, ResourcePlan.Replacement replacement) {
        return new ResourcePlan(action, id, type, replacement, List.of(), List.of());
    }

    private static UnitChanges update(ResourcePlan... resources) {
        return new UnitChanges("district/main", "rambla-district-main", UnitChanges.StackAction.UPDATE, List.of(resources), List.of(), null);
    }

    private static final UnitChanges NEW_IMAGE = update(
            resource(ResourcePlan.Action.MODIFY, "WebTaskDefinition", "AWS::ECS::TaskDefinition", ResourcePlan.Replacement.TRUE),
            resource(ResourcePlan.Action.MODIFY, "WebService", "AWS::ECS::Service", ResourcePlan.Replacement.FALSE));

    private static final UnitChanges NEW_CIDR = update(
            resource(ResourcePlan.Action.MODIFY, "Vpc", "AWS::EC2::VPC", ResourcePlan.Replacement.CONDITIONAL),
            resource(ResourcePlan.Action.MODIFY, "Cluster", "AWS::ECS::Cluster", ResourcePlan.Replacement.FALSE));

    @Test
    void noneHoldsNothingNotEvenAStatefulReplacement() {
        assertThat(new ApprovalGate(Approval.NONE, false).holds(NEW_CIDR)).isEmpty();
        assertThat(ApprovalGate.OPEN.holds(NEW_CIDR)).isEmpty();
    }

    @Test
    void replacementsHoldsAStatefulReplacementAndNamesIt() {
        assertThat(new ApprovalGate(Approval.REPLACEMENTS, false).holds(NEW_CIDR)).contains(
                "awaiting approval: replaces AWS::EC2::VPC Vpc (stateful: its data or address is lost) (approval: replacements)");
    }

    @Test
    void replacementsLetsAStatelessReplacementThrough() {
        assertThat(new ApprovalGate(Approval.REPLACEMENTS, false).holds(NEW_IMAGE)).isEmpty();
    }

    @Test
    void replacementsHoldsTheRemovalOfAStatefulResourceAndTheDeletionOfAStack() {
        var gate = new ApprovalGate(Approval.REPLACEMENTS, false);
        assertThat(gate.holds(update(resource(ResourcePlan.Action.REMOVE, "Logs", "AWS::Logs::LogGroup", null))))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith(ApprovalGate.PREFIX + "removes AWS::Logs::LogGroup Logs"));
        var deletion = new UnitChanges("app/old/production", "rambla-old-production", UnitChanges.StackAction.DELETE, List.of(), List.of(), null);
        assertThat(gate.holds(deletion)).contains("awaiting approval: deletes stack rambla-old-production (approval: replacements)");
    }

    @Test
    void alwaysHoldsAnyChangeButNotAnUnchangedStack() {
        var gate = new ApprovalGate(Approval.ALWAYS, false);
        assertThat(gate.holds(NEW_IMAGE)).contains("awaiting approval: replaces AWS::ECS::TaskDefinition WebTaskDefinition,"
                + " modifies AWS::ECS::Service WebService (approval: always)");
        assertThat(gate.holds(UnitChanges.none("district/main", "rambla-district-main"))).isEmpty();
        var parametersOnly = new UnitChanges("app/web/production", "s", UnitChanges.StackAction.UPDATE, List.of(),
                List.of(new ValueChange("ImageTag", "1", "2")), null);
        assertThat(gate.holds(parametersOnly)).contains("awaiting approval: changes the stack's parameters (approval: always)");
    }

    @Test
    void anApprovalLetsThePlanThroughWhateverItDoes() {
        assertThat(new ApprovalGate(Approval.ALWAYS, true).holds(NEW_CIDR)).isEmpty();
        assertThat(new ApprovalGate(Approval.REPLACEMENTS, true).holds(NEW_CIDR)).isEmpty();
    }

    @Test
    void aHugePlanNamesThreeResourcesAndCountsTheRest() {
        var many = IntStream.range(0, 500)
                .mapToObj(i -> resource(ResourcePlan.Action.ADD, "Queue" + i, "AWS::SQS::Queue", null))
                .toArray(ResourcePlan[]::new);
        var reason = new ApprovalGate(Approval.ALWAYS, false).holds(update(many)).orElseThrow();
        assertThat(reason).endsWith(" and 497 more (approval: always)").hasSizeLessThan(200);
    }
}
