package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.web.Webhooks.Outcome;
import io.rambla.web.Webhooks.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GitLab deliveries, shaped as https://docs.gitlab.com/user/project/integrations/webhook_events/ shows them. */
class GitLabWebhooksTest {

    private static final String HEAD = "c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
    private static final String BEFORE = "95790bf891e76fee5e1747ab589903a6a1f80f22";

    private final RecordingSyncTrigger recorder = new RecordingSyncTrigger();
    private final Webhooks webhooks = Webhooks.gitLab(HostPayloads.SECRET, "acme/infra", "main", 16_384, recorder, recorder);

    private Outcome deliver(String event, byte[] body) {
        return webhooks.handle(new Delivery(event, UUID.randomUUID().toString(), HostPayloads.SECRET, body.length, body));
    }

    @Test
    void aPushToTheTrackedBranchRequestsASync() {
        assertThat(deliver("Push Hook", HostPayloads.gitLabPush("acme/infra", "refs/heads/main", BEFORE, HEAD)))
                .isEqualTo(new Outcome(202, "sync requested"));
        assertThat(recorder.syncs).containsExactly("push c7d8e9f to main");
    }

    @Test
    void pushesElsewhereDeletionsAndOtherProjectsAreIgnored() {
        assertThat(deliver("Push Hook", HostPayloads.gitLabPush("acme/infra", "refs/heads/bigger", BEFORE, HEAD)).result()).contains("ignored");
        assertThat(deliver("Push Hook", HostPayloads.gitLabPush("acme/infra", "refs/heads/main", BEFORE, "0".repeat(40))).result())
                .contains("deletion");
        assertThat(deliver("Push Hook", HostPayloads.gitLabPush("evil/infra", "refs/heads/main", BEFORE, HEAD)).result())
                .contains("evil/infra ignored");
        assertThat(deliver("Pipeline Hook", "{\"object_kind\": \"pipeline\"}".getBytes(StandardCharsets.UTF_8)).result())
                .isEqualTo("event Pipeline Hook acknowledged and ignored");
        assertThat(recorder.syncs).isEmpty();
    }

    @Test
    void anOpenedMergeRequestOrAnUpdateWithCommitsIsPlannedAtItsLastCommit() {
        assertThat(deliver("Merge Request Hook", HostPayloads.gitLabMergeRequest("acme/infra", 7, "open", HEAD, null)))
                .isEqualTo(new Outcome(202, "plan requested for !7 at c7d8e9f"));
        deliver("Merge Request Hook", HostPayloads.gitLabMergeRequest("acme/infra", 7, "update", HEAD, BEFORE));
        // A title edit is an update too, without oldrev: nothing to plan.
        assertThat(deliver("Merge Request Hook", HostPayloads.gitLabMergeRequest("acme/infra", 7, "update", HEAD, null)).result())
                .contains("ignored");
        deliver("Merge Request Hook", HostPayloads.gitLabMergeRequest("acme/infra", 7, "merge", HEAD, null));
        deliver("Merge Request Hook", HostPayloads.gitLabMergeRequest("acme/infra", 8, "close", HEAD, null));

        assertThat(recorder.plans).containsExactly("plan #7 " + HEAD, "plan #7 " + HEAD, "closed #7", "closed #8");
    }

    @Test
    void aMergeRequestIntoAnotherBranchIsNotPlanned() {
        byte[] release = new String(HostPayloads.gitLabMergeRequest("acme/infra", 9, "open", HEAD, null), StandardCharsets.UTF_8)
                .replace("\"target_branch\": \"main\"", "\"target_branch\": \"release\"").getBytes(StandardCharsets.UTF_8);

        assertThat(deliver("Merge Request Hook", release)).isEqualTo(new Outcome(202, "merge request !9 targets release, not main: not planned"));
        // A branch name is the sender's text: shown printable and bounded, never planned.
        byte[] hostile = new String(HostPayloads.gitLabMergeRequest("acme/infra", 10, "open", HEAD, null), StandardCharsets.UTF_8)
                .replace("\"target_branch\": \"main\"", "\"target_branch\": \"main\\nX" + "y".repeat(500) + "\"").getBytes(StandardCharsets.UTF_8);
        assertThat(deliver("Merge Request Hook", hostile).result()).startsWith("merge request !10 targets main?Xyyy")
                .endsWith("…, not main: not planned").hasSizeLessThan(200);
        assertThat(recorder.plans).isEmpty();
    }

    @Test
    void aTokenThatIsMissingOrWrongIsRefusedBeforeTheBodyIsRead() {
        byte[] body = HostPayloads.gitLabPush("acme/infra", "refs/heads/main", BEFORE, HEAD);
        assertThat(webhooks.handle(new Delivery("Push Hook", "u1", null, body.length, body)))
                .isEqualTo(new Outcome(401, "missing X-Gitlab-Token"));
        assertThat(webhooks.handle(new Delivery("Push Hook", "u2", HostPayloads.SECRET + "x", body.length, body)))
                .isEqualTo(new Outcome(401, "token does not match"));
        assertThat(webhooks.handle(new Delivery("Push Hook", "u3", "It's a secret to everybody", body.length, body)).status())
                .as("the comparison is exact, not case-insensitive").isEqualTo(401);
        assertThat(webhooks.refuseOnHeaders(body.length, HostPayloads.SECRET, null)).isNull();
        assertThat(recorder.syncs).isEmpty();
    }

    @Test
    void anOversizedBodyIsRefusedOnItsDeclaredOrActualLength() {
        byte[] big = new byte[16_385];
        assertThat(webhooks.refuseOnHeaders(16_385, HostPayloads.SECRET, null).status()).isEqualTo(413);
        assertThat(webhooks.handle(new Delivery("Push Hook", "u4", HostPayloads.SECRET, -1, big)).status()).isEqualTo(413);
    }

    @Test
    void withoutASecretEveryDeliveryIsRefused() {
        var open = Webhooks.gitLab(null, "acme/infra", "main", 16_384, recorder, recorder);
        byte[] body = HostPayloads.gitLabPush("acme/infra", "refs/heads/main", BEFORE, HEAD);
        assertThat(open.handle(new Delivery("Push Hook", "u5", "", body.length, body)).status()).isEqualTo(403);
    }

    @Test
    void aRedeliveryOfTheSameEventIsAnsweredButNotActedOnTwice() {
        byte[] body = HostPayloads.gitLabPush("acme/infra", "refs/heads/main", BEFORE, HEAD);
        String uuid = "6f1a2b3c-0000-4000-8000-000000000001";
        assertThat(webhooks.handle(new Delivery("Push Hook", uuid, HostPayloads.SECRET, body.length, body)).status()).isEqualTo(202);
        assertThat(webhooks.handle(new Delivery("Push Hook", uuid, HostPayloads.SECRET, body.length, body)))
                .isEqualTo(new Outcome(200, "duplicate delivery ignored"));
        assertThat(recorder.syncs).hasSize(1);
    }

    @Test
    void malformedBodiesAreRefusedWithoutActing() {
        assertThat(deliver("Push Hook", "not json".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(deliver("Push Hook", "[1, 2]".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(deliver("Merge Request Hook", "{\"object_attributes\": {\"iid\": -3, \"action\": \"open\"}}".getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(400);
        assertThat(deliver(null, "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(recorder.syncs).isEmpty();
        assertThat(recorder.plans).isEmpty();
    }
}
