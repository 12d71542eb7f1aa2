package io.rambla.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.rambla.apply.AwsCallCounter;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** {@code /prometheus} after a sync fed through the listener and AWS calls through the counter. */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
class PrometheusEndpointTest {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    SyncMetrics metrics;

    @Inject
    AwsCallCounter aws;

    @Inject
    UnitStatusStore statuses;

    @Inject
    GitFetchMetrics fetches;

    private void call(String operation, int times) {
        var attributes = ExecutionAttributes.builder().put(SdkExecutionAttribute.OPERATION_NAME, operation).build();
        for (int i = 0; i < times; i++) {
            aws.beforeExecution(null, attributes);
        }
    }

    @Test
    void the_scrape_shows_sync_unit_aws_and_change_set_metrics() {
        String revision = "4f2c9e1a7b3d5c8e0f1a2b3c4d5e6f708192a3b4";
        statuses.track("district/main", "district", "rambla-district-main");
        statuses.track("app/shop/production", "app", "rambla-app-shop-production", "eu-west-1");
        fetches.fetched(Duration.ofMillis(420), true);
        metrics.syncStarted(revision, List.of("district/main", "app/shop/production"));
        call("DescribeStacks", 3);
        call("CreateChangeSet", 2);
        call("DescribeChangeSet", 2);
        call("ExecuteChangeSet", 1);
        call("GetTemplateSummary", 1);
        statuses.record("district/main", UnitState.APPLIED, revision, revision, "3 add");
        metrics.unitChanged(revision, statuses.get("district/main").orElseThrow());
        statuses.record("app/shop/production", UnitState.FAILED, revision, null, "ROLLBACK_COMPLETE");
        metrics.syncFinished(revision, statuses.all());

        String text = http.toBlocking().retrieve(HttpRequest.GET("/prometheus").accept(MediaType.TEXT_PLAIN_TYPE));

        assertThat(text)
                .contains("rambla_sync_duration_seconds_bucket{", "rambla_sync_duration_seconds_count{result=\"failure\"} 1")
                .contains("rambla_units{state=\"applied\"} 1", "rambla_units{state=\"failed\"} 1", "rambla_units{state=\"pending\"} 0")
                .contains("rambla_unit_results_total{region=\"eu-west-1\",state=\"failed\"} 1")
                .contains("rambla_unit_results_total{region=\"unknown\",state=\"applied\"} 1")
                .contains("rambla_aws_calls_total{operation=\"DescribeStacks\"} 3", "rambla_aws_calls_total{operation=\"GetTemplateSummary\"} 1")
                .contains("rambla_aws_calls_total{operation=\"DeleteStack\"} 0")
                .contains("rambla_change_sets_total{result=\"created\"} 2", "rambla_change_sets_total{result=\"executed\"} 1")
                .contains("rambla_last_successful_sync_time_seconds 0")
                .contains("rambla_git_fetch_duration_seconds_count{result=\"success\"} 1", "rambla_git_fetch_duration_seconds_bucket{");
    }

    @Test
    void webhook_deliveries_are_counted_by_the_status_answered() {
        try {
            http.toBlocking().exchange(HttpRequest.POST("/webhooks/github", "{}").contentType(MediaType.APPLICATION_JSON_TYPE)
                    .header("X-GitHub-Event", "ping"));
        } catch (HttpClientResponseException expected) {
            // no webhook secret is configured here: refused with 403
        }

        String text = http.toBlocking().retrieve(HttpRequest.GET("/prometheus").accept(MediaType.TEXT_PLAIN_TYPE));

        assertThat(text).contains("rambla_webhook_deliveries_total{status=\"403\"} 1");
    }
}
