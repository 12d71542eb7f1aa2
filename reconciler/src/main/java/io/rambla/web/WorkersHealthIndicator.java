package io.rambla.web;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import io.rambla.supervise.Workers;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Part of {@code /health} and {@code /health/liveness}: DOWN while any background worker (the
 * GitHub outbox, the pull-request poller and reviewer, the sync, the drift checks) is dead
 * and not yet restarted, naming each and what killed it. A worker that keeps dying keeps the
 * daemon DOWN, so its orchestrator replaces it.
 */
@Singleton
@Liveness
public class WorkersHealthIndicator implements HealthIndicator {

    static final String NAME = "workers";

    private final Workers workers;

    public WorkersHealthIndicator(Workers workers) {
        this.workers = workers;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (Workers.Worker worker : workers.all()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", worker.state().name());
            detail.put("since", worker.since().toString());
            detail.put("deaths", worker.deaths());
            if (worker.lastFailure() != null) {
                detail.put("lastFailure", worker.lastFailure());
            }
            details.put(worker.name(), detail);
        }
        HealthStatus status = workers.down().isEmpty() ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder(NAME, status).details(details).build());
    }
}
