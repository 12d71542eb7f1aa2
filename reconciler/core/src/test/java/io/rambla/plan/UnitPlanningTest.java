package io.rambla.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.render.RenderedUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Planner#plan}: the one path from rendered units and a snapshot to a decision per unit. */
class UnitPlanningTest {

    private static final String DISTRICT_STACK = "rambla-district-main";
    private static final String ENDPOINT_STACK = "rambla-endpoint-main-public";

    private final List<RenderedUnit> units = ReviewPlannerTest.render("10.0.0.0/16");

    @Test
    void onAnEmptyAccountTheDistrictIsCreatedAndItsEndpointAwaitsAStackThatDoesNotStand() {
        List<UnitDecision> plan = Planner.plan(units, Snapshot.of(units, List.of()));

        assertThat(plan).extracting(d -> d.unit().id()).containsExactly("district/main", "endpoint/main/public");
        var district = (UnitDecision.Ready) plan.get(0);
        assertThat(district.decision()).isInstanceOf(Decision.Create.class);
        assertThat(district.live()).isEmpty();
        assertThat(district.desired().stackName()).isEqualTo(DISTRICT_STACK);
        var endpoint = (UnitDecision.AwaitingUpstream) plan.get(1);
        assertThat(endpoint.upstreamStands()).isFalse();
        assertThat(endpoint.awaiting().unitId()).isEqualTo("district/main");
        assertThat(endpoint.describe()).isEqualTo("create (after its upstream stacks)");
        assertThat(plan).allMatch(UnitDecision::pending);
    }

    @Test
    void appliedStacksResolveFromTheirUpstreamOutputsAndAreUnchanged() {
        Map<String, LiveStack> live = ReviewPlannerTest.applied(units);

        List<UnitDecision> plan = Planner.plan(units, Snapshot.of(units, live.values()));

        assertThat(plan).allSatisfy(d -> {
            assertThat(d).isInstanceOf(UnitDecision.Ready.class);
            assertThat(d.describe()).isEqualTo("unchanged");
            assertThat(d.pending()).isFalse();
        });
        assertThat(((UnitDecision.Ready) plan.get(1)).desired().parameters()).containsEntry("VpcId", "vpc-1");
    }

    @Test
    void anUpstreamStandingWithoutTheOutputIsAwaitedAndSaysWhichParameter() {
        Map<String, LiveStack> live = new HashMap<>(ReviewPlannerTest.applied(units));
        LiveStack district = live.get(DISTRICT_STACK);
        live.put(DISTRICT_STACK, new LiveStack(district.name(), district.stackId(), district.status(), null, district.tags(), Map.of()));

        var endpoint = (UnitDecision.AwaitingUpstream) Planner.plan(units, Snapshot.of(units, live.values())).get(1);

        assertThat(endpoint.upstreamStands()).isTrue();
        assertThat(endpoint.awaiting().describe()).startsWith("parameter ").contains("district/main has no output ");
        // Its parameters are not known, so its standing stack can never count as unchanged.
        assertThat(endpoint.describe()).isEqualTo("update (after its upstream stacks)");
        assertThat(endpoint.pending()).isTrue();
    }

    @Test
    void stacksThatOnlyHoldChangeSetsOrAreDeletedDoNotStand() {
        Map<String, LiveStack> live = new HashMap<>(ReviewPlannerTest.applied(units));
        live.put(DISTRICT_STACK, ReviewPlannerTest.withStatus(live.get(DISTRICT_STACK), "REVIEW_IN_PROGRESS"));
        live.put(ENDPOINT_STACK, ReviewPlannerTest.withStatus(live.get(ENDPOINT_STACK), "DELETE_COMPLETE"));
        Snapshot snapshot = Snapshot.of(units, live.values());

        List<UnitDecision> plan = Planner.plan(units, snapshot);

        assertThat(snapshot.outputs()).isEmpty();
        assertThat(snapshot.stack(DISTRICT_STACK)).isEmpty();
        assertThat(snapshot.stacks()).containsKey(DISTRICT_STACK);
        assertThat(plan.get(0).decision()).isInstanceOf(Decision.Create.class);
        assertThat(((UnitDecision.AwaitingUpstream) plan.get(1)).upstreamStands()).isFalse();
        assertThat(plan.get(1).describe()).isEqualTo("create (after its upstream stacks)");
    }

    @Test
    void aStuckOrBusyStackIsSaidSoEvenBeforeItsParametersAreKnown() {
        Map<String, LiveStack> live = new HashMap<>(ReviewPlannerTest.applied(units));
        live.remove(DISTRICT_STACK);
        live.put(ENDPOINT_STACK, ReviewPlannerTest.withStatus(live.get(ENDPOINT_STACK), "UPDATE_ROLLBACK_FAILED"));

        assertThat(Planner.plan(units, Snapshot.of(units, live.values())).get(1).describe())
                .isEqualTo("stuck: UPDATE_ROLLBACK_FAILED (after its upstream stacks)");

        live.put(ENDPOINT_STACK, ReviewPlannerTest.withStatus(live.get(ENDPOINT_STACK), "UPDATE_IN_PROGRESS"));
        assertThat(Planner.plan(units, Snapshot.of(units, live.values())).get(1).decision())
                .isEqualTo(new Decision.WaitForOperation("UPDATE_IN_PROGRESS"));
    }

    @Test
    void theSyncPlansAgainstTheOutputsItsAppliesReturnedNotTheListings() {
        Map<String, LiveStack> live = ReviewPlannerTest.applied(units);
        Map<String, String> fresh = new HashMap<>(live.get(DISTRICT_STACK).outputs());
        fresh.put("VpcId", "vpc-after-replacement");

        UnitDecision endpoint = Planner.decide(units.get(1),
                Snapshot.of(units, live.values()).withOutputs(Map.of("district/main", fresh)));

        var ready = (UnitDecision.Ready) endpoint;
        assertThat(ready.desired().parameters()).containsEntry("VpcId", "vpc-after-replacement");
        assertThat(ready.decision()).isInstanceOf(Decision.Update.class);
        assertThat(ready.live()).contains(live.get(ENDPOINT_STACK));
        // Without the upstream's outputs it waits, even though the listing had them.
        assertThat(Planner.decide(units.get(1), Snapshot.of(units, live.values()).withOutputs(Map.of())))
                .isInstanceOf(UnitDecision.AwaitingUpstream.class);
    }
}
