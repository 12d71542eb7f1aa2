package io.rambla.reconcile;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.RegionalStacks;
import io.rambla.config.AwsConfig;
import io.rambla.apply.AwsOneOffTasks;
import io.rambla.apply.BeforeDeploy;
import io.rambla.apply.StackApplier;
import io.rambla.apply.StackExecutor;
import io.rambla.apply.StackPlanner;
import io.rambla.config.ApplyConfig;
import io.rambla.config.GitConfig;
import io.rambla.config.PruneConfig;
import io.rambla.plan.PruneGuard;
import io.rambla.plan.RepositoryId;
import io.rambla.drift.watch.DriftSettings;
import io.rambla.drift.watch.DriftWatch;
import io.rambla.retry.Backoff;
import io.rambla.retry.Sleeper;
import io.rambla.retry.UnitRetry;
import io.rambla.source.FetchListener;
import io.rambla.source.GitAuth;
import io.rambla.source.JGitSource;
import io.rambla.source.TimedGitSource;
import io.rambla.status.LastChanges;
import io.rambla.status.PausedUnits;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitStatusStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Wires the reconciler from configuration; only when a repository to follow is configured. */
@Factory
@Requires(property = "rambla.git.url")
public class ReconcilerFactory {

    private static final java.util.regex.Pattern SERVICE_ROLE =
            java.util.regex.Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

    /**
     * CloudFormation in the daemon's region and in every other region a district names, one client per region.
     * Each is made on first use, the home region's too ({@link BeanProvider}): building an AWS client loads
     * some 1,200 SDK classes, which would otherwise delay the daemon's first HTTP answer (docs/performance.md).
     */
    @Singleton
    RegionalStacks cloudFormationStacks(BeanProvider<CloudFormationClient> cloudFormation, ApplyConfig apply, AwsConfig aws, AwsCallCounter counter,
            @io.micronaut.context.annotation.Value("${rambla.aws.cloudformation-role-arn:}") String serviceRoleArn,
            @io.micronaut.context.annotation.Value("${rambla.sync.listing-max-age:" + DEFAULT_LISTING_MAX_AGE + "}") Duration listingMaxAge,
            io.rambla.config.ClusterConfig cluster) {
        serviceRole(serviceRoleArn).ifPresent(problem -> {
            throw new ConfigurationException(problem);
        });
        return new RegionalStacks(aws.region(), region -> new AwsCloudFormationStacks(
                region.equals(aws.region()) ? cloudFormation.get() : AwsClientFactory.cloudFormation(aws.inRegion(region), counter),
                Backoff.standard(), apply.changeSetTimeout(), apply.driftDetectionTimeout(), serviceRoleArn),
                listingPolicy(listingMaxAge, cluster.enabled()), Clock.systemUTC());
    }

    /** {@code rambla.sync.listing-max-age} when not set. */
    static final String DEFAULT_LISTING_MAX_AGE = "10m";

    /**
     * The sync's listing cache ({@code rambla.sync.listing-max-age}). In a cluster any daemon may run
     * the next sync, and the changes another daemon made never reach this one's cache: every sync
     * lists afresh there.
     */
    static io.rambla.apply.ListingPolicy listingPolicy(Duration maxAge, boolean cluster) {
        if (maxAge.isNegative()) {
            throw new ConfigurationException("rambla.sync.listing-max-age cannot be negative, got " + maxAge);
        }
        return new io.rambla.apply.ListingPolicy(cluster ? Duration.ZERO : maxAge);
    }

    /** What is wrong with {@code rambla.aws.cloudformation-role-arn}, if anything: empty means none is used. */
    public static Optional<String> serviceRole(String arn) {
        if (arn.isBlank() || SERVICE_ROLE.matcher(arn.strip()).matches()) {
            return Optional.empty();
        }
        return Optional.of("rambla.aws.cloudformation-role-arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), not `"
                + arn + "`");
    }

    /** Always there: with drift checks off ({@code rambla.drift.interval: 0s}) nothing is ever due. */
    @Singleton
    DriftWatch driftWatch(RegionalStacks stacks, UnitStatusStore statuses, DriftSettings driftSettings, ApplyConfig apply,
            List<io.rambla.status.DriftListener> driftListeners) {
        return new DriftWatch(stacks, stacks, statuses, driftSettings, Backoff.standard(), apply.operationTimeout(), apply.concurrency(),
                Clock.systemUTC(), driftListeners);
    }

