package io.rambla.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's reconciler reports its fetches: here of a repository that does not exist, so they fail. */
class GitFetchMetricsWiringTest {

    @Test
    void the_reconciler_built_from_configuration_times_every_fetch(@TempDir Path dir) {
        // The first sync starts once the HTTP server is bound (SyncScheduler), so the server runs here.
        try (var server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "rambla.git.url", dir.resolve("missing.git").toUri().toString(),
                "rambla.git.workdir", dir.resolve("checkout").toString(),
                "rambla.git.poll-interval", "1h",
                "rambla.aws.endpoint", "http://127.0.0.1:1"))) {
            var registry = server.getApplicationContext().getBean(MeterRegistry.class);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(registry.get("rambla.git.fetch.duration").tag("result", "failure").timer().count()).isEqualTo(1));
        }
    }
}
