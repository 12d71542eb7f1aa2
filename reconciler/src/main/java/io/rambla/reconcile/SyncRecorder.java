package io.rambla.reconcile;

import io.rambla.drift.Drift;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync's only writer of unit statuses and only caller of {@link SyncListener}s: the loop and
 * the executor say what happened, this turns it into statuses and events, in one place.
 */
final class SyncRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRecorder.class);

    private final UnitStatusStore statuses;
    private final List<SyncListener> listeners;
    private final boolean trackDrift;
    private final Clock clock;

    /** @param trackDrift keep each applied unit's drift status (drift checks are on) */
    SyncRecorder(UnitStatusStore statuses, List<SyncListener> listeners, boolean trackDrift, Clock clock) {
        this.statuses = statuses;
        this.listeners = List.copyOf(listeners);
        this.trackDrift = trackDrift;
        this.clock = clock;
    }

    void track(String unitId, String kind, String stackName, String region) {
        statuses.track(unitId, kind, stackName, region);
    }

    List<UnitStatus> all() {
        return statuses.all();
    }

    UnitStatus get(String unitId) {
        return statuses.get(unitId).orElseThrow();
    }

    void syncStarted(String revision, List<String> unitIds) {
        notify(l -> l.syncStarted(revision, unitIds));
    }

    void declared(String revision, java.util.Map<String, List<String>> dependsOn) {
        notify(l -> l.unitsDeclared(revision, dependsOn));
    }

    void rendered(String revision, List<io.rambla.render.Unit> units) {
        notify(l -> l.unitsRendered(revision, units));
    }

    void syncFinished(String revision, List<String> unitIds) {
        List<UnitStatus> units = unitIds.stream().map(this::get).toList();
        notify(l -> l.syncFinished(revision, units));
    }

    /** The commit does not validate: every known unit says so, and keeps its applied revision. */
    void invalid(String revision, String message) {
        for (var status : statuses.all()) {
            write(status.id(), UnitState.INVALID, revision, status.lastAppliedRevision(), message);
            changed(status.id(), revision);
        }
    }

    /** The live stacks could not be listed: nothing was attempted. */
    void unreachable(List<String> unitIds, String revision, String message) {
        unitIds.forEach(id -> statuses.update(id, s -> s.with(UnitState.FAILED, revision, s.lastAppliedRevision(), message, clock.instant())));
    }

    void applying(String unitId, String revision) {
        applying(unitId, revision, null);
    }

    /** @param message what the unit waits for, when it does (e.g. another operation on its stack) */
    void applying(String unitId, String revision, String message) {
        supersede(unitId, revision);
        statuses.update(unitId, s -> s.with(UnitState.APPLYING, revision, s.lastAppliedRevision(), message, clock.instant()));
        changed(unitId, revision);
    }

    java.time.Instant now() {
        return clock.instant();
    }

    /**
     * Records how a unit's turn ended.
     *
     * @param desired  the unit's desired state when it got that far (for an applied unit)
     * @param snapshot the stack as the sync's listing saw it
     */
    void finished(String unitId, String revision, UnitOutcome outcome, Optional<DesiredState> desired, Optional<LiveStack> snapshot) {
        supersede(unitId, revision);
        if (outcome instanceof UnitOutcome.Applied applied) {
            if (trackDrift) {
                statuses.update(unitId, s -> s.withDrift(Drift.afterApply(s.drift(), applied.changed(),
                        snapshot.map(LiveStack::driftStatus).orElse(null), snapshot.map(LiveStack::driftCheckedAt).orElse(null))));
            }
            write(unitId, UnitState.APPLIED, revision, applied.appliedRevision(), applied.message());
            desired.ifPresent(d -> notify(l -> l.unitApplied(unitId, d, applied.appliedRevision())));
        } else if (outcome instanceof UnitOutcome.Planned planned) {
            write(unitId, UnitState.PLANNED, revision, planned.appliedRevision(), planned.message());
        } else {
            // Blocked, waiting or failed: the stack still reflects the last applied revision.
            keepApplied(unitId, outcome.state(), revision, outcome.message());
        }
        changed(unitId, revision);
    }

    /** A unit git no longer declares, left in place: reported, never announced as a change of the commit. */
    void orphaned(String unitId, String kind, String stackName, String revision, String reason) {
        statuses.track(unitId, kind, stackName);
        write(unitId, UnitState.ORPHANED, revision, null, reason);
    }

    /** A unit git no longer declares whose stack's deletion waits for an operator: said on the commit, as a held change is. */
    void deletionHeld(String unitId, String kind, String stackName, String revision, String reason) {
        statuses.track(unitId, kind, stackName);
        supersede(unitId, revision);
        write(unitId, UnitState.AWAITING_APPROVAL, revision, null, reason);
        changed(unitId, revision);
    }

    void pruning(String unitId, String kind, String stackName, String revision, String reason) {
        statuses.track(unitId, kind, stackName);
        write(unitId, UnitState.APPLYING, revision, null, reason);
    }

    void pruned(String unitId, String revision, boolean deleted, String message) {
        write(unitId, deleted ? UnitState.PRUNED : UnitState.FAILED, revision, deleted ? revision : null, message);
        changed(unitId, revision);
    }

    /** A unit held for approval at another commit is now at {@code revision}: that commit is told it was superseded. */
    private void supersede(String unitId, String revision) {
        statuses.get(unitId)
                .filter(before -> before.state() == UnitState.AWAITING_APPROVAL && before.lastAttemptedRevision() != null
                        && !before.lastAttemptedRevision().equals(revision))
                .ifPresent(before -> {
                    LOG.info("{}: commit {} held for approval is superseded by {}", unitId, before.lastAttemptedRevision(), revision);
                    notify(l -> l.unitSuperseded(before.lastAttemptedRevision(), unitId, revision));
                });
    }

    private void keepApplied(String unitId, UnitState state, String revision, String message) {
        statuses.update(unitId, s -> s.with(state, revision, s.lastAppliedRevision(), message, clock.instant()));
    }

    private void write(String unitId, UnitState state, String revision, String appliedRevision, String message) {
        statuses.update(unitId, s -> s.with(state, revision, appliedRevision, message, clock.instant()));
    }

    private void changed(String unitId, String revision) {
        statuses.get(unitId).ifPresent(status -> notify(l -> l.unitChanged(revision, status)));
    }

    private void notify(Consumer<SyncListener> event) {
        for (SyncListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("sync listener {} failed", listener.getClass().getSimpleName(), e);
            }
        }
    }
}
