package io.rambla.reconcile;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.AwsOneOffTasks;
import io.rambla.apply.BeforeDeploy;
import io.rambla.retry.Backoff;
import io.rambla.apply.StackApplier;
import io.micronaut.context.exceptions.ConfigurationException;
import io.rambla.config.GitConfig;
import io.rambla.drift.watch.DriftSettings;
import io.rambla.drift.watch.DriftWatch;
import io.rambla.source.JGitSource;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitStatusStore;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Wires the reconciler from configuration; only when a repository to follow is configured. */
@Factory
@Requires(property = "rambla.git.url")
public class ReconcilerFactory {

    @Singleton
    Reconciler reconciler(GitConfig git, CloudFormationClient cloudFormation, UnitStatusStore statuses, java.util.List<SyncListener> listeners,
            @io.micronaut.context.annotation.Value("${rambla.apply.concurrency:4}") int concurrency,
            java.util.List<io.rambla.source.FetchListener> fetchListeners,
            @io.micronaut.context.annotation.Value("${rambla.apply.plan-only:false}") boolean planOnly,
            DriftSettings driftSettings,
            EcsClient ecs,
            @io.micronaut.context.annotation.Value("${rambla.apply.before-deploy:run}") String beforeDeployMode,
            @io.micronaut.context.annotation.Value("${rambla.apply.before-deploy-timeout:30m}") Duration beforeDeployTimeout,
            io.rambla.source.GitAuth auth) {
        var problems = driftSettings.problems(planOnly);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems));
        }
        Path workdir = git.workdir() != null
                ? Path.of(git.workdir())
                : Path.of(System.getProperty("java.io.tmpdir"), "rambla",
                        UUID.nameUUIDFromBytes(git.url().getBytes(StandardCharsets.UTF_8)).toString());
        var backoff = Backoff.standard();
        var stacks = new AwsCloudFormationStacks(cloudFormation, backoff);
        var applier = new StackApplier(stacks, backoff, Duration.ofMinutes(60), planOnly,
                beforeDeploy(beforeDeployMode, ecs, backoff, beforeDeployTimeout));
        var source = io.rambla.source.TimedGitSource.of(new JGitSource(git.url(), git.branch(), workdir, auth), fetchListeners);
        var drift = driftSettings.enabled()
                ? new DriftWatch(stacks, statuses, driftSettings, backoff, Duration.ofMinutes(60), concurrency, Clock.systemUTC())
                : null;
        return new Reconciler(source, applier, statuses, listeners, concurrency, drift);
    }

    /** {@code run} (the default) runs before_deploy on ECS; {@code skip} never does, and says so per unit. */
    static BeforeDeploy beforeDeploy(String mode, EcsClient ecs, Backoff backoff, Duration timeout) {
        return switch (mode.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "run" -> BeforeDeploy.running(new AwsOneOffTasks(ecs, backoff, timeout));
            case "skip" -> BeforeDeploy.switchedOff();
            default -> throw new IllegalArgumentException(BeforeDeploy.SWITCH + " must be run or skip, not `" + mode + "`");
        };
    }
}
