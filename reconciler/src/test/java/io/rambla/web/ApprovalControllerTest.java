package io.rambla.web;

import static io.rambla.web.SyncControllerTest.exchange;
import static io.rambla.web.SyncControllerTest.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.rambla.status.ApprovedUnits;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Approving a held unit through the API and the status page's form, behind the operator token. */
@MicronautTest
@Property(name = "spec.name", value = "ApprovalControllerTest")
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "micronaut.http.client.follow-redirects", value = "false")
@Property(name = "rambla.api.token", value = ApprovalControllerTest.TOKEN)
class ApprovalControllerTest {

    static final String TOKEN = "0perator-t0ken";
    /** Each test holds its own commit, so an approval in one lets nothing through in another. */
    String HELD;
    static final String UNIT = "district/main";

    @Singleton
    @Requires(property = "spec.name", value = "ApprovalControllerTest")
    static class Recorder implements SyncTrigger {
        final List<String> reasons = new CopyOnWriteArrayList<>();

        @Override
        public void requestSync(String reason) {
            reasons.add(reason);
        }
    }

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    Recorder recorder;

    @Inject
    ApprovedUnits approvals;

    @Inject
    UnitStatusStore statuses;

    @BeforeEach
    void seed() {
        recorder.reasons.clear();
        HELD = "4f2c9e1" + java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(17).putLong(System.nanoTime()).array()).substring(0, 33);
        statuses.track(UNIT, "district", "rambla-district-main");
        statuses.record(UNIT, UnitState.AWAITING_APPROVAL, HELD, "aaa",
                "awaiting approval: replaces AWS::EC2::VPC Vpc (stateful: its data or address is lost) (approval: replacements)");
        statuses.track("app/shop/production", "app", "rambla-app-shop-production");
        statuses.record("app/shop/production", UnitState.APPLIED, "aaa", "aaa", "up to date");
    }

    @Test
    void anOperatorApprovesTheHeldCommitAndASyncIsAsked() {
        var response = exchange(http, HttpRequest.POST("/api/units/district/main/approve", "").bearerAuth(TOKEN));

        assertThat(response.code()).isEqualTo(202);
        assertThat(result(response)).isEqualTo("district/main at " + HELD + " is approved; the next sync applies it");
        assertThat(approvals.approved(UNIT, HELD)).isTrue();
        assertThat(approvals.approved(UNIT, "b" + HELD.substring(1))).as("another commit").isFalse();
        assertThat(recorder.reasons).containsExactly("approval of district/main");
    }

    @Test
    void aRevisionThatIsNoLongerHeldIsRefused() {
        var stale = exchange(http, HttpRequest.POST("/api/units/district/main/approve?revision=0123456789ab", "").bearerAuth(TOKEN));

        assertThat(stale.code()).isEqualTo(409);
        assertThat(result(stale)).contains("is held at " + HELD + ", not at 0123456789ab", "superseded");
        assertThat(exchange(http, HttpRequest.POST("/api/units/district/main/approve?revision=" + HELD.substring(0, 7), "")
                .bearerAuth(TOKEN)).code()).isEqualTo(202);
        assertThat(exchange(http, HttpRequest.POST("/api/units/district/main/approve?revision=4f2c%0a", "").bearerAuth(TOKEN)).code())
                .isEqualTo(400);
    }

    @Test
    void onlyAHeldUnitCanBeApproved() {
        var applied = exchange(http, HttpRequest.POST("/api/units/app/shop/production/approve", "").bearerAuth(TOKEN));
        assertThat(applied.code()).isEqualTo(409);
        assertThat(result(applied)).isEqualTo("app/shop/production is not awaiting approval (it is applied)");

        var unknown = exchange(http, HttpRequest.POST("/api/units/district/..%2F..%2Fetc/approve", "").bearerAuth(TOKEN));
        assertThat(unknown.code()).isEqualTo(404);
        assertThat(recorder.reasons).isEmpty();
    }

    @Test
    void withoutTheOperatorTokenNothingIsApproved() {
        assertThat(exchange(http, HttpRequest.POST("/api/units/district/main/approve", "")).code()).isEqualTo(401);
        assertThat(exchange(http, HttpRequest.POST("/api/units/district/main/approve", "").bearerAuth("guess")).code()).isEqualTo(401);
        assertThat(approvals.approved(UNIT, HELD)).isFalse();
        assertThat(recorder.reasons).isEmpty();
    }

    @Test
    void theStatusPageFormApprovesWithTheTokenAsAFieldAndGoesBackToTheUnit() {
        var wrong = form(Map.of("revision", HELD, "token", "guess"));
        assertThat(wrong.code()).isEqualTo(401);
        assertThat(approvals.approved(UNIT, HELD)).isFalse();

        var right = form(Map.of("revision", HELD, "token", TOKEN));
        assertThat(right.code()).isEqualTo(303);
        assertThat(right.header("Location")).isEqualTo("/units/district/main");
        assertThat(approvals.approved(UNIT, HELD)).isTrue();
    }

    @Test
    void theUnitPageOffersTheButtonOnlyWhileTheUnitIsHeld() {
        String page = http.toBlocking().retrieve("/units/district/main");
        assertThat(page).contains("<form class=\"approve\" method=\"post\" action=\"/units/district/main/approve\">",
                "name=\"revision\" value=\"" + HELD + "\"", "Approve district/main at 4f2c9e1", "awaiting_approval");
        assertThat(page).doesNotContain("http-equiv=\"refresh\"");
        assertThat(http.toBlocking().retrieve("/units/app/shop/production")).doesNotContain("<form", "/approve");
        assertThat(http.toBlocking().retrieve("/api/units/district/main"))
                .contains("\"state\":\"AWAITING_APPROVAL\"", "awaiting approval: replaces AWS::EC2::VPC Vpc");
    }

    private HttpResponse<?> form(Map<String, String> fields) {
        try {
            return http.toBlocking().exchange(HttpRequest.POST("/units/district/main/approve", fields)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE), String.class);
        } catch (HttpClientResponseException e) {
            return e.getResponse();
        }
    }
}
