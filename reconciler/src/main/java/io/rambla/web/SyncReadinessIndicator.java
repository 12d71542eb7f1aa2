package io.rambla.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Part of {@code /health/readiness}: a daemon that follows a repository is ready once its first
 * sync has finished, so its status API tells the truth about every unit. Liveness does not
 * depend on it: a slow first sync must not get the daemon restarted.
 */
@Singleton
@Readiness
public class SyncReadinessIndicator implements HealthIndicator, SyncListener {

    static final String NAME = "sync";

    private final boolean followsRepository;
    private volatile Instant lastFinished;
    private volatile String lastRevision;

    public SyncReadinessIndicator(@Value("${rambla.git.url:}") String gitUrl) {
        this.followsRepository = gitUrl != null && !gitUrl.isBlank();
    }

    @Override
    public void syncFinished(String revision, List<UnitStatus> units) {
        lastRevision = revision;
        lastFinished = Instant.now();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("followsRepository", followsRepository);
        HealthStatus status;
        if (!followsRepository) {
            status = HealthStatus.UP;
        } else if (lastFinished == null) {
            status = HealthStatus.DOWN;
            details.put("reason", "the first sync has not finished yet");
        } else {
            status = HealthStatus.UP;
            details.put("lastSyncFinished", lastFinished.toString());
            details.put("lastRevision", lastRevision);
        }
        return Publishers.just(HealthResult.builder(NAME, status).details(details).build());
    }
}
