package io.rambla.drift.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.DriftDetections;
import io.rambla.drift.DriftDetection;
import io.rambla.drift.StackDrift;
import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;
import io.rambla.retry.Backoff;
import io.rambla.status.DriftListener;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drift watch tells its listeners (notifications) of each drift it finds, and of nothing else. */
class DriftListenersTest {

    private static final String REV = "1111111111111111111111111111111111111111";

    private static DriftDetections answering(String stackDriftStatus, List<DriftDetection.ResourceDrift> drifted) {
        return new DriftDetections() {
            @Override
            public DriftDetection detectDrift(String stackName) {
                return new DriftDetection("DETECTION_COMPLETE", stackDriftStatus, null, Instant.now(), drifted);
            }

            @Override
            public ChangeSet createDriftRevertChangeSet(DesiredState desired, String changeSetName) {
                throw new UnsupportedOperationException("self-healing is off in this test");
            }
        };
    }

    private record Told(String unit, StackDrift found) {}

    private List<Told> check(DriftDetections detections, DriftListener... more) {
        var statuses = new UnitStatusStore();
        statuses.track("district/main", "district", "it-district-main");
        statuses.record("district/main", UnitState.APPLIED, REV, REV, null);
        List<Told> told = new ArrayList<>();
        List<DriftListener> listeners = new ArrayList<>(List.of(more));
        listeners.add((status, found, drift) -> told.add(new Told(status.id(), found)));
        var watch = new DriftWatch(null, detections, statuses, new DriftSettings(Duration.ofHours(6), false), Backoff.standard(),
                Duration.ofMinutes(1), 1, Clock.systemUTC(), listeners);
        watch.check("district/main");
        return told;
    }

    @Test
    void a_drifted_stack_is_told_with_its_resources() {
        List<Told> told = check(answering("DRIFTED", List.of(new DriftDetection.ResourceDrift("Vpc", "AWS::EC2::VPC", "MODIFIED", List.of()))));
        assertThat(told).singleElement().satisfies(t -> {
            assertThat(t.unit()).isEqualTo("district/main");
            assertThat(t.found().resources()).extracting(StackDrift.DriftedResource::logicalId).containsExactly("Vpc");
        });
    }

    @Test
    void a_stack_in_sync_is_not_told_and_a_failing_listener_does_not_stop_the_others() {
        assertThat(check(answering("IN_SYNC", List.of()))).isEmpty();
        DriftListener broken = (status, found, drift) -> {
            throw new IllegalStateException("listener bug");
        };
        assertThat(check(answering("DRIFTED", List.of(new DriftDetection.ResourceDrift("Vpc", "AWS::EC2::VPC", "DELETED", List.of()))), broken))
                .hasSize(1);
    }

    @Test
    void the_state_a_revert_re_applies_is_kept_only_while_self_healing_is_on() {
        List<DesiredState> revertedTo = new ArrayList<>();
        DriftDetections detections = new DriftDetections() {
            @Override
            public DriftDetection detectDrift(String stackName) {
                throw new UnsupportedOperationException("not checked in this test");
            }

            @Override
            public ChangeSet createDriftRevertChangeSet(DesiredState desired, String changeSetName) {
                revertedTo.add(desired);
                throw new IllegalStateException("the emulator is not called in this test");
            }
        };
        var desired = new DesiredState("it-district-main", "{\"Resources\":{}}", java.util.Map.of(), java.util.Map.of());
        var found = StackDrift.notChecked();
        for (boolean revert : List.of(false, true)) {
            var watch = new DriftWatch(null, detections, new UnitStatusStore(), new DriftSettings(Duration.ofHours(6), revert), Backoff.standard(),
                    Duration.ofMinutes(1), 1, Clock.systemUTC(), List.of());
            watch.unitApplied("district/main", desired, REV);
            if (!revert) {
                assertThat(watch.revert("district/main", "it-district-main", found).message()).contains("has not applied the unit");
                assertThat(revertedTo).isEmpty();
            } else {
                try {
                    watch.revert("district/main", "it-district-main", found);
                } catch (IllegalStateException e) {
                    // the stub stops the revert once it has been given the state to re-apply
                }
            }
        }
        assertThat(revertedTo).singleElement().satisfies(d -> assertThat(d.templateBody()).isEqualTo(desired.templateBody()));
    }
}
