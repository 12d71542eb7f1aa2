package io.rambla.cluster;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.rambla.reconcile.Reconciler;
import jakarta.inject.Inject;
import io.rambla.config.ClusterConfig;
import io.rambla.config.GitConfig;
import io.rambla.drift.watch.DriftSettings;
import io.rambla.drift.watch.DriftWatch;
import io.rambla.source.JGitSource;
import io.rambla.supervise.Workers;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the repository on a Quartz schedule: the first sync as soon as the daemon answers HTTP, then
 * one every {@code rambla.git.poll-interval}. The jobs are stored when the bean is made, but Quartz
 * starts only once the HTTP server is bound ({@link ServerStartupEvent}): the first sync (clone,
 * load, render, listing) would otherwise compete with Micronaut's start for the CPU and delay the
 * first answer by seconds (docs/performance.md); {@code /health/readiness} says {@code DOWN} until
 * that sync has finished. Quartz never runs two syncs at once: in memory by default, or
 * across every daemon of a cluster ({@code rambla.cluster.enabled}), whose job store is PostgreSQL.
 * However many syncs are requested while one runs, one more runs after it: every sync applies the
 * branch head, so one is enough. Drift checks are a job of their own on the same schedule, so a
 * sync never waits behind a round of them (nor they behind a long apply).
 */
