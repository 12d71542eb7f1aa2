package io.rambla.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Counts GitHub webhook deliveries by the status the daemon answered
 * ({@code rambla_webhook_deliveries_total{status="202"}}): 401s mean a wrong secret, 413s an
 * oversized body. Runs outermost, so it also sees answers other filters give before the controller.
 */
@ServerFilter("/webhooks/github")
@Requires(beans = MeterRegistry.class)
public class WebhookMetricsFilter implements Ordered {

    private final MeterRegistry registry;

    public WebhookMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @ResponseFilter
    public void count(MutableHttpResponse<?> response) {
        count(registry, response.code());
    }

    /** Also for the answers the server gives before a request reaches the filters (web.RequestLimits). */
    public static void count(MeterRegistry registry, int status) {
        Counter.builder("rambla.webhook.deliveries")
                .tag("status", Integer.toString(status))
                .description("GitHub webhook deliveries by the HTTP status answered")
                .register(registry)
                .increment();
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
