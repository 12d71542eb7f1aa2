package io.rambla.status.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.rambla.status.github.FakeGitHub.PUBLIC_URL;
import static io.rambla.status.github.FakeGitHub.SHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommitStatusReporterTest {

    private static final String DISTRICT = "district/main";
    private static final String ENDPOINT = "endpoint/main/public";

    private FakeGitHub github;
    private GitHubOutbox outbox;
    private CommitStatusReporter reporter;

    @BeforeEach
    void start() {
        github = new FakeGitHub();
        github.server.stubFor(post(urlPathMatching("/repos/acme/infra/statuses/.*")).willReturn(aResponse().withStatus(201).withBody("{}")));
        outbox = github.outbox();
        reporter = new CommitStatusReporter(outbox, PUBLIC_URL + "/");
    }

    @AfterEach
    void stop() {
        outbox.close(Duration.ofSeconds(1));
        github.close();
    }

    private static UnitStatus unit(String id, String stack, UnitState state, String message) {
        return new UnitStatus(id, id.substring(0, id.indexOf('/')), stack, state, SHA, null, message, Instant.now());
    }

    @Test
    void aWholeSyncPostsPendingThenTheFinalStatusOfEveryUnitAndASummary() {
        var districtApplying = unit(DISTRICT, "rambla-district-main", UnitState.APPLYING, null);
        var districtApplied = unit(DISTRICT, "rambla-district-main", UnitState.APPLIED, "stack updated: 3 resources changed");
        var endpointBlocked = unit(ENDPOINT, "rambla-endpoint-main-public", UnitState.BLOCKED, "not attempted: district/main is not applied");

        reporter.syncStarted(SHA, List.of(DISTRICT, ENDPOINT));
        reporter.unitChanged(SHA, districtApplying);
        reporter.unitChanged(SHA, districtApplied);
        reporter.unitChanged(SHA, endpointBlocked);
        reporter.syncFinished(SHA, List.of(districtApplied, endpointBlocked));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusLines()).containsExactly(
                "rambla pending: syncing 2 units",
                "rambla/district/main pending: waiting for its turn",
                "rambla/endpoint/main/public pending: waiting for its turn",
                "rambla/district/main pending: applying stack rambla-district-main",
                "rambla/district/main success: stack updated: 3 resources changed",
                "rambla/endpoint/main/public failure: not attempted: district/main is not applied",
                "rambla failure: 1 blocked, 1 applied"));

        github.server.verify(postRequestedFor(urlEqualTo("/repos/acme/infra/statuses/" + SHA))
                .withHeader("Authorization", equalTo("Bearer " + FakeGitHub.TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withRequestBody(equalToJson("""
                        {
                          "state": "success",
                          "target_url": "https://rambla.acme.example/api/units/district/main",
                          "description": "stack updated: 3 resources changed",
                          "context": "rambla/district/main"
                        }""")));
        github.server.verify(postRequestedFor(urlEqualTo("/repos/acme/infra/statuses/" + SHA))
                .withRequestBody(equalToJson("""
                        {
                          "state": "failure",
                          "target_url": "https://rambla.acme.example/api/units",
                          "description": "1 blocked, 1 applied",
                          "context": "rambla"
                        }""")));
    }

    @Test
    void aUnitHeldForApprovalLeavesItsCommitPendingWithTheReasonUntilANewerCommitSupersedesIt() {
        String reason = "awaiting approval: replaces AWS::EC2::VPC Vpc (stateful: its data or address is lost) (approval: replacements)";
        var held = unit(DISTRICT, "rambla-district-main", UnitState.AWAITING_APPROVAL, reason);
        reporter.syncStarted(SHA, List.of(DISTRICT));
        reporter.unitChanged(SHA, held);
        reporter.syncFinished(SHA, List.of(held));
        reporter.unitSuperseded(SHA, DISTRICT, "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusLines()).containsExactly(
                "rambla pending: syncing 1 unit",
                "rambla/district/main pending: waiting for its turn",
                "rambla/district/main pending: " + reason,
                "rambla pending: 1 awaiting_approval",
                "rambla/district/main error: superseded by 2222222 before it was approved; not applied"));
    }

    @Test
    void aSyncWhereEveryUnitAppliesEndsWithASuccessfulSummary() {
        var applied = unit(DISTRICT, "rambla-district-main", UnitState.APPLIED, null);
        reporter.syncStarted(SHA, List.of(DISTRICT));
        reporter.unitChanged(SHA, applied);
        reporter.syncFinished(SHA, List.of(applied));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusLines()).containsExactly(
                "rambla pending: syncing 1 unit",
                "rambla/district/main pending: waiting for its turn",
                "rambla/district/main success: stack rambla-district-main is up to date",
                "rambla success: 1 applied"));
    }

    @Test
    void anInvalidCommitFailsEveryUnitWithTheValidationMessage() {
        var invalid = unit(DISTRICT, "rambla-district-main", UnitState.INVALID,
                "validation failed, nothing applied: districts/main.yml:3:1: error: unknown key `cidr`");
        reporter.syncStarted(SHA, List.of(DISTRICT));
        reporter.unitChanged(SHA, invalid);
        reporter.syncFinished(SHA, List.of(invalid));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusLines()).endsWith(
                "rambla/district/main failure: validation failed, nothing applied: districts/main.yml:3:1: error: unknown key `cidr`",
                "rambla failure: the commit does not validate; nothing applied"));
    }

    @Test
    void aUnitLeftApplyingWhenTheSyncEndsIsReportedAsAnError() {
        var applying = unit(DISTRICT, "rambla-district-main", UnitState.APPLYING, null);
        reporter.syncFinished(SHA, List.of(applying));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusLines()).containsExactly(
                "rambla/district/main error: the sync ended before this unit finished",
                "rambla error: 1 applying"));
    }

    @Test
    void aLongFailureMessageIsCutToGitHubsLimitWithAnEllipsis() {
        String reason = "Resource handler returned message: \"The maximum number of VPCs has been reached. "
                + "(Service: Ec2, Status Code: 400, Request ID: 0f6c3b1e-8d4a-4c1b-9b7e-2a5d6f8e9c01)\" "
                + "(RequestToken: 3f1e2d4c-5b6a-7980-a1b2-c3d4e5f60718, HandlerErrorCode: ServiceLimitExceeded)";
        assertThat(reason).hasSizeGreaterThan(140);

        reporter.unitChanged(SHA, unit(DISTRICT, "rambla-district-main", UnitState.FAILED, reason));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusRequests()).hasSize(1));
        String sent = FakeGitHub.json(github.statusRequests().get(0).getBodyAsString()).path("description").asText();
        assertThat(sent).hasSize(140).endsWith("…").startsWith("Resource handler returned message:");
        assertThat(reason).startsWith(sent.substring(0, 139));
    }

    @Test
    void theSameStatusForTheSameCommitIsSentOnce() {
        var applied = unit(DISTRICT, "rambla-district-main", UnitState.APPLIED, null);
        reporter.unitChanged(SHA, applied);
        reporter.unitChanged(SHA, applied);
        reporter.syncFinished(SHA, List.of(applied));
        reporter.syncFinished(SHA, List.of(applied));
        // A different commit is a different status, even with the same words.
        reporter.unitChanged("0000000000000000000000000000000000000001", applied);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(github.statusRequests()).hasSize(3));
        assertThat(github.statusLines()).containsExactly(
                "rambla/district/main success: stack rambla-district-main is up to date",
                "rambla success: 1 applied",
                "rambla/district/main success: stack rambla-district-main is up to date");
    }

    @Test
    void reportingNeverWaitsForGitHub() {
        github.server.stubFor(post(urlPathMatching("/repos/acme/infra/statuses/.*"))
                .willReturn(aResponse().withStatus(201).withFixedDelay(2_000)));
        long started = System.nanoTime();
        reporter.syncStarted(SHA, List.of(DISTRICT, ENDPOINT));
        reporter.syncFinished(SHA, List.of(unit(DISTRICT, "rambla-district-main", UnitState.APPLIED, null)));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void unitIdsAreLinkedToTheirPageOnTheStatusApi() {
        assertThat(reporter.unitUrl("app/billing/production")).isEqualTo("https://rambla.acme.example/api/units/app/billing/production");
        assertThat(reporter.unitUrl("app/my app/prod")).isEqualTo("https://rambla.acme.example/api/units/app/my%20app/prod");
    }
}
