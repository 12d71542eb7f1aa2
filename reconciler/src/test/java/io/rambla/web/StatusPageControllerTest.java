package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.rambla.drift.StackDrift;
import io.rambla.status.UnitHistory;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTML status pages, in a context that follows no repository; the store is seeded directly. */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
class StatusPageControllerTest {

    private static final String REV1 = "4f2c9e1a7b3d5c8e0f1a2b3c4d5e6f708192a3b4";
    private static final String REV2 = "9b8a7c6d5e4f30211f0e0d0c0b0a090807060504";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    UnitStatusStore statuses;

    @Inject
    UnitHistory history;

    @Inject
    UnitGraph graph;

    @BeforeEach
    void seed() {
        statuses.all().forEach(s -> statuses.forget(s.id()));
        statuses.track("district/main", "district", "rambla-district-main");
        statuses.record("district/main", UnitState.APPLIED, REV1, REV1, "up to date");
        statuses.update("district/main", s -> s.withDrift(new StackDrift(StackDrift.Status.DRIFTED, Instant.parse("2026-11-22T05:59:40Z"),
                List.of(new StackDrift.DriftedResource("WebSecurityGroup", "AWS::EC2::SecurityGroup", "MODIFIED",
                        List.of("/GroupDescription: expected web, actual <b>by hand</b>"))), null)));
        statuses.track("endpoint/main/public", "endpoint", "rambla-endpoint-main-public");
        statuses.record("endpoint/main/public", UnitState.BLOCKED, REV1, null, "not attempted: district/main is not applied");
        statuses.track("app/shop/production", "app", "rambla-app-shop-production");
        statuses.record("app/shop/production", UnitState.APPLYING, REV1, null, null);
        history.record(statuses.get("app/shop/production").orElseThrow());
        statuses.record("app/shop/production", UnitState.FAILED, REV2, REV1,
                "rambla-app-shop-production UPDATE_ROLLBACK_COMPLETE: Service <script>alert('x')</script> & co failed");
        history.record(statuses.get("app/shop/production").orElseThrow());
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET(path), String.class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> response = (HttpResponse<String>) e.getResponse();
            return response;
        }
    }

    private static String body(HttpResponse<String> response) {
        return response.getBody(String.class).orElse("");
    }

    @Test
    void the_overview_lists_every_unit_with_its_state_and_short_revisions() {
        var response = get("/");

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).startsWith("text/html"));
        assertThat(body(response))
                .contains("<meta http-equiv=\"refresh\" content=\"5\">")
                .contains("href=\"/units/district/main\"", "href=\"/units/endpoint/main/public\"", "href=\"/units/app/shop/production\"")
                .contains("rambla-district-main", "rambla-endpoint-main-public", "rambla-app-shop-production")
                .contains("class=\"state applied\"", "class=\"state blocked\"", "class=\"state failed\"")
                .contains(">4f2c9e1<", ">9b8a7c6<");
    }

    @Test
    void messages_are_escaped_so_they_cannot_inject_markup() {
        String html = body(get("/"));

        assertThat(html).doesNotContain("<script>")
                .contains("Service &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co failed");
    }

    @Test
    void a_unit_page_shows_its_latest_message_and_its_operations_with_how_long_they_took() {
        var response = get("/units/app/shop/production");

        assertThat(response.code()).isEqualTo(200);
        String html = body(response);
        assertThat(html).contains("<h1>app/shop/production", REV1, REV2, "<h2>History</h2>")
                .doesNotContain("<script>");
        String history = html.substring(html.indexOf("<h2>History</h2>"));
        // The apply that started is not an operation of its own: it times the failure.
        assertThat(history).contains("state failed", "<th>Took</th>", "<td>0s</td>").doesNotContain("state applying");
    }

    @Test
    void an_unknown_unit_is_404() {
        var response = get("/units/app/%3Cb%3Enope%3C/b%3E/production");

        assertThat(response.code()).isEqualTo(404);
        assertThat(body(response)).contains("No unit app/&lt;b&gt;nope&lt;/b&gt;/production");
    }

    @Test
    void the_overview_shows_each_units_drift_and_the_unit_page_every_drifted_resource_escaped() {
        assertThat(body(get("/"))).contains("<span class=\"drift drifted\" title=\"\">drifted (1)</span>");

        assertThat(body(get("/units/district/main")))
                .contains("<h2>Drift</h2>", "2026-11-22 05:59:40Z", "<code>WebSecurityGroup</code>", "AWS::EC2::SecurityGroup", "modified")
                .contains("/GroupDescription: expected web, actual &lt;b&gt;by hand&lt;/b&gt;")
                .doesNotContain("<b>by hand</b>");
        assertThat(body(get("/units/endpoint/main/public"))).contains("No drift check: the stack has not been applied since the daemon started.");
    }

    @Test
    void the_api_gives_the_drift_of_a_unit() {
        String json = body(get("/api/units/district/main"));

        assertThat(json).contains("\"drift\":{\"status\":\"DRIFTED\"", "\"logicalId\":\"WebSecurityGroup\"",
                "\"differences\":[\"/GroupDescription: expected web, actual <b>by hand</b>\"]");
    }

    @Test
    void sync_and_health_are_shown_apart_and_an_invalid_commit_is_a_banner_not_a_sick_unit() {
        statuses.record("district/main", UnitState.INVALID, REV2, REV1, "apps/shop.yml:3:5 unknown key `memroy` <i>x</i>");

        String html = body(get("/"));

        assertThat(html).contains("<div class=\"banner\">", "does not validate", "unknown key `memroy` &lt;i&gt;x&lt;/i&gt;")
                .doesNotContain("<i>x</i>");
        String district = html.substring(html.indexOf("/units/district/main"));
        district = district.substring(0, district.indexOf("</tr>"));
        assertThat(district).contains("<span class=\"sync sync-invalid_commit\">invalid commit", "<span class=\"health health-healthy\">healthy");
        String endpoint = html.substring(html.indexOf("/units/endpoint/main/public"));
        endpoint = endpoint.substring(0, endpoint.indexOf("</tr>"));
        assertThat(endpoint).contains("<span class=\"sync sync-waiting_on\">waiting on district/main</span>");
        String app = html.substring(html.indexOf("/units/app/shop/production\">"));
        app = app.substring(0, app.indexOf("</tr>"));
        assertThat(app).contains("<span class=\"health health-degraded\">degraded");
    }

    @Test
    void the_overview_draws_the_units_declared_by_the_last_revision_as_a_graph_of_links() {
        graph.unitsDeclared(REV1, java.util.Map.of("district/main", List.of(), "endpoint/main/public", List.of("district/main"),
                "app/shop/production", List.of("district/main", "endpoint/main/public")));

        String html = body(get("/"));

        assertThat(html).contains("<svg class=\"graph\"", "<a class=\"node healthy\" href=\"/units/district/main\">",
                "<a class=\"node degraded\" href=\"/units/app/shop/production\">", "href=\"/units/endpoint/main/public\"");
    }
}
