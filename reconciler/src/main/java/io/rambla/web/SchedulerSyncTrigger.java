package io.rambla.web;

import io.micronaut.context.annotation.Requires;
import io.rambla.cluster.SyncScheduler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands sync requests to the scheduler, which never runs two syncs at once. */
@Singleton
@Requires(beans = SyncScheduler.class)
public class SchedulerSyncTrigger implements SyncTrigger {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerSyncTrigger.class);

    private final SyncScheduler scheduler;

    public SchedulerSyncTrigger(SyncScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void requestSync(String reason) {
        LOG.info("sync requested: {}", reason);
        scheduler.syncNow();
    }
}
