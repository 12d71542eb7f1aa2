package io.rambla.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import io.rambla.source.FetchListener;
import jakarta.inject.Singleton;
import java.time.Duration;

/** {@code rambla_git_fetch_duration_seconds{result}}: every fetch of the tracked branch, polls included. */
@Singleton
@Requires(beans = MeterRegistry.class)
public class GitFetchMetrics implements FetchListener {

    private final Timer succeeded;
    private final Timer failed;

    public GitFetchMetrics(MeterRegistry registry) {
        this.succeeded = timer(registry, "success");
        this.failed = timer(registry, "failure");
    }

    private static Timer timer(MeterRegistry registry, String result) {
        return Timer.builder("rambla.git.fetch.duration")
                .tag("result", result)
                .description("Time to fetch the tracked branch and check out its head")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }

    @Override
    public void fetched(Duration took, boolean ok) {
        (ok ? succeeded : failed).record(took);
    }
}
