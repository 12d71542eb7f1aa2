package io.rambla.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.rambla.web.SyncReadinessIndicator;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The daemon's first sync waits for the HTTP server, so it does not compete with the start for the
 * CPU; readiness says DOWN until a sync has finished.
 */
class SyncSchedulerWiringTest {

    private static Map<String, Object> settings(Path dir) {
        return Map.of(
                "micronaut.server.port", -1,
                "rambla.git.url", dir.resolve("missing.git").toUri().toString(),
                "rambla.git.workdir", dir.resolve("checkout").toString(),
                "rambla.git.poll-interval", "1h",
                "rambla.aws.endpoint", "http://127.0.0.1:1");
    }

    @Test
    void a_context_whose_http_server_is_not_bound_has_its_schedule_stored_but_not_started_nor_its_aws_clients_made(@TempDir Path dir) throws Exception {
        try (var context = ApplicationContext.run(settings(dir))) {
            var scheduler = context.getBean(SyncScheduler.class);

            assertThat(scheduler.started()).isFalse();
            assertThat(status(context)).isEqualTo(HealthStatus.DOWN);
            // The reconciler is made, its AWS clients are not: they wait for the first call to AWS.
            context.getBean(io.rambla.reconcile.Reconciler.class);
            context.getBean(io.rambla.apply.RegionalStacks.class);
            assertThat(context.getActiveBeanRegistrations(CloudFormationClient.class)).isEmpty();
            assertThat(context.getActiveBeanRegistrations(EcsClient.class)).isEmpty();
        }
    }

    @Test
    void once_the_http_server_is_bound_the_first_sync_runs(@TempDir Path dir) throws Exception {
        try (var server = ApplicationContext.run(EmbeddedServer.class, settings(dir))) {
            var context = server.getApplicationContext();

            assertThat(context.getBean(SyncScheduler.class).started()).isTrue();
            // The repository is missing, so the first sync's fetch fails; that it was tried is what counts.
            var registry = context.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(registry.get("rambla.git.fetch.duration").tag("result", "failure").timer().count()).isEqualTo(1));
        }
    }

    private static HealthStatus status(ApplicationContext context) {
        HealthResult result = Mono.from(context.getBean(SyncReadinessIndicator.class).getResult()).block();
        return result.getStatus();
    }
}
