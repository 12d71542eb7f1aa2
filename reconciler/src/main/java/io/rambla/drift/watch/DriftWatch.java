package io.rambla.drift.watch;

import io.rambla.apply.ChangeSetRunner;
import io.rambla.apply.CloudFormationStacks;
import io.rambla.apply.DriftDetections;
import io.rambla.apply.DriftDetections.DriftDetectionUnavailable;
import io.rambla.drift.Drift;
import io.rambla.drift.DriftSchedule;
import io.rambla.drift.StackDrift;
import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.retry.Backoff;
import io.rambla.status.DriftListener;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Checks applied stacks for drift when their check is due ({@link DriftSchedule}), records what
 * CloudFormation found on each unit's status ({@link Drift}), and with self-healing on reverts
 * drifted resources with a drift-aware change set. Runs as its own scheduled job, off the sync's
 * path, so a push never waits behind a round of checks; only units whose status is
 * {@code APPLIED} are checked, and CloudFormation itself refuses a second operation on a stack
 * that is being changed (the sync retries such a refusal). A check that CloudFormation refuses
 * never touches the unit's state: it stays applied and its drift reads {@code UNAVAILABLE} with
 * CloudFormation's error text. Told by the sync of each applied unit, as a {@link SyncListener},
 * what a revert re-applies.
 */
