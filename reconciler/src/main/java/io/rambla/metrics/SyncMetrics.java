package io.rambla.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.rambla.apply.AwsCallCounter;
import io.rambla.drift.StackDrift;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's metrics, all named {@code rambla_*} in Prometheus. Fed by the sync as a
 * {@link SyncListener} and by the {@link AwsCallCounter} that every CloudFormation call passes
 * through, so the reconciler itself knows nothing about metrics.
 *
 * <ul>
 *   <li>{@code rambla_sync_duration_seconds{result}}: histogram of whole syncs (from the start of
 *       a revision's reconcile to its last unit's final state);</li>
 *   <li>{@code rambla_units{state}}: how many units are in each state now;</li>
 *   <li>{@code rambla_units_drifted}: how many units' stacks the last drift check found drifted;</li>
 *   <li>{@code rambla_unit_results_total{state}}: final unit states, one per unit per sync;</li>
 *   <li>{@code rambla_last_successful_sync_time_seconds}: Unix time of the last sync whose every
 *       unit was applied (0 before the first);</li>
 *   <li>{@code rambla_aws_calls_total{operation}}: AWS API calls by operation;</li>
 *   <li>{@code rambla_change_sets_total{result}}: change sets {@code created} and {@code executed}.</li>
 * </ul>
 */
@Context
@Requires(beans = MeterRegistry.class)
public class SyncMetrics implements SyncListener {

    /** The operations the daemon makes; registered up front so they read 0 rather than being absent. */
    static final List<String> KNOWN_OPERATIONS = List.of("CreateChangeSet", "DeleteChangeSet", "DeleteStack",
            "DescribeChangeSet", "DescribeStackDriftDetectionStatus", "DescribeStackEvents", "DescribeStackResourceDrifts",
            "DescribeStacks", "DetectStackDrift", "ExecuteChangeSet");

    private final MeterRegistry registry;
    private final AwsCallCounter aws;
    private final Set<String> registeredOperations = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastSuccessfulSync = new AtomicLong();
    private volatile long syncStartedNanos;

    public SyncMetrics(MeterRegistry registry, UnitStatusStore statuses, AwsCallCounter aws) {
        this.registry = registry;
        this.aws = aws;
        for (UnitState state : UnitState.values()) {
            Gauge.builder("rambla.units", statuses, s -> s.all().stream().filter(u -> u.state() == state).count())
                    .tag("state", name(state))
                    .description("Units in each state now")
                    .register(registry);
        }
        Gauge.builder("rambla.units.drifted", statuses,
                        s -> s.all().stream().filter(u -> u.drift() != null && u.drift().status() == StackDrift.Status.DRIFTED).count())
                .description("Units whose stack the last drift check found drifted from its template")
                .register(registry);
        Gauge.builder("rambla.last.successful.sync.time", lastSuccessfulSync, AtomicLong::get)
                .baseUnit("seconds")
                .description("Unix time at which the last sync with every unit applied finished; 0 before the first")
                .register(registry);
        changeSets("created", "CreateChangeSet");
        changeSets("executed", "ExecuteChangeSet");
        KNOWN_OPERATIONS.forEach(this::registerOperation);
        // Pre-create the histogram, so a scrape before the first sync already shows it.
        timer("success");
    }

    private void changeSets(String result, String operation) {
        FunctionCounter.builder("rambla.change.sets", aws, a -> a.count(operation))
                .tag("result", result)
                .description("CloudFormation change sets the daemon created and executed")
                .register(registry);
    }

    private void registerOperation(String operation) {
        if (registeredOperations.add(operation)) {
            FunctionCounter.builder("rambla.aws.calls", aws, a -> a.count(operation))
                    .tag("operation", operation)
                    .description("AWS API calls by operation")
                    .register(registry);
        }
    }

    /** Operations first seen since the last look (an SDK retry path, a new adapter) get their own series. */
    void registerNewOperations() {
        aws.snapshot().keySet().forEach(this::registerOperation);
    }

    private Timer timer(String result) {
        return Timer.builder("rambla.sync.duration")
                .tag("result", result)
                .description("Time a sync took, from the start of a revision's reconcile to the final state of its last unit")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofHours(2))
                .register(registry);
    }

    @Override
    public void syncStarted(String revision, List<String> unitIds) {
        syncStartedNanos = System.nanoTime();
        registerNewOperations();
    }

    @Override
    public void unitChanged(String revision, UnitStatus status) {
        registerNewOperations();
    }

    @Override
    public void syncFinished(String revision, List<UnitStatus> units) {
        registerNewOperations();
        boolean success = units.stream().allMatch(u -> u.state() == UnitState.APPLIED);
        long started = syncStartedNanos;
        if (started != 0) {
            timer(success ? "success" : "failure").record(Duration.ofNanos(System.nanoTime() - started));
        }
        for (UnitStatus unit : units) {
            Counter.builder("rambla.unit.results")
                    .tag("state", name(unit.state()))
                    .tag("region", unit.region() == null ? "unknown" : unit.region())
                    .description("Final unit states, one per unit per sync")
                    .register(registry)
                    .increment();
        }
        if (success) {
            lastSuccessfulSync.set(System.currentTimeMillis() / 1000);
        }
    }

    private static String name(UnitState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
