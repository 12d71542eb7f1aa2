package io.rambla.drift.watch;

import io.rambla.drift.Drift;
import io.rambla.drift.DriftSchedule;
import io.rambla.drift.StackDrift;
import io.rambla.retry.Backoff;
import io.rambla.plan.ChangeSet;
import io.rambla.apply.CloudFormationStacks;
import io.rambla.apply.CloudFormationStacks.DriftDetectionUnavailable;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.Planner;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private static final int MAX_FAILURES_REPORTED = 3;

    private final CloudFormationStacks stacks;
    private final UnitStatusStore statuses;
    private final DriftSettings settings;
    private final Backoff backoff;
    private final Duration operationTimeout;
    private final int concurrency;
    private final Clock clock;
    /** The state each applied unit's stack was last brought to, tags included: what a revert re-applies. */
    private final Map<String, DesiredState> applied = new ConcurrentHashMap<>();

    /** @param concurrency how many stacks are checked side by side, and at most how many per sync */
    public DriftWatch(CloudFormationStacks stacks, UnitStatusStore statuses, DriftSettings settings, Backoff backoff,
            Duration operationTimeout, int concurrency, Clock clock) {
        this.stacks = stacks;
        this.statuses = statuses;
        this.settings = settings;
        this.backoff = backoff;
        this.operationTimeout = operationTimeout;
        this.concurrency = concurrency;
        this.clock = clock;
    }

    /** A sync found the unit applied: remember the state its stack was brought to, tags included. */
    @Override
    public void unitApplied(String unitId, DesiredState desired, String appliedRevision) {
        Map<String, String> tags = new HashMap<>(desired.tags());
        tags.put(Planner.TAG_DESIRED_HASH, desired.hash());
        if (appliedRevision != null) {
            tags.put(Planner.TAG_COMMIT, appliedRevision);
        }
        applied.put(unitId, new DesiredState(desired.stackName(), desired.templateBody(), desired.parameters(), tags));
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
            StackDrift drift = detect(status.stack());
            if (Drift.shouldRevert(drift, settings.revert())) {
                drift = revert(unitId, status.stack(), drift);
            }
            StackDrift result = drift;
            statuses.update(unitId, s -> s.withDrift(result));
            return result;
        } finally {
            MDC.remove("unit");
            MDC.remove("stack");
        }
    }

    private StackDrift detect(String stack) {
        try {
            StackDrift drift = Drift.fromDetection(stacks.detectDrift(stack), clock.instant());
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
            ChangeSet changeSet = stacks.createDriftRevertChangeSet(desired, name);
            if (changeSet.empty()) {
                stacks.deleteChangeSet(changeSet.id());
                return found.withMessage("self-healing: the drift-aware change set for " + resources
                        + " contained no changes, so CloudFormation cannot revert this drift (" + changeSet.statusReason() + ")");
            }
            if (!changeSet.status().equals("CREATE_COMPLETE")) {
                return found.withMessage("self-healing failed: change set " + name + " " + changeSet.status() + ": " + changeSet.statusReason());
            }
            Instant started = clock.instant().minusSeconds(1);
            LOG.info("reverting the drift of {} in {}: {} changes", resources, stack, changeSet.changes().size());
            stacks.executeChangeSet(changeSet.id(), token(unitId, found.checkedAt()));
            Optional<LiveStack> after = waitWhileInProgress(stack);
            String status = after.map(LiveStack::status).orElse("gone");
            if (!status.equals("UPDATE_COMPLETE")) {
                var failures = stacks.failuresSince(stack, started);
                return found.withMessage("self-healing failed: " + stack + " " + status + (failures.isEmpty() ? ""
                        : ": " + failures.stream().limit(MAX_FAILURES_REPORTED).map(Object::toString).collect(Collectors.joining("; "))));
            }
            StackDrift again = detect(stack);
            String note = "self-healing reverted " + resources + " with a drift-aware change set";
            return again.withMessage(again.message() == null ? note : note + "; " + again.message());
        } catch (RuntimeException e) {
            LOG.error("reverting the drift of {} failed", stack, e);
            return found.withMessage("self-healing failed: " + e.getMessage());
        }
    }

    private Optional<LiveStack> waitWhileInProgress(String stack) {
        Instant deadline = clock.instant().plus(operationTimeout);
        int attempt = 0;
        while (true) {
            Optional<LiveStack> live = stacks.describe(stack);
            if (live.isEmpty() || !live.get().inProgress() || clock.instant().isAfter(deadline)) {
                return live;
            }
            backoff.sleep(attempt++);
        }
    }

    /** The same unit and drift check always give the same token: a retried execution never runs twice. */
    static String token(String unitId, Instant checkedAt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("revert-drift\n" + unitId + "\n" + checkedAt).getBytes(StandardCharsets.UTF_8));
            return "rambla-revert-drift-" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
