package io.rambla.reconcile;

import io.rambla.apply.ApplyOutcome;
import io.rambla.apply.AwsException;
import io.rambla.apply.StackExecutor;
import io.rambla.plan.Amis;
import io.rambla.plan.ApprovalGate;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.Orphans;
import io.rambla.plan.Ownership;
import io.rambla.plan.Resolution;
import io.rambla.plan.Planner;
import io.rambla.plan.Snapshot;
import io.rambla.plan.UnitDecision;
import io.rambla.render.BeforeDeployTask;
import io.rambla.render.RenderedUnit;
import io.rambla.retry.Sleeper;
import io.rambla.schema.Diagnostic;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import io.rambla.schema.Settings;
import io.rambla.source.Checkout;
import io.rambla.source.GitSource;
import io.rambla.source.SourceException;
import io.rambla.status.ApprovedUnits;
import io.rambla.status.PausedUnits;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One sync: fetch the tracked branch, validate and render it, and bring every unit's stack to
 * its desired state in dependency order. A unit whose upstream failed is not attempted.
 *
 * <p>The loop here fetches, loads, renders, snapshots and orders; {@link #execute} turns each
 * unit into a {@link UnitOutcome}, retrying a unit whose AWS calls fail transiently with backoff
 * while the others go on; {@link SyncRecorder} is the only writer of statuses and the only caller
 * of listeners. A unit that AWS refused outright ({@link AwsException.Terminal}) is not tried
 * again for the same commit, until a new commit or a forced sync. Drift checks are not part of a
 * sync: they run as their own job ({@code DriftWatch}).
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int MAX_ERRORS_IN_MESSAGE = 5;

    private final GitSource source;
    private final StackExecutor applier;
    private final SyncRecorder recorder;
    private final SyncSettings settings;
    private final Sleeper sleeper;
    private final ExecutorService executor;
    private final PausedUnits paused;
    private final ApprovedUnits approvals;
    /** Operator retries asked for; with the pauses, what {@link #lastCompletedRevision} was completed under. */
    private final java.util.concurrent.atomic.AtomicLong retries = new java.util.concurrent.atomic.AtomicLong();
    /** Full listings of the live stacks asked for ({@link #listAfresh}, an operator's retry), and how many the last listing answered. */
    private final java.util.concurrent.atomic.AtomicLong fullListingsAsked = new java.util.concurrent.atomic.AtomicLong();
    private volatile long fullListingsAnswered;
    /** {@link #operatorChanges()} when {@link #lastCompletedRevision} was completed. */
    private volatile long lastCompletedPauses = -1;
    /** Units AWS refused for a commit, by unit id: not tried again until the commit or the desired state changes. */
    private final Map<String, TerminalFailure> refused = new ConcurrentHashMap<>();
    private volatile String lastCompletedRevision;
    /**
     * The SSM parameters the last complete sync's units follow for their AMI, and the AMI ids read
     * then: all the new-AMI check needs, kept instead of the rendered units (with their templates).
     */
    private volatile List<io.rambla.render.ParameterValue.SsmAmi> lastFollowed = List.of();
    private volatile Map<String, String> lastAmis = Map.of();
    /** The last sync's rendered units: a unit whose model did not change is not rendered again. */
    private final RenderCache renderCache = new RenderCache();

    public Reconciler(GitSource source, StackExecutor applier, UnitStatusStore statuses, List<SyncListener> listeners,
            SyncSettings settings, Clock clock, Sleeper sleeper) {
        this(source, applier, statuses, listeners, settings, clock, sleeper, new PausedUnits());
    }

    /** @param paused units an operator paused: never applied; a pause or resume makes the next poll sync the head again */
    public Reconciler(GitSource source, StackExecutor applier, UnitStatusStore statuses, List<SyncListener> listeners,
            SyncSettings settings, Clock clock, Sleeper sleeper, PausedUnits paused) {
        this(source, applier, statuses, listeners, settings, clock, sleeper, paused, new ApprovedUnits());
    }

    /** @param approvals operators' approvals of units the repository's {@code approval} setting holds; an approval makes the next poll sync the head again */
    public Reconciler(GitSource source, StackExecutor applier, UnitStatusStore statuses, List<SyncListener> listeners,
            SyncSettings settings, Clock clock, Sleeper sleeper, PausedUnits paused, ApprovedUnits approvals) {
        this.paused = paused;
        this.approvals = approvals;
        this.source = source;
        this.applier = applier;
        this.recorder = new SyncRecorder(statuses, listeners, settings.trackDrift(), clock);
        this.settings = settings;
        this.sleeper = sleeper;
        this.executor = Executors.newFixedThreadPool(settings.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "rambla-sync");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A reconciler with the default settings, the system clock and real waits, telling no listener. */
    public static Reconciler of(GitSource source, StackExecutor applier, UnitStatusStore statuses) {
        return new Reconciler(source, applier, statuses, List.of(), SyncSettings.defaults(), Clock.systemUTC(), Sleeper.THREAD);
    }

    /**
     * An operator asks to apply the unit again at the same commit: AWS's earlier refusal is
     * forgotten and the next sync looks at the head again, even though the branch did not move.
     * Does not wait for a sync that runs.
     */
    public void retry(String unitId) {
        refused.remove(unitId);
        retries.incrementAndGet();
        listAfresh();
    }

    /**
     * The next sync lists the live stacks afresh (a full listing) instead of answering from the
     * listing cache, so it sees changes made outside Rambla since the last full listing. Does not
     * start a sync.
     */
    public void listAfresh() {
        fullListingsAsked.incrementAndGet();
    }

    /** Changes an operator made (pauses, resumes, retries, approvals) that make a finished commit worth another sync. */
    private long operatorChanges() {
        return paused.version() + retries.get() + approvals.version();
    }

    /** What a sync did, for logs, the CLI and tests. */
    public record SyncReport(String revision, boolean skipped, Map<String, UnitState> units, String error) {}

    /** AWS refused the unit's desired state {@code desiredHash} at {@code revision}. */
    private record TerminalFailure(String revision, String desiredHash, String message) {}

    /** Syncs if the branch moved since the last complete sync. */
    public synchronized SyncReport sync() {
        return sync(false);
    }

    /**
     * Syncs if the branch moved since the last complete sync, or always with {@code force}; a
     * forced sync also tries again the units AWS refused.
     */
    public synchronized SyncReport sync(boolean force) {
        if (force) {
            refused.clear();
        }
        Checkout checkout;
        try {
            checkout = source.fetch();
        } catch (SourceException e) {
            LOG.warn("sync skipped: {}", e.getMessage());
            return new SyncReport(null, true, Map.of(), e.getMessage());
        }
        String revision = checkout.revision();
        // Another daemon of a cluster may have paused, resumed or approved a unit since the last sync.
        paused.refresh();
        approvals.refresh();
        if (!force && revision.equals(lastCompletedRevision) && operatorChanges() == lastCompletedPauses && !newAmiPublished()) {
            LOG.debug("revision {} already reconciled", checkout.shortRevision());
            return new SyncReport(revision, true, Map.of(), null);
        }
        MDC.put("revision", checkout.shortRevision());
        try {
            return reconcile(checkout, force);
        } finally {
            MDC.remove("revision");
        }
    }

    /** A district following an SSM parameter gets a new AMI without a commit: the same revision is synced again. */
    private boolean newAmiPublished() {
        if (lastAmis.isEmpty()) {
            return false;
        }
        try {
            Map<String, String> now = Amis.read(lastFollowed, applier.amiLookup());
            if (!now.equals(lastAmis)) {
                LOG.info("a new AMI was published ({}); syncing the same revision again", now);
                return true;
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot check for new AMIs; the next poll tries again: {}", e.getMessage());
        }
        return false;
    }

    /** @param fullListing list the live stacks afresh instead of from the port's cache (a forced sync) */
    private SyncReport reconcile(Checkout checkout, boolean fullListing) {
        String revision = checkout.revision();
        long pausesAtStart = operatorChanges();
        long started = System.nanoTime();
        LoadResult loaded = RepositoryLoader.load(checkout.directory());
        loaded.diagnostics().stream().filter(d -> !d.isError()).forEach(d -> LOG.warn("{}", d));
        if (loaded.hasErrors()) {
            String message = invalidMessage(loaded.errors());
            LOG.error("revision {} does not validate; nothing applied: {}", checkout.shortRevision(), message);
            List<String> known = recorder.all().stream().map(UnitStatus::id).toList();
            recorder.syncStarted(revision, known);
            recorder.invalid(revision, message);
            recorder.syncFinished(revision, recorder.all().stream().map(UnitStatus::id).toList());
            lastCompletedRevision = revision;
            lastCompletedPauses = pausesAtStart;
            Map<String, UnitState> states = recorder.all().stream()
                    .collect(Collectors.toMap(UnitStatus::id, s -> UnitState.INVALID, (a, b) -> a, LinkedHashMap::new));
            return new SyncReport(revision, false, states, message);
        }

        String prefix = loaded.repository().settings().stackPrefix();
        List<RenderedUnit> rendered = Ownership.claim(renderCache.render(prefix, loaded.repository()), settings.repository());
        List<String> ids = rendered.stream().map(RenderedUnit::id).toList();
        Map<String, String> regions = new HashMap<>();
        for (RenderedUnit unit : rendered) {
            recorder.track(unit.id(), unit.unit().kind().name().toLowerCase(), unit.stack().stackName(), unit.unit().region());
            regions.put(unit.stack().stackName(), unit.unit().region());
        }
        // Each stack lives in its district's region.
        applier.place(regions);
        // One bulk read of the live stacks: units already carrying their desired hash need no
        // further call, and stacks of units no longer in git show up as orphans. Between full
        // listings it comes from the port's cache, refreshed by the changes Rambla made; a forced
        // sync or an operator's retry lists afresh.
        long asked = fullListingsAsked.get();
        boolean full = fullListing || asked != fullListingsAnswered;
        List<LiveStack> live;
        try {
            live = withRetries("listing the live stacks", () -> applier.liveStacks(full));
            fullListingsAnswered = asked;
        } catch (RuntimeException e) {
            LOG.error("cannot list the live stacks; nothing applied, the next poll retries", e);
            recorder.unreachable(ids, revision, describe(e));
            return new SyncReport(revision, false, Map.of(), describe(e));
        }
        Map<String, LiveStack> byName = new HashMap<>();
        live.forEach(stack -> byName.put(stack.name(), stack));
        // The AMI each district runs is part of its desired state, read now (plan.Amis).
        Map<String, String> amis;
        List<RenderedUnit> units;
        try {
            amis = Amis.current(rendered, applier.amiLookup());
            units = Amis.resolve(rendered, byName, applier.amiLookup());
        } catch (RuntimeException e) {
            LOG.error("cannot read the districts' AMIs; nothing applied, the next poll retries: {}", e.getMessage());
            recorder.unreachable(ids, revision, e.getMessage());
            return new SyncReport(revision, false, Map.of(), e.getMessage());
        }
        Snapshot snapshot = Snapshot.of(units, live);

        Map<String, List<String>> dependsOn = new LinkedHashMap<>();
        units.forEach(unit -> dependsOn.put(unit.id(), List.copyOf(unit.unit().dependsOn())));
        recorder.declared(revision, java.util.Collections.unmodifiableMap(dependsOn));
        recorder.rendered(revision, units.stream().map(RenderedUnit::unit).toList());
        recorder.syncStarted(revision, ids);
        Map<String, Map<String, String>> outputs = new ConcurrentHashMap<>();
        Map<String, UnitOutcome> outcomes = new ConcurrentHashMap<>();
        // Each unit starts as soon as the units it depends on are done; independent units run
        // side by side, at most `concurrency` at a time.
        Map<String, CompletableFuture<Void>> done = new HashMap<>();
        for (RenderedUnit unit : units) {
            var upstream = unit.unit().dependsOn().stream().map(done::get).filter(Objects::nonNull)
                    .toArray(CompletableFuture[]::new);
            done.put(unit.id(), CompletableFuture.allOf(upstream).thenRunAsync(
                    () -> outcomes.put(unit.id(), run(unit, checkout, snapshot, outputs, loaded.repository().settings())),
                    executor));
        }
        CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new)).join();

        boolean retryNextPoll = outcomes.values().stream().anyMatch(Reconciler::retriedNextPoll);
        if (!retryNextPoll && outcomes.values().stream().allMatch(o -> o instanceof UnitOutcome.Applied || o instanceof UnitOutcome.Planned)) {
            handleOrphans(new HashSet<>(ids), live, prefix, loaded.repository().settings().prune() && applier.changesStacks(), revision,
                    loaded.repository().settings().approval());
        }
        recorder.syncFinished(revision, ids);
        if (!retryNextPoll) {
            lastCompletedRevision = revision;
            lastFollowed = Amis.followed(rendered);
            lastAmis = amis;
            lastCompletedPauses = pausesAtStart;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Map<String, UnitState> ordered = new LinkedHashMap<>();
        units.forEach(u -> ordered.put(u.id(), outcomes.get(u.id()).state()));
        LOG.info("sync of {} done in {} ms: {}", checkout.shortRevision(), millis, summary(ordered));
        return new SyncReport(revision, false, ordered, null);
    }

    private static boolean retriedNextPoll(UnitOutcome outcome) {
        return outcome instanceof UnitOutcome.Waiting
                || outcome instanceof UnitOutcome.Failed failed && failed.retry() == UnitOutcome.Retry.NEXT_POLL;
    }

    /** One unit's turn, with the logging context set; records how it ended. */
    private UnitOutcome run(RenderedUnit unit, Checkout checkout, Snapshot snapshot, Map<String, Map<String, String>> outputs,
            Settings repositorySettings) {
        // The unit's stack as the listing saw it (any status), for the recorder's drift columns.
        Optional<LiveStack> listed = Optional.ofNullable(snapshot.stacks().get(unit.stack().stackName()));
        MDC.put("unit", unit.id());
        MDC.put("stack", unit.stack().stackName());
        MDC.put("revision", checkout.shortRevision());
        Optional<DesiredState> desired = Optional.empty();
        UnitOutcome outcome;
        try {
            var pause = paused.get(unit.id());
            var blockedBy = unit.unit().dependsOn().stream().filter(dep -> !outputs.containsKey(dep)).toList();
            if (pause.isPresent()) {
                LOG.info("unit {} is paused; not applied", unit.id());
                outcome = new UnitOutcome.Paused(PausedUnits.message(pause.get()));
                // Downstream units go on against what runs: the paused stack's live outputs.
                snapshot.stack(unit.stack().stackName())
                        .filter(stack -> stack.status().endsWith("_COMPLETE") && !io.rambla.plan.StackStatus.of(stack.status()).failedCreation()
                                && !io.rambla.plan.StackStatus.of(stack.status()).deleted())
                        .ifPresent(stack -> outputs.put(unit.id(), stack.outputs()));
            } else if (!blockedBy.isEmpty()) {
                outcome = new UnitOutcome.Blocked(io.rambla.status.UnitCondition.blockedMessage(blockedBy));
            } else {
                // Planned against the outputs its upstream units' applies returned, not the listing's.
                UnitDecision planned = Planner.decide(unit, snapshot.withOutputsFor(unit, outputs));
                if (planned instanceof UnitDecision.Ready ready) {
                    desired = Optional.of(ready.desired());
                    var gate = new ApprovalGate(district(unit.unit()).approvalUnder(repositorySettings),
                            approvals.approved(unit.id(), checkout.revision()));
                    outcome = execute(unit, ready.desired(), checkout.revision(), ready.live(), gate);
                } else {
                    // Seen on a loaded emulator: a stack reported complete before its outputs. Worth another try.
                    var awaiting = ((UnitDecision.AwaitingUpstream) planned).awaiting();
                    LOG.warn("unit {} waits for its upstream: {}", unit.id(), awaiting.describe());
                    outcome = new UnitOutcome.Waiting(awaiting.describe() + "; the next poll tries again");
                }
            }
        } catch (RuntimeException e) {
            LOG.error("unit {} could not be reconciled", unit.id(), e);
            outcome = new UnitOutcome.Failed(UnitOutcome.Stage.AWS_CALL, UnitOutcome.Retry.NEXT_POLL, describe(e));
        }
        try {
            if (outcome instanceof UnitOutcome.Applied applied) {
                outputs.put(unit.id(), applied.outputs());
            } else if (outcome instanceof UnitOutcome.Planned planned && !planned.outputs().isEmpty()) {
                outputs.put(unit.id(), planned.outputs());
            }
            recorder.finished(unit.id(), checkout.revision(), outcome, desired, listed);
            return outcome;
        } finally {
            MDC.remove("unit");
            MDC.remove("stack");
            MDC.remove("revision");
        }
    }

    /**
     * Applies one unit's desired state. A transient AWS error retries this unit alone, after a
     * backoff with jitter; a terminal one fails it with AWS's reason and is remembered, so the same
     * commit does not ask AWS the same question again.
     */
    private UnitOutcome execute(RenderedUnit unit, DesiredState desired, String revision, Optional<LiveStack> snapshot, ApprovalGate approval) {
        String id = unit.id();
        String hash = desired.hash();
        TerminalFailure earlier = refused.get(id);
        if (earlier != null && earlier.revision().equals(revision) && earlier.desiredHash().equals(hash)) {
            LOG.debug("{} was refused by AWS for this commit; not asking again: {}", id, earlier.message());
            return new UnitOutcome.Failed(UnitOutcome.Stage.AWS_CALL, UnitOutcome.Retry.NEXT_COMMIT, earlier.message());
        }
        refused.remove(id);
        recorder.applying(id, revision, waitingFor(snapshot).orElse(null));
        for (int attempt = 0; ; attempt++) {
            try {
                // After a failed try the listing's view is stale: read the stack afresh.
                ApplyOutcome applied = applier.apply(desired, id, revision, attempt == 0 ? snapshot : Optional.empty(),
                        BeforeDeployTask.of(unit.unit()), approval);
                return outcome(id, applied);
            } catch (AwsException.Transient e) {
                if (!settings.retry().allowsAnotherAfter(attempt)) {
                    LOG.error("unit {} failed after {} tries: {}", id, attempt + 1, e.getMessage());
                    return new UnitOutcome.Failed(UnitOutcome.Stage.AWS_CALL, UnitOutcome.Retry.NEXT_POLL,
                            describe(e) + " (" + (attempt + 1) + " tries; the next poll tries again)");
                }
                Duration delay = settings.retry().backoff().delay(attempt);
                LOG.warn("unit {}: {}; trying again in {} ms", id, e.getMessage(), delay.toMillis());
                sleeper.sleep(delay);
            } catch (AwsException.Terminal e) {
                LOG.error("unit {} refused by AWS; not tried again before a new commit: {}", id, e.getMessage());
                String message = describe(e);
                refused.put(id, new TerminalFailure(revision, hash, message));
                return new UnitOutcome.Failed(UnitOutcome.Stage.AWS_CALL, UnitOutcome.Retry.NEXT_COMMIT, message);
            }
        }
    }

    /**
     * What the unit is about to wait for, said in its status and the log: another operation on its
     * stack, seen by the sync's listing. Review-only stacks are not waited on ({@code Planner}).
     */
    private Optional<String> waitingFor(Optional<LiveStack> snapshot) {
        if (snapshot.isEmpty() || !snapshot.get().inProgress() || snapshot.get().status().equals("REVIEW_IN_PROGRESS")) {
            return Optional.empty();
        }
        String message = "waiting for stack " + snapshot.get().name() + ", which is " + snapshot.get().status()
                + " (an operation this sync did not start), since " + recorder.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "; at most rambla.apply.operation-timeout";
        LOG.warn("{}", message);
        return Optional.of(message);
    }

    private static UnitOutcome outcome(String id, ApplyOutcome applied) {
        switch (applied.result()) {
            case PLANNED:
                return new UnitOutcome.Planned(applied.appliedRevision(), applied.message(), applied.outputs());
            case HELD:
                return new UnitOutcome.AwaitingApproval(applied.message());
            case FAILED:
                LOG.warn("{} failed: {}", id, applied.message());
                return new UnitOutcome.Failed(UnitOutcome.Stage.STACK_OPERATION, UnitOutcome.Retry.NEXT_COMMIT, applied.message());
            default:
                boolean changed = applied.result() != ApplyOutcome.Result.UNCHANGED;
                if (changed) {
                    LOG.info("{} {}: {}", id, applied.result().name().toLowerCase(), applied.message());
                }
                return new UnitOutcome.Applied(applied.appliedRevision(), changed, applied.message(), applied.outputs());
        }
    }

    /** The district a unit lives in: its approval setting, else the repository's, holds the unit. */
    private static io.rambla.schema.District district(io.rambla.render.Unit unit) {
        if (unit instanceof io.rambla.render.Unit.DistrictUnit d) {
            return d.district();
        }
        if (unit instanceof io.rambla.render.Unit.EndpointUnit e) {
            return e.district();
        }
        return ((io.rambla.render.Unit.AppEnvironmentUnit) unit).district();
    }

    /** Runs an account-wide call, retrying transient failures with the unit retry policy. */
    private <T> T withRetries(String what, java.util.function.Supplier<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (AwsException.Transient e) {
                if (!settings.retry().allowsAnotherAfter(attempt)) {
                    throw e;
                }
                Duration delay = settings.retry().backoff().delay(attempt);
                LOG.warn("{}: {}; trying again in {} ms", what, e.getMessage(), delay.toMillis());
                sleeper.sleep(delay);
            }
        }
    }

    /**
     * Reports, and with pruning deletes, the stacks of units git no longer declares. Runs only after
     * every declared unit applied, so a half-applied commit never deletes anything.
     */
    private void handleOrphans(Set<String> declared, List<LiveStack> live, String prefix, boolean prune, String revision,
            io.rambla.schema.Approval approval) {
        for (Orphans.Orphan orphan : Orphans.decide(declared, live, prefix, prune, settings.repository(), settings.pruneGuard())) {
            String kind = orphan.unitId().substring(0, orphan.unitId().indexOf('/'));
            if (orphan.action() == Orphans.Action.KEEP_MASS_DELETION) {
                LOG.error("{}: {}", orphan.unitId(), orphan.reason());
            }
            if (orphan.action() != Orphans.Action.DELETE) {
                recorder.orphaned(orphan.unitId(), kind, orphan.stackName(), revision, orphan.reason());
                continue;
            }
            // Deleting a stack is what approval: replacements guards most; the repository's setting decides.
            var deletion = new io.rambla.plan.UnitChanges(orphan.unitId(), orphan.stackName(), io.rambla.plan.UnitChanges.StackAction.DELETE,
                    List.of(), List.of(), null);
            var held = new ApprovalGate(approval, approvals.approved(orphan.unitId(), revision)).holds(deletion);
            if (held.isPresent()) {
                LOG.info("{}: {}; {} left as it is", orphan.unitId(), held.get(), orphan.stackName());
                recorder.deletionHeld(orphan.unitId(), kind, orphan.stackName(), revision, held.get());
                continue;
            }
            LOG.info("{}: {}", orphan.unitId(), orphan.reason());
            recorder.pruning(orphan.unitId(), kind, orphan.stackName(), revision, orphan.reason());
            ApplyOutcome outcome;
            try {
                outcome = applier.delete(orphan.stackName(), orphan.unitId(), revision);
            } catch (AwsException e) {
                outcome = ApplyOutcome.failed(describe(e));
            }
            recorder.pruned(orphan.unitId(), revision, outcome.succeeded(), outcome.message());
        }
    }

    private static String invalidMessage(List<Diagnostic> errors) {
        String shown = errors.stream().limit(MAX_ERRORS_IN_MESSAGE).map(Diagnostic::toString).collect(Collectors.joining("; "));
        int more = errors.size() - MAX_ERRORS_IN_MESSAGE;
        return "validation failed, nothing applied: " + shown + (more > 0 ? " (and " + more + " more)" : "");
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "error talking to AWS: " + message;
    }

    private static String summary(Map<String, UnitState> result) {
        Map<UnitState, Long> counts = result.values().stream()
                .collect(Collectors.groupingBy(s -> s, java.util.TreeMap::new, Collectors.counting()));
        return counts.isEmpty() ? "no units" : counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase()).collect(Collectors.joining(", "));
    }
}