public final class DriftWatch implements SyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(DriftWatch.class);

    private final DriftDetections detections;
    private final UnitStatusStore statuses;
    private final DriftSettings settings;
    private final ChangeSetRunner runner;
    private final int concurrency;
    private final Clock clock;
    /** The state each applied unit's stack was last brought to, tags included: what a revert re-applies. */
    private final Map<String, DesiredState> applied = new ConcurrentHashMap<>();
    private final List<DriftListener> listeners;

    /** @param concurrency how many stacks are checked side by side, and at most how many per sync */
    public DriftWatch(CloudFormationStacks stacks, DriftDetections detections, UnitStatusStore statuses, DriftSettings settings, Backoff backoff,
            Duration operationTimeout, int concurrency, Clock clock) {
        this(stacks, detections, statuses, settings, backoff, operationTimeout, concurrency, clock, List.of());
    }

    /** @param listeners told of every drift found (notifications) */
    public DriftWatch(CloudFormationStacks stacks, DriftDetections detections, UnitStatusStore statuses, DriftSettings settings, Backoff backoff,
            Duration operationTimeout, int concurrency, Clock clock, List<DriftListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.detections = detections;
        this.statuses = statuses;
        this.settings = settings;
        this.runner = new ChangeSetRunner(stacks, backoff, operationTimeout, clock);
        this.concurrency = concurrency;
        this.clock = clock;
    }

    /**
     * A sync found the unit applied: with self-healing on, remember the state its stack was brought
     * to, tags included, which a revert re-applies. With it off nothing reads that state, and keeping
     * every unit's template body between syncs held heap for nothing.
     */
    @Override
    public void unitApplied(String unitId, DesiredState desired, String appliedRevision) {
        if (settings.revert()) {
            applied.put(unitId, desired.tagged(appliedRevision));
        }
    }

    /** Checks the units whose check is due, at most {@code concurrency} of them, side by side; returns their ids. */
    public List<String> checkDue() {
        List<String> due = DriftSchedule.due(statuses.all().stream()
                .map(s -> new DriftSchedule.Candidate(s.id(), s.state() == UnitState.APPLIED, s.drift())).toList(),
                clock.instant(), settings.interval(), concurrency);
        if (due.isEmpty()) {
            return due;
        }
        var executor = Executors.newFixedThreadPool(Math.min(concurrency, due.size()));
        try {
            CompletableFuture.allOf(due.stream().map(id -> CompletableFuture.runAsync(() -> check(id), executor))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            executor.shutdown();
        }
        return due;
    }

    /** Checks one unit's stack now and records the result; reverts the drift when self-healing is on. */
    public StackDrift check(String unitId) {
        UnitStatus status = statuses.get(unitId).orElseThrow(() -> new IllegalArgumentException("unknown unit " + unitId));
        MDC.put("unit", unitId);
        MDC.put("stack", status.stack());
        try {
            StackDrift found = detect(status.stack());
            StackDrift drift = found;
            if (Drift.shouldRevert(drift, settings.revert())) {
                drift = revert(unitId, status.stack(), drift);
            }
            StackDrift result = drift;
            statuses.update(unitId, s -> s.withDrift(result));
            if (found.status() == StackDrift.Status.DRIFTED) {
                tell(status, found, result);
            }
            return result;
        } finally {
            MDC.remove("unit");
            MDC.remove("stack");
        }
    }

    private void tell(UnitStatus status, StackDrift found, StackDrift result) {
        for (DriftListener listener : listeners) {
            try {
                listener.driftFound(status, found, result);
            } catch (RuntimeException e) {
                LOG.warn("drift listener {} failed", listener.getClass().getSimpleName(), e);
            }
        }
    }

    private StackDrift detect(String stack) {
        try {
            StackDrift drift = Drift.fromDetection(detections.detectDrift(stack), clock.instant());
            if (drift.status() == StackDrift.Status.DRIFTED) {
                LOG.warn("{} has drifted: {}", stack, drift.resources().stream()
                        .map(r -> r.logicalId() + " " + r.status().toLowerCase()).collect(Collectors.joining(", ")));
            } else {
                LOG.debug("{} drift: {}", stack, drift.status());
            }
            return drift;
        } catch (DriftDetectionUnavailable e) {
            LOG.warn("drift of {} not checked: {}", stack, e.getMessage());
            return Drift.unavailable(e.getMessage(), clock.instant());
        } catch (RuntimeException e) {
            LOG.error("drift of {} not checked", stack, e);
            return Drift.unavailable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), clock.instant());
        }
    }

    /**
     * Self-healing: a drift-aware change set of the state last applied, executed, then a new check.
     * A plain change set of the same template would come back empty: CloudFormation compares it
     * with the previous template, not with the live resources.
     */
    StackDrift revert(String unitId, String stack, StackDrift found) {
        DesiredState desired = applied.get(unitId);
        if (desired == null) {
            return found.withMessage("not reverted: this daemon has not applied the unit since it started");
        }
        String resources = found.resources().stream().map(StackDrift.DriftedResource::logicalId).collect(Collectors.joining(", "));
        try {
            String name = "rambla-revert-drift-" + Long.toString(clock.millis(), 36);
            var computed = runner.compute(() -> detections.createDriftRevertChangeSet(desired, name));
            ChangeSet changeSet = computed.changeSet();
            if (computed instanceof ChangeSetRunner.Computed.Empty) {
                return found.withMessage("self-healing: the drift-aware change set for " + resources
                        + " contained no changes, so CloudFormation cannot revert this drift (" + changeSet.statusReason() + ")");
            }
            if (computed instanceof ChangeSetRunner.Computed.Failed failed) {
                return found.withMessage("self-healing failed: " + failed.message());
            }
            LOG.info("reverting the drift of {} in {}: {} changes", resources, stack, changeSet.changes().size());
            var execution = runner.execute(changeSet, stack, token(unitId, found.checkedAt()));
            String status = execution.after().map(LiveStack::status).orElse("gone");
            if (!execution.after().map(s -> s.stackStatus().updated()).orElse(false)) {
                return found.withMessage("self-healing failed: " + stack + " " + status
                        + runner.failureReasons(stack, execution.started()).map(r -> ": " + r).orElse(""));
            }
            StackDrift again = detect(stack);
            String note = "self-healing reverted " + resources + " with a drift-aware change set";
            return again.withMessage(again.message() == null ? note : note + "; " + again.message());
        } catch (RuntimeException e) {
            LOG.error("reverting the drift of {} failed", stack, e);
            return found.withMessage("self-healing failed: " + e.getMessage());
        }
    }

    /** The same unit and drift check always give the same token: a retried execution never runs twice. */
    static String token(String unitId, Instant checkedAt) {
        return ChangeSetRunner.token("revert-drift", unitId, String.valueOf(checkedAt));
    }
}
