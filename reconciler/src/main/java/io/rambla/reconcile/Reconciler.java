package io.rambla.reconcile;

import io.rambla.apply.ApplyOutcome;
import io.rambla.apply.StackApplier;
import io.rambla.drift.DriftWatch;
import io.rambla.plan.Amis;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import io.rambla.plan.Orphans;
import io.rambla.render.BeforeDeployTask;
import io.rambla.render.ParameterValue;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.schema.Diagnostic;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import io.rambla.source.Checkout;
import io.rambla.source.GitSource;
import io.rambla.source.SourceException;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import java.time.Instant;
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
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One sync: fetch the tracked branch, validate and render it, and bring every unit's stack to
 * its desired state in dependency order. A unit whose upstream failed is not attempted.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int MAX_ERRORS_IN_MESSAGE = 5;

    private final GitSource source;
    private final StackApplier applier;
    private final UnitStatusStore statuses;
    private final List<SyncListener> listeners;
    private final int concurrency;
    private final DriftWatch drift;
    private volatile String lastCompletedRevision;
    /** The units of the last complete sync before their AMIs were read, and the AMI ids read then. */
    private volatile List<RenderedUnit> lastUnits = List.of();
    private volatile Map<String, String> lastAmis = Map.of();

    public Reconciler(GitSource source, StackApplier applier, UnitStatusStore statuses) {
        this(source, applier, statuses, List.of(), 4);
    }

    /** @param concurrency how many stacks may be applied at the same time */
    public Reconciler(GitSource source, StackApplier applier, UnitStatusStore statuses, List<SyncListener> listeners, int concurrency) {
        this(source, applier, statuses, listeners, concurrency, null);
    }

    /** @param drift checks applied stacks for drift at the end of every sync; {@code null} for no drift checks */
    public Reconciler(GitSource source, StackApplier applier, UnitStatusStore statuses, List<SyncListener> listeners, int concurrency,
            DriftWatch drift) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        this.source = source;
        this.applier = applier;
        this.statuses = statuses;
        this.listeners = List.copyOf(listeners);
        this.concurrency = concurrency;
        this.drift = drift;
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

    private void changed(String id, String revision) {
        statuses.get(id).ifPresent(status -> notify(l -> l.unitChanged(revision, status)));
    }

    /** What a sync did, for logs, the CLI and tests. */
    public record SyncReport(String revision, boolean skipped, Map<String, UnitState> units, String error) {}

    /** Syncs if the branch moved since the last complete sync. */
    public synchronized SyncReport sync() {
        return sync(false);
    }

    /**
     * Syncs if the branch moved since the last complete sync, or always with {@code force}; then,
     * either way, checks the applied stacks whose drift check is due.
     */
    public synchronized SyncReport sync(boolean force) {
        try {
            return syncRevision(force);
        } finally {
            checkDrift();
        }
    }

    private void checkDrift() {
        if (drift == null) {
            return;
        }
        try {
            drift.checkDue();
        } catch (RuntimeException e) {
            LOG.error("drift checks failed; the next sync tries again", e);
        }
    }

    private SyncReport syncRevision(boolean force) {
        Checkout checkout;
        try {
            checkout = source.fetch();
        } catch (SourceException e) {
            LOG.warn("sync skipped: {}", e.getMessage());
            return new SyncReport(null, true, Map.of(), e.getMessage());
        }
        String revision = checkout.revision();
        if (!force && revision.equals(lastCompletedRevision) && !newAmiPublished()) {
            LOG.debug("revision {} already reconciled", checkout.shortRevision());
            return new SyncReport(revision, true, Map.of(), null);
        }
        MDC.put("revision", checkout.shortRevision());
        try {
            return reconcile(checkout);
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
            Map<String, String> now = Amis.current(lastUnits, applier.amiLookup());
            if (!now.equals(lastAmis)) {
                LOG.info("a new AMI was published ({}); syncing the same revision again", now);
                return true;
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot check for new AMIs; the next poll tries again: {}", e.getMessage());
        }
        return false;
    }

    private SyncReport reconcile(Checkout checkout) {
        String revision = checkout.revision();
        long started = System.nanoTime();
        LoadResult loaded = RepositoryLoader.load(checkout.directory());
        loaded.diagnostics().stream().filter(d -> !d.isError()).forEach(d -> LOG.warn("{}", d));
        if (loaded.hasErrors()) {
            String message = invalidMessage(loaded.errors());
            LOG.error("revision {} does not validate; nothing applied: {}", checkout.shortRevision(), message);
            notify(l -> l.syncStarted(revision, statuses.all().stream().map(s -> s.id()).toList()));
            for (var status : statuses.all()) {
                statuses.record(status.id(), UnitState.INVALID, revision, status.lastAppliedRevision(), message);
                changed(status.id(), revision);
            }
            notify(l -> l.syncFinished(revision, statuses.all()));
            lastCompletedRevision = revision;
            Map<String, UnitState> states = statuses.all().stream()
                    .collect(Collectors.toMap(s -> s.id(), s -> UnitState.INVALID, (a, b) -> a, LinkedHashMap::new));
            return new SyncReport(revision, false, states, message);
        }

        List<RenderedUnit> rendered = new Renderer(loaded.repository().settings().stackPrefix()).render(loaded.repository());
        Set<String> current = new HashSet<>();
        for (RenderedUnit unit : rendered) {
            statuses.track(unit.id(), unit.unit().kind().name().toLowerCase(), unit.stack().stackName());
            current.add(unit.id());
        }
        // One bulk read of the live stacks: units already carrying their desired hash need no
        // further call, and stacks of units no longer in git show up as orphans.
        String prefix = loaded.repository().settings().stackPrefix();
        List<LiveStack> live;
        try {
            live = applier.liveStacks();
        } catch (RuntimeException e) {
            LOG.error("cannot list the live stacks; nothing applied, the next poll retries", e);
            for (RenderedUnit unit : rendered) {
                statuses.update(unit.id(), st -> st.with(UnitState.FAILED, revision, st.lastAppliedRevision(), describe(e), Instant.now()));
            }
            return new SyncReport(revision, false, Map.of(), describe(e));
        }
        Map<String, LiveStack> snapshot = new HashMap<>();
        live.forEach(stack -> snapshot.put(stack.name(), stack));
        // The AMI each district runs is part of its desired state, read now (plan.Amis).
        Map<String, String> amis;
        List<RenderedUnit> units;
        try {
            amis = Amis.current(rendered, applier.amiLookup());
            units = Amis.resolve(rendered, snapshot, applier.amiLookup());
        } catch (RuntimeException e) {
            LOG.error("cannot read the districts' AMIs; nothing applied, the next poll retries: {}", e.getMessage());
            for (RenderedUnit unit : rendered) {
                statuses.update(unit.id(), st -> st.with(UnitState.FAILED, revision, st.lastAppliedRevision(), e.getMessage(), Instant.now()));
            }
            return new SyncReport(revision, false, Map.of(), e.getMessage());
        }

        notify(l -> l.syncStarted(revision, units.stream().map(RenderedUnit::id).toList()));
        Map<String, Map<String, String>> outputs = new ConcurrentHashMap<>();
        Map<String, UnitState> result = new ConcurrentHashMap<>();
        AtomicBoolean retryNeeded = new AtomicBoolean();
        // Each unit starts as soon as the units it depends on are done; independent units run
        // side by side, at most `concurrency` at a time.
        Map<String, CompletableFuture<Void>> done = new HashMap<>();
        var executor = Executors.newFixedThreadPool(concurrency);
        try {
            for (RenderedUnit unit : units) {
                var upstream = unit.unit().dependsOn().stream().map(done::get).filter(Objects::nonNull)
                        .toArray(CompletableFuture[]::new);
                done.put(unit.id(), CompletableFuture.allOf(upstream).thenRunAsync(
                        () -> runUnit(unit, revision, checkout.shortRevision(), snapshot, outputs, result, retryNeeded), executor));
            }
            CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new)).join();
        } finally {
            executor.shutdown();
        }
        if (!retryNeeded.get() && result.values().stream().allMatch(state -> state == UnitState.APPLIED || state == UnitState.PLANNED)) {
            handleOrphans(current, live, prefix, loaded.repository().settings().prune() && !applier.planOnly(), revision);
        }
        notify(l -> l.syncFinished(revision, units.stream().map(u -> statuses.get(u.id()).orElseThrow()).toList()));
        if (!retryNeeded.get()) {
            lastCompletedRevision = revision;
            lastUnits = rendered;
            lastAmis = amis;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("sync of {} done in {} ms: {}", checkout.shortRevision(), millis, summary(result));
        Map<String, UnitState> ordered = new LinkedHashMap<>();
        units.forEach(u -> ordered.put(u.id(), result.get(u.id())));
        return new SyncReport(revision, false, ordered, null);
    }

    private void runUnit(RenderedUnit unit, String revision, String shortRevision, Map<String, LiveStack> snapshot,
            Map<String, Map<String, String>> outputs, Map<String, UnitState> result, AtomicBoolean retryNeeded) {
        MDC.put("unit", unit.id());
        MDC.put("stack", unit.stack().stackName());
        MDC.put("revision", shortRevision);
        try {
            result.put(unit.id(), reconcileUnit(unit, revision, Optional.ofNullable(snapshot.get(unit.stack().stackName())), outputs));
        } catch (RuntimeException e) {
            if (e instanceof MissingUpstreamOutput) {
                // Expected now and then (an upstream stack reported complete before its outputs): no stack trace.
                LOG.warn("unit {} waits for its upstream: {}", unit.id(), e.getMessage());
            } else {
                LOG.error("unit {} could not be reconciled", unit.id(), e);
            }
            statuses.update(unit.id(), s -> s.with(UnitState.FAILED, revision, s.lastAppliedRevision(), describe(e), Instant.now()));
            result.put(unit.id(), UnitState.FAILED);
            retryNeeded.set(true);
        } finally {
            changed(unit.id(), revision);
            MDC.remove("unit");
            MDC.remove("stack");
            MDC.remove("revision");
        }
    }

    private UnitState reconcileUnit(RenderedUnit unit, String revision, Optional<LiveStack> snapshot, Map<String, Map<String, String>> outputs) {
        String id = unit.id();
        var blockedBy = unit.unit().dependsOn().stream().filter(dep -> !outputs.containsKey(dep)).toList();
        if (!blockedBy.isEmpty()) {
            statuses.update(id, s -> s.with(UnitState.BLOCKED, revision, s.lastAppliedRevision(),
                    "not attempted: " + String.join(", ", blockedBy) + " is not applied", Instant.now()));
            return UnitState.BLOCKED;
        }
        Map<String, String> parameters = new HashMap<>();
        for (var entry : unit.stack().parameters().entrySet()) {
            String value = entry.getValue().resolve(outputs);
            if (value == null) {
                var upstream = (ParameterValue.UpstreamOutput) entry.getValue();
                // Seen on a loaded emulator: a stack reported complete before its outputs. Worth another try.
                throw new MissingUpstreamOutput("parameter " + entry.getKey() + ": " + upstream.unitId()
                        + " has no output " + upstream.outputKey() + "; the next poll tries again");
            }
            parameters.put(entry.getKey(), value);
        }
        var desired = new DesiredState(unit.stack().stackName(), unit.stack().templateBody(), parameters, unit.stack().tags());
        statuses.update(id, s -> s.with(UnitState.APPLYING, revision, s.lastAppliedRevision(), null, Instant.now()));
        changed(id, revision);
        ApplyOutcome outcome = applier.apply(desired, id, revision, snapshot, BeforeDeployTask.of(unit.unit()));
        if (outcome.result() == ApplyOutcome.Result.PLANNED) {
            if (!outcome.outputs().isEmpty()) {
                outputs.put(id, outcome.outputs());
            }
            statuses.update(id, st -> st.with(UnitState.PLANNED, revision, outcome.appliedRevision(), outcome.message(), Instant.now()));
            return UnitState.PLANNED;
        }
        if (outcome.succeeded()) {
            outputs.put(id, outcome.outputs());
            if (drift != null) {
                drift.applied(id, desired, outcome.appliedRevision(), outcome.result() != ApplyOutcome.Result.UNCHANGED, snapshot);
            }
            statuses.update(id, s -> s.with(UnitState.APPLIED, revision, outcome.appliedRevision(), outcome.message(), Instant.now()));
            if (outcome.result() != ApplyOutcome.Result.UNCHANGED) {
                LOG.info("{} {}: {}", id, outcome.result().name().toLowerCase(), outcome.message());
            }
            return UnitState.APPLIED;
        }
        LOG.warn("{} failed: {}", id, outcome.message());
        statuses.update(id, s -> s.with(UnitState.FAILED, revision, s.lastAppliedRevision(), outcome.message(), Instant.now()));
        return UnitState.FAILED;
    }

    /**
     * Reports, and with pruning deletes, the stacks of units git no longer declares. Runs only after
     * every declared unit applied, so a half-applied commit never deletes anything.
     */
    private void handleOrphans(Set<String> declared, List<LiveStack> live, String prefix, boolean prune, String revision) {
        for (Orphans.Orphan orphan : Orphans.decide(declared, live, prefix, prune)) {
            String kind = orphan.unitId().substring(0, orphan.unitId().indexOf('/'));
            statuses.track(orphan.unitId(), kind, orphan.stackName());
            if (orphan.action() != Orphans.Action.DELETE) {
                statuses.record(orphan.unitId(), UnitState.ORPHANED, revision, null, orphan.reason());
                continue;
            }
            LOG.info("{}: {}", orphan.unitId(), orphan.reason());
            statuses.record(orphan.unitId(), UnitState.APPLYING, revision, null, orphan.reason());
            ApplyOutcome outcome = applier.delete(orphan.stackName(), orphan.unitId(), revision);
            statuses.record(orphan.unitId(), outcome.succeeded() ? UnitState.PRUNED : UnitState.FAILED, revision,
                    outcome.succeeded() ? revision : null, outcome.message());
            changed(orphan.unitId(), revision);
        }
    }

    private static String invalidMessage(List<Diagnostic> errors) {
        String shown = errors.stream().limit(MAX_ERRORS_IN_MESSAGE).map(Diagnostic::toString).collect(Collectors.joining("; "));
        int more = errors.size() - MAX_ERRORS_IN_MESSAGE;
        return "validation failed, nothing applied: " + shown + (more > 0 ? " (and " + more + " more)" : "");
    }

    /** An upstream stack lacks an output its downstream needs: failed for now, retried on the next poll. */
    static final class MissingUpstreamOutput extends RuntimeException {
        MissingUpstreamOutput(String message) {
            super(message);
        }
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof MissingUpstreamOutput ? message : "error talking to AWS: " + message;
    }

    private static String summary(Map<String, UnitState> result) {
        Map<UnitState, Long> counts = result.values().stream()
                .collect(Collectors.groupingBy(s -> s, java.util.TreeMap::new, Collectors.counting()));
        return counts.isEmpty() ? "no units" : counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase()).collect(Collectors.joining(", "));
    }
}