@Context
@Requires(property = "rambla.git.url")
public class SyncScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);
    static final JobKey SYNC_JOB = JobKey.jobKey("sync", "rambla");
    /** Exists while a requested sync waits to start: its fixed key is what coalesces requests. */
    static final TriggerKey REQUESTED = TriggerKey.triggerKey("requested", "rambla");
    static final JobKey DRIFT_JOB = JobKey.jobKey("drift", "rambla");

    private final Scheduler scheduler;
    /** Set once the first sync has ended (see {@link #afterSync}). */
    private final AtomicBoolean firstSyncEnded = new AtomicBoolean();

    /** Syncs only, without drift checks; started at once, as no HTTP server is waited for. */
    public SyncScheduler(GitConfig git, ClusterConfig cluster, Reconciler reconciler) throws SchedulerException {
        this(git, cluster, null, reconciler, null, DriftSettings.off(), new Workers());
        start();
    }

    /**
     * Stores the jobs without starting them: {@link #start()} does, once the HTTP server is bound.
     *
     * @param workers supervises the sync and drift jobs: a job that dies is reported down until a
     *                later run of it completes, and its schedule goes on
     */
    @Inject
    public SyncScheduler(GitConfig git, ClusterConfig cluster, @Nullable ClusterDatabase database, Reconciler reconciler,
            @Nullable DriftWatch drift, DriftSettings driftSettings, Workers workers) throws SchedulerException {
        if (cluster.enabled() && database == null) {
            throw new IllegalStateException("rambla.cluster.enabled is true but no cluster database was opened");
        }
        String dataSource = cluster.enabled() ? database.dataSourceName() : "";
        scheduler = new StdSchedulerFactory(QuartzSettings.forScheduler(cluster, dataSource)).getScheduler();
        // Quartz instantiates jobs itself; hand it the one job that delegates to our bean instead.
        Duration maxJitter = maxJitter(git.pollInterval());
        scheduler.setJobFactory((bundle, s) -> bundle.getJobDetail().getKey().equals(DRIFT_JOB)
                ? new DriftJob(drift, workers)
                : new SyncJob(reconciler, maxJitter, workers, () -> afterSync(firstSyncEnded, System::gc)));
        JobDetail job = JobBuilder.newJob(SyncJob.class).withIdentity(SYNC_JOB).storeDurably()
                // In a cluster, a sync cut short by a daemon's death is run again by another daemon.
                .requestRecovery(true)
                .build();
        Trigger poll = TriggerBuilder.newTrigger()
                .withIdentity("poll", "rambla")
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(git.pollInterval().toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        // Replace: in a cluster the job and its poll are already stored by the daemons started before.
        scheduler.scheduleJob(job, Set.of(poll), true);
        if (drift != null && driftSettings.enabled()) {
            // Looks for due checks as often as the repository is polled; each stack is checked once per rambla.drift.interval.
            JobDetail driftJob = JobBuilder.newJob(DriftJob.class).withIdentity(DRIFT_JOB).storeDurably().build();
            Trigger driftPoll = TriggerBuilder.newTrigger()
                    .withIdentity("drift-poll", "rambla")
                    .startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(git.pollInterval().toMillis())
                            .repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
            scheduler.scheduleJob(driftJob, Set.of(driftPoll), true);
        } else if (cluster.enabled()) {
            // Drift checks off here: remove the job another daemon of the cluster may have stored.
            scheduler.deleteJob(DRIFT_JOB);
        }
        LOG.info("following {} branch {}, polling every {}", JGitSource.shown(git.url()), git.branch(), git.pollInterval());
        if (cluster.enabled()) {
            LOG.info("clustered as {} in cluster {}", scheduler.getSchedulerInstanceId(), cluster.name());
        }
    }

    /** Starts the schedule once the daemon answers HTTP: its first sync fires at once. */
    @EventListener
    void onServerStarted(ServerStartupEvent event) throws SchedulerException {
        start();
    }

    /**
     * Starts Quartz, so the first sync (its trigger already due) and the polls after it run; a second
     * call does nothing. Requests made before ({@link #syncNow()}) wait for it.
     */
    public void start() throws SchedulerException {
        synchronized (scheduler) {
            if (!scheduler.isStarted()) {
                scheduler.start();
            }
        }
    }

    /** Whether {@link #start()} has run: before, no sync or drift check can fire. */
    public boolean started() throws SchedulerException {
        return scheduler.isStarted();
    }

    /**
     * Runs a sync as soon as the running one, if any, is done (a webhook, or an operator's request).
     * A request made while another still waits to start is already served by that one.
     */
    public void syncNow() {
        Trigger requested = TriggerBuilder.newTrigger()
                .withIdentity(REQUESTED)
                .forJob(SYNC_JOB)
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            scheduler.scheduleJob(requested);
        } catch (ObjectAlreadyExistsException e) {
            LOG.debug("a requested sync is already waiting; it will fetch the newest head");
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not queue a sync", e);
        }
    }

    /** Quartz's id of this daemon: in a cluster, the name its check-ins go by. */
    public String instanceId() {
        try {
            return scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    public void stop() throws SchedulerException {
        scheduler.shutdown(true);
    }

    /**
     * Once, after the first sync: a full collection. Start-up and the first sync leave their garbage
     * in the old generation, and the serial heap of deploy/'s options is only given back to the system
     * (down to {@code MaxHeapFreeRatio} free) at a full collection, which an idle daemon may not reach
     * for hours: at 1,000 units one took the daemon from 306 MB to 249 MB resident (docs/performance.md).
     */
    static void afterSync(AtomicBoolean firstSyncEnded, Runnable fullCollection) {
        if (firstSyncEnded.compareAndSet(false, true)) {
            fullCollection.run();
        }
    }

    /** A tenth of the interval, at most 30 s: daemons polling one git host drift apart instead of calling in step. */
    static Duration maxJitter(Duration pollInterval) {
        Duration tenth = pollInterval.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : tenth;
    }

    /** The sync job's and the drift job's names among the daemon's workers. */
    public static final String SYNC_WORKER = "rambla-sync";
    public static final String DRIFT_WORKER = "rambla-drift";

    /** Checks the stacks whose drift check is due; never overlaps itself. */
    @DisallowConcurrentExecution
    static final class DriftJob implements Job {
        private final DriftWatch drift;
        private final Workers workers;

        DriftJob(DriftWatch drift, Workers workers) {
            this.drift = drift;
            this.workers = workers;
        }

        @Override
        public void execute(JobExecutionContext context) {
            if (drift == null) {
                return;
            }
            workers.runJob(DRIFT_WORKER, () -> {
                try {
                    drift.checkDue();
                } catch (RuntimeException e) {
                    LOG.error("drift checks failed; the next round tries again", e);
                }
            });
        }
    }

    @DisallowConcurrentExecution
    static final class SyncJob implements Job {
        private final Reconciler reconciler;
        private final Duration maxJitter;
        private final Workers workers;
        private final Runnable afterSync;

        SyncJob(Reconciler reconciler, Duration maxJitter, Workers workers, Runnable afterSync) {
            this.reconciler = reconciler;
            this.maxJitter = maxJitter;
            this.workers = workers;
            this.afterSync = afterSync;
        }

        @Override
        public void execute(JobExecutionContext context) {
            // Only repeated polls wait; the first sync and requested ones (webhooks, the API) run at once.
            boolean repeatedPoll = context.getTrigger().getKey().getName().equals("poll") && context.getPreviousFireTime() != null;
            if (repeatedPoll && !maxJitter.isZero()) {
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(maxJitter.toMillis() + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (context.getTrigger().getKey().equals(REQUESTED)) {
                claim(context);
            }
            workers.runJob(SYNC_WORKER, () -> {
                try {
                    reconciler.sync();
                } catch (RuntimeException e) {
                    LOG.error("sync failed", e);
                } finally {
                    afterSync.run();
                }
            });
        }

        /**
         * Frees the request's key before fetching. Quartz keeps a fired trigger (RAM and JDBC
         * stores alike) until its job completes, so without this a request arriving during this
         * sync would find the key taken and be lost; after it, such a request waits behind this
         * sync, and Quartz does not delete the new trigger when this job completes, because it has a
         * next fire time.
         */
        private static void claim(JobExecutionContext context) {
            try {
                context.getScheduler().unscheduleJob(REQUESTED);
            } catch (SchedulerException e) {
                LOG.warn("could not release the sync request; requests during this sync wait for the next poll", e);
            }
        }
    }
}
