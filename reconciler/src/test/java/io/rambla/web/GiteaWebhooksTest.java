package io.rambla.web;

import static io.rambla.web.HostPayloads.SECRET;
import static io.rambla.web.HostPayloads.giteaSignature;
import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.web.Webhooks.Outcome;
import io.rambla.web.Webhooks.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Gitea and Forgejo deliveries, shaped as https://docs.gitea.com/usage/webhooks shows them. */
class GiteaWebhooksTest {

    private static final String HEAD = "c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
    private static final String BEFORE = "95790bf891e76fee5e1747ab589903a6a1f80f22";

    private final RecordingSyncTrigger recorder = new RecordingSyncTrigger();
    private final Webhooks webhooks = Webhooks.gitea(SECRET, "acme/infra", "main", 16_384, recorder, recorder);

    private Outcome deliver(String event, byte[] body) {
        return webhooks.handle(new Delivery(event, UUID.randomUUID().toString(), giteaSignature(SECRET, body), body.length, body));
    }

    @Test
    void aSignedPushToTheTrackedBranchRequestsASync() {
        assertThat(deliver("push", HostPayloads.giteaPush("acme/infra", "refs/heads/main", BEFORE, HEAD)))
                .isEqualTo(new Outcome(202, "sync requested"));
        assertThat(recorder.syncs).containsExactly("push c7d8e9f to main");
    }

    @Test
    void pullRequestsArePlannedOnOpenReopenAndNewCommitsAndCleanedOnClose() {
        assertThat(deliver("pull_request", HostPayloads.giteaPullRequest("acme/infra", 3, "opened", HEAD)))
                .isEqualTo(new Outcome(202, "plan requested for #3 at c7d8e9f"));
        deliver("pull_request", HostPayloads.giteaPullRequest("acme/infra", 3, "synchronized", HEAD));
        assertThat(deliver("pull_request", HostPayloads.giteaPullRequest("acme/infra", 3, "edited", HEAD)).result()).contains("ignored");
        deliver("pull_request", HostPayloads.giteaPullRequest("acme/infra", 3, "closed", HEAD));

        assertThat(recorder.plans).containsExactly("plan #3 " + HEAD, "plan #3 " + HEAD, "closed #3");
    }

    @Test
    void aPullRequestIntoAnotherBranchIsNotPlanned() {
        byte[] release = new String(HostPayloads.giteaPullRequest("acme/infra", 4, "opened", HEAD), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"base\": {\"ref\": \"main\"", "\"base\": {\"ref\": \"release\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(deliver("pull_request", release)).isEqualTo(new Outcome(202, "pull request #4 targets release, not main: not planned"));
        assertThat(recorder.plans).isEmpty();
    }

    @Test
    void aForgedMissingOrPrefixedSignatureIsRefused() {
        byte[] body = HostPayloads.giteaPush("acme/infra", "refs/heads/main", BEFORE, HEAD);
        assertThat(webhooks.handle(new Delivery("push", "d1", giteaSignature("another secret", body), body.length, body)))
                .isEqualTo(new Outcome(401, "signature does not match"));
        assertThat(webhooks.handle(new Delivery("push", "d2", null, body.length, body)))
                .isEqualTo(new Outcome(401, "missing X-Gitea-Signature"));
        // GitHub's form is not Gitea's: the bare hex digest only.
        assertThat(webhooks.handle(new Delivery("push", "d3", "sha256=" + giteaSignature(SECRET, body), body.length, body)).status())
                .isEqualTo(401);
        byte[] altered = HostPayloads.giteaPush("acme/infra", "refs/heads/main", BEFORE, BEFORE);
        assertThat(webhooks.handle(new Delivery("push", "d4", giteaSignature(SECRET, body), altered.length, altered)).status())
                .as("a signature for another body").isEqualTo(401);
        assertThat(recorder.syncs).isEmpty();
    }

    @Test
    void aDeliveryWithoutAnIdOrOversizedIsRefusedOnItsHeaders() {
        byte[] body = HostPayloads.giteaPush("acme/infra", "refs/heads/main", BEFORE, HEAD);
        assertThat(webhooks.refuseOnHeaders(body.length, giteaSignature(SECRET, body), null)).isEqualTo(new Outcome(400, "missing X-Gitea-Delivery"));
        assertThat(webhooks.refuseOnHeaders(16_385, giteaSignature(SECRET, body), "d5").status()).isEqualTo(413);
        byte[] big = new byte[20_000];
        assertThat(webhooks.handle(new Delivery("push", "d6", giteaSignature(SECRET, big), -1, big)).status()).isEqualTo(413);
        assertThat(Webhooks.gitea(null, "acme/infra", "main", 16_384, recorder, recorder)
                .refuseOnHeaders(body.length, giteaSignature(SECRET, body), "d7").status()).isEqualTo(403);
    }

    @Test
    void aRedeliveryIsAnsweredButNotActedOnTwiceAndOtherRepositoriesAreIgnored() {
        byte[] body = HostPayloads.giteaPush("acme/infra", "refs/heads/main", BEFORE, HEAD);
        assertThat(webhooks.handle(new Delivery("push", "same", giteaSignature(SECRET, body), body.length, body)).status()).isEqualTo(202);
        assertThat(webhooks.handle(new Delivery("push", "same", giteaSignature(SECRET, body), body.length, body)))
                .isEqualTo(new Outcome(200, "duplicate delivery ignored"));
        assertThat(deliver("push", HostPayloads.giteaPush("evil/infra", "refs/heads/main", BEFORE, HEAD)).result()).contains("evil/infra ignored");
        assertThat(deliver("push", "{oops".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(recorder.syncs).hasSize(1);
    }
}
