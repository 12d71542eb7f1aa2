package io.rambla.web;

import static io.rambla.web.SyncControllerTest.exchange;
import static io.rambla.web.SyncControllerTest.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.rambla.status.ApprovedUnits;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** An approval the store cannot keep is in force until a restart, and the operator is told so. */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "rambla.api.token", value = ApprovalNotKeptTest.TOKEN)
// A path below a file that is not a directory: no approval can be written there.
@Property(name = "rambla.approvals.file", value = "/dev/null/rambla/approvals.json")
class ApprovalNotKeptTest {

    static final String TOKEN = "0perator-t0ken";
    static final String HELD = "4f2c9e10123456789abcdef0123456789abcdef0";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    ApprovedUnits approvals;

    @Inject
    UnitStatusStore statuses;

    @Test
    void theAnswerIs500AndSaysARestartForgetsIt() {
        statuses.track("district/main", "district", "rambla-district-main");
        statuses.record("district/main", UnitState.AWAITING_APPROVAL, HELD, "aaa", "awaiting approval (approval: always)");

        var response = exchange(http, HttpRequest.POST("/api/units/district/main/approve", "").bearerAuth(TOKEN));

        assertThat(response.code()).isEqualTo(500);
        assertThat(result(response)).startsWith("district/main at " + HELD + " approved, but file /dev/null/rambla/approvals.json did not keep it")
                .contains("a restart forgets it");
        assertThat(approvals.approved("district/main", HELD)).isTrue();
    }
}
