package io.rambla.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.status.UnitCondition.Health;
import io.rambla.status.UnitCondition.Sync;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitConditionTest {

    private static final String OLD = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String NEW = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private static UnitStatus status(UnitState state, String attempted, String applied, String message) {
        return new UnitStatus("app/shop/production", "app", "rambla-app-shop-production", state, attempted, applied, message,
                Instant.parse("2026-11-22T03:00:00Z"));
    }

    @Test
    void anAppliedUnitIsInSyncAtItsRevisionAndHealthy() {
        var condition = UnitCondition.of(status(UnitState.APPLIED, NEW, NEW, "1 modified"));

        assertThat(condition).isEqualTo(new UnitCondition(new Sync.InSync(NEW), Health.HEALTHY));
        assertThat(condition.sync().text()).isEqualTo("in sync at 2222222");
    }

    @Test
    void anInvalidCommitLeavesAnAppliedUnitHealthyAtItsLastAppliedRevision() {
        var condition = UnitCondition.of(status(UnitState.INVALID, NEW, OLD, "app.yml:3:5 unknown key `memroy`"));

        assertThat(condition.sync()).isEqualTo(new Sync.InvalidCommit(NEW));
        assertThat(condition.health()).isEqualTo(Health.HEALTHY);
        assertThat(UnitCondition.of(status(UnitState.INVALID, NEW, null, "bad")).health()).isEqualTo(Health.MISSING);
    }

    @Test
    void aUnitHeldForApprovalWaitsForItsCommitAndKeepsItsHealth() {
        var condition = UnitCondition.of(status(UnitState.AWAITING_APPROVAL, NEW, OLD, "awaiting approval: replaces AWS::EC2::VPC Vpc"));
        assertThat(condition.sync().text()).isEqualTo("awaiting approval of 2222222");
        assertThat(condition.health()).isEqualTo(Health.HEALTHY);
        assertThat(UnitCondition.of(status(UnitState.AWAITING_APPROVAL, NEW, null, "awaiting")).health()).isEqualTo(Health.MISSING);
    }

    @Test
    void aFailedApplyDegradesADeployedUnitAndFailsANewOne() {
        assertThat(UnitCondition.of(status(UnitState.FAILED, NEW, OLD, "UPDATE_ROLLBACK_COMPLETE")).health()).isEqualTo(Health.DEGRADED);
        assertThat(UnitCondition.of(status(UnitState.FAILED, NEW, null, "ROLLBACK_COMPLETE")).health()).isEqualTo(Health.FAILED);
        assertThat(UnitCondition.of(status(UnitState.FAILED, NEW, OLD, "x")).sync()).isInstanceOf(Sync.OutOfSync.class);
    }

    @Test
    void aBlockedUnitWaitsOnTheUpstreamUnitsNamedAndStaysHealthy() {
        var condition = UnitCondition.of(status(UnitState.BLOCKED, NEW, OLD,
                UnitCondition.blockedMessage(List.of("district/main", "endpoint/main/public"))));

        assertThat(condition.sync()).isEqualTo(new Sync.WaitingOn(List.of("district/main", "endpoint/main/public")));
        assertThat(condition.sync().text()).isEqualTo("waiting on district/main, endpoint/main/public");
        assertThat(condition.health()).isEqualTo(Health.HEALTHY);
    }

    @Test
    void aBlockedMessageOfAnotherShapeWaitsOnAnUnnamedUnit() {
        for (String message : new String[] {null, "", "not attempted:  is not applied", "not attempted: is not applied", "something else"}) {
            assertThat(UnitCondition.of(status(UnitState.BLOCKED, NEW, null, message)).sync())
                    .isEqualTo(new Sync.WaitingOn(List.of()));
        }
    }

    @Test
    void applyingIsProgressingAndEveryStateHasACondition() {
        assertThat(UnitCondition.of(status(UnitState.APPLYING, NEW, OLD, null)))
                .isEqualTo(new UnitCondition(new Sync.OutOfSync("applying 2222222"), Health.PROGRESSING));
        for (UnitState state : UnitState.values()) {
            var condition = UnitCondition.of(status(state, null, null, null));
            assertThat(condition.sync().text()).isNotBlank();
            assertThat(condition.health()).isNotNull();
        }
    }
}
