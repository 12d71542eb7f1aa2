package io.rambla.web;

import static io.rambla.web.Payloads.load;
import static io.rambla.web.Payloads.sign;
import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.web.Webhooks.Delivery;
import io.rambla.web.Webhooks.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GitHubWebhooksTest {

    private final RecordingSyncTrigger recorder = new RecordingSyncTrigger();
    private final Webhooks webhooks = Webhooks.gitHub(Payloads.SECRET, "acme/infra", "main", 16_384, recorder, recorder);

    private Outcome deliver(String event, String fixture) {
        byte[] body = load(fixture);
        return webhooks.handle(new Delivery(event, UUID.randomUUID().toString(), sign(body), body.length, body));
    }

    @Test
    void aPushToTheTrackedBranchRequestsASync() {
        assertThat(deliver("push", "push-main.json")).isEqualTo(new Outcome(202, "sync requested"));
        assertThat(recorder.syncs).containsExactly("push 4f2c9e1 to main");
        assertThat(recorder.plans).isEmpty();
    }

    @Test
    void aPushToAnotherBranchIsIgnored() {
        Outcome outcome = deliver("push", "push-feature-branch.json");
        assertThat(outcome.status()).isEqualTo(202);
        assertThat(outcome.result()).contains("ignored", "refs/heads/bigger-cluster");
        assertThat(recorder.syncs).isEmpty();
    }

    @Test
    void anOpenedPullRequestIsHandedToThePlannerWithItsHead() {
        Outcome outcome = deliver("pull_request", "pull_request-opened.json");
        assertThat(outcome).isEqualTo(new Outcome(202, "plan requested for #42 at c7d8e9f"));
        assertThat(recorder.plans).containsExactly("plan #42 c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6");
        assertThat(recorder.syncs).isEmpty();
    }

    @Test
    void aPullRequestAgainstAnotherBaseBranchIsNotPlanned() {
        Outcome outcome = deliver("pull_request", "pull_request-opened-other-base.json");
        assertThat(outcome).isEqualTo(new Outcome(202, "pull request #42 targets release-1, not main: not planned"));
        assertThat(recorder.plans).isEmpty();
    }

    @Test
    void aLabelTakenOffAPullRequestTellsThePlannerForReviewAppsWithoutReplanning() {
        assertThat(deliver("pull_request", "pull_request-unlabeled.json")).isEqualTo(new Outcome(202, "pull request #42 unlabeled"));
        assertThat(recorder.plans).containsExactly("labels #42");
    }

    @Test
    void aClosedPullRequestTellsThePlanner() {
        assertThat(deliver("pull_request", "pull_request-closed.json").status()).isEqualTo(202);
        assertThat(recorder.plans).containsExactly("closed #42");
    }

    @Test
    void aPingIsAnswered() {
        assertThat(deliver("ping", "ping.json")).isEqualTo(new Outcome(200, "pong"));
    }

    @Test
    void otherEventsAreAcknowledgedAndIgnored() {
        assertThat(deliver("issues", "issues-opened.json")).isEqualTo(new Outcome(202, "event issues acknowledged and ignored"));
        assertThat(recorder.syncs).isEmpty();
        assertThat(recorder.plans).isEmpty();
    }

    @Test
    void aRedeliveryIsIgnored() {
        byte[] body = load("push-main.json");
        var delivery = new Delivery("push", "72d3162e-cc78-11e3-81ab-4c9367dc0958", sign(body), body.length, body);

        assertThat(webhooks.handle(delivery)).isEqualTo(new Outcome(202, "sync requested"));
        assertThat(webhooks.handle(delivery)).isEqualTo(new Outcome(200, "duplicate delivery ignored"));
        assertThat(recorder.syncs).hasSize(1);
    }

    @Test
    void aSignedDeliveryWithoutADeliveryIdIsRefusedSoNoRedeliveryCanSlipPastDeduplication() {
        byte[] body = load("push-main.json");
        for (String missing : new String[] {null, "", "  "}) {
            var delivery = new Delivery("push", missing, sign(body), body.length, body);
            assertThat(webhooks.handle(delivery)).isEqualTo(new Outcome(400, "missing X-GitHub-Delivery"));
        }
        assertThat(recorder.syncs).isEmpty();
    }

    @Test
    void everyRefusalThatNeedsNoBodyIsMadeOnTheHeadersAlone() {
        assertThat(webhooks.refuseOnHeaders(16_385, "sha256=00", "id").status()).isEqualTo(413);
        assertThat(webhooks.refuseOnHeaders(100, null, "id").status()).isEqualTo(401);
        assertThat(webhooks.refuseOnHeaders(100, "sha256=00", null).status()).isEqualTo(400);
        assertThat(Webhooks.gitHub(null, "acme/infra", "main", 16_384, recorder, recorder).refuseOnHeaders(100, "sha256=00", "id").status())
                .isEqualTo(403);
        // A forged signature passes the headers: only the body can tell.
        assertThat(webhooks.refuseOnHeaders(-1, "sha256=00", "id")).isNull();
    }

    @Test
    void onlyTheLastThousandDeliveriesAreRemembered() {
        byte[] body = load("ping.json");
        String signature = sign(body);
        webhooks.handle(new Delivery("ping", "first", signature, body.length, body));
        for (int i = 0; i < RecentDeliveries.REMEMBERED; i++) {
            webhooks.handle(new Delivery("ping", "delivery-" + i, signature, body.length, body));
        }
        assertThat(webhooks.handle(new Delivery("ping", "delivery-999", signature, body.length, body)).result()).isEqualTo("duplicate delivery ignored");
        assertThat(webhooks.handle(new Delivery("ping", "first", signature, body.length, body)).result()).isEqualTo("pong");
    }

    @Test
    void aMissingOrWrongSignatureIsRefusedBeforeAnythingHappens() {
        byte[] body = load("push-main.json");
        assertThat(webhooks.handle(new Delivery("push", "a", null, body.length, body)).status()).isEqualTo(401);
        assertThat(webhooks.handle(new Delivery("push", "b", sign("another secret", body), body.length, body)).status()).isEqualTo(401);
        assertThat(webhooks.handle(new Delivery("push", "c", "sha256=", body.length, body)).status()).isEqualTo(401);
        assertThat(webhooks.handle(new Delivery("push", "d", "sha1=" + sign(body).substring(7), body.length, body)).status()).isEqualTo(401);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("refs/heads/bigger", "refs/heads/main").getBytes(StandardCharsets.UTF_8);
        assertThat(webhooks.handle(new Delivery("push", "e", sign(load("push-feature-branch.json")), tampered.length, tampered)).status()).isEqualTo(401);
        assertThat(recorder.syncs).isEmpty();
    }

    @Test
    void aRefusedDeliveryDoesNotCountAsSeen() {
        byte[] body = load("push-main.json");
        webhooks.handle(new Delivery("push", "same-id", "sha256=00", body.length, body));
        assertThat(webhooks.handle(new Delivery("push", "same-id", sign(body), body.length, body)).status()).isEqualTo(202);
        assertThat(recorder.syncs).hasSize(1);
    }

    @Test
    void aBodyOverTheLimitIsRefusedByItsDeclaredLengthOrItsActualSize() {
        byte[] body = load("push-main.json");
        assertThat(webhooks.handle(new Delivery("push", "a", sign(body), 16_385, body))).isEqualTo(new Outcome(413, "body larger than the limit of 16384 bytes"));
        byte[] big = new byte[16_385];
        assertThat(webhooks.handle(new Delivery("push", "b", sign(big), -1, big)).status()).isEqualTo(413);
        assertThat(recorder.syncs).isEmpty();
    }

    @Test
    void withoutASecretEveryDeliveryIsRefusedWithTheReason() {
        var unconfigured = Webhooks.gitHub(null, "acme/infra", "main", 16_384, recorder, recorder);
        byte[] body = load("push-main.json");
        Outcome outcome = unconfigured.handle(new Delivery("push", "a", sign(body), body.length, body));
        assertThat(outcome.status()).isEqualTo(403);
        assertThat(outcome.result()).contains("rambla.github.webhook-secret is not set");
        assertThat(recorder.syncs).isEmpty();
    }

    @Test
    void aDeliveryForAnotherRepositoryIsIgnored() {
        var other = Webhooks.gitHub(Payloads.SECRET, "acme/other", "main", 16_384, recorder, recorder);
        byte[] body = load("push-main.json");
        assertThat(other.handle(new Delivery("push", "a", sign(body), body.length, body)).status()).isEqualTo(202);
        assertThat(recorder.syncs).isEmpty();
    }

    @Test
    void aSignedBodyThatIsNotJsonIsABadRequest() {
        byte[] body = "payload=%7B%7D".getBytes(StandardCharsets.UTF_8);
        assertThat(webhooks.handle(new Delivery("push", "a", sign(body), body.length, body)).status()).isEqualTo(400);
    }
}