    /**
     * The repository this daemon follows, as tagged on its stacks: {@code rambla.repository-id}, or
     * the git URL without credentials.
     */
    @Singleton
    RepositoryId repositoryId(GitConfig git, @Nullable @Property(name = "rambla.repository-id") String configured) {
        try {
            return RepositoryId.of(configured, git.url());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    @Singleton
    Reconciler reconciler(GitConfig git, RegionalStacks stacks, UnitStatusStore statuses, List<SyncListener> listeners,
            ApplyConfig apply, List<FetchListener> fetchListeners, DriftSettings driftSettings, BeanProvider<EcsClient> ecs, GitAuth auth,
            RepositoryId repository, PruneConfig prune, PausedUnits paused, AwsConfig aws, AwsCallCounter counter,
            io.rambla.status.ApprovedUnits approvals, LastChanges lastChanges) {
        List<String> problems = new ArrayList<>(apply.problems());
        problems.addAll(driftSettings.problems(apply.planOnly()));
        PruneGuard guard = null;
        try {
            guard = prune.guard();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems));
        }
        Path workdir = git.workdir() != null
                ? Path.of(git.workdir())
                : Path.of(System.getProperty("java.io.tmpdir"), "rambla",
                        UUID.nameUUIDFromBytes(git.url().getBytes(StandardCharsets.UTF_8)).toString());
        var backoff = Backoff.standard();
        // Plan-only is an executor of its own, not a flag: it never executes, deletes or runs before_deploy.
        var beforeDeploy = beforeDeploy(apply.beforeDeploy(), ecsInRegions(ecs::get, aws, counter), backoff, apply.beforeDeployTimeout());
        StackExecutor applier = apply.planOnly()
                ? new StackPlanner(stacks, backoff, apply.operationTimeout())
                : new StackApplier(stacks, backoff, apply.operationTimeout(), beforeDeploy,
                        (unitId, revision, applied, changes, failures) -> lastChanges.executed(unitId, revision, applied, changes,
                                failures.stream().map(f -> new LastChanges.Failure(f.logicalId(), f.resourceType(), f.status(), f.reason())).toList()));
        var source = TimedGitSource.of(new JGitSource(git.url(), git.branch(), workdir, auth), fetchListeners);
        var retry = new UnitRetry(apply.retryAttempts(), new Backoff(apply.retryInitialDelay(), apply.retryMaxDelay(), 2.0));
        return new Reconciler(source, applier, statuses, listeners, new SyncSettings(apply.concurrency(), retry, driftSettings.enabled(),
                repository, guard),
                Clock.systemUTC(), Sleeper.THREAD, paused, approvals);
    }

    /**
     * ECS in the daemon's region ({@code home}) and in every other region a stack lives in, one client
     * per region made on first use, as {@link #cloudFormationStacks} does for CloudFormation. A null
     * region is the daemon's own.
     */
    static java.util.function.Function<String, EcsClient> ecsInRegions(EcsClient home, AwsConfig aws, AwsCallCounter counter) {
        return ecsInRegions(() -> home, aws, counter);
    }

    /** As above, with the home region's client made on first use too. */
    static java.util.function.Function<String, EcsClient> ecsInRegions(java.util.function.Supplier<EcsClient> homeClient, AwsConfig aws,
            AwsCallCounter counter) {
        var clients = new java.util.concurrent.ConcurrentHashMap<String, EcsClient>();
        return region -> region == null || region.equals(aws.region()) ? homeClient.get()
                : clients.computeIfAbsent(region, r -> AwsClientFactory.ecs(aws.inRegion(r), counter));
    }

    /** {@code run} (the default) runs before_deploy on ECS in the stack's region; {@code skip} never does, and says so per unit. */
    static BeforeDeploy beforeDeploy(String mode, java.util.function.Function<String, EcsClient> ecsByRegion, Backoff backoff,
            Duration timeout) {
        return switch (mode.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "run" -> BeforeDeploy.inRegions(region -> new AwsOneOffTasks(ecsByRegion.apply(region), backoff, timeout));
            case "skip" -> BeforeDeploy.switchedOff();
            default -> throw new IllegalArgumentException(BeforeDeploy.SWITCH + " must be run or skip, not `" + mode + "`");
        };
    }
}
