package io.rambla.web;

import static io.rambla.web.HostPayloads.SECRET;
import static io.rambla.web.HostPayloads.giteaSignature;
import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.web.Webhooks.Outcome;
import io.rambla.web.Webhooks.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Label changes on Gitea/Forgejo pull requests queue a review-app pass. Gitea sends them with
 * {@code X-Gitea-Event: pull_request} ({@code X-Gitea-Event-Type: pull_request_label}) and the
 * actions {@code label_updated} or {@code label_cleared}.
 */
class GiteaLabelWebhooksTest {

    private static final String HEAD = "c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";

    private final RecordingSyncTrigger recorder = new RecordingSyncTrigger();
    private final Webhooks webhooks = Webhooks.gitea(SECRET, "acme/infra", "main", 16_384, recorder, recorder);

    private Outcome deliver(String event, byte[] body, String signature) {
        return webhooks.handle(new Delivery(event, UUID.randomUUID().toString(), signature, body.length, body));
    }

    private Outcome deliver(String event, byte[] body) {
        return deliver(event, body, giteaSignature(SECRET, body));
    }

    @Test
    void aLabelPutOnOrTakenOffQueuesAReviewAppPassAndNoPlan() {
        assertThat(deliver("pull_request", HostPayloads.giteaPullRequest("acme/infra", 3, "label_updated", HEAD)))
                .isEqualTo(new Outcome(202, "pull request #3 label_updated"));
        assertThat(deliver("pull_request_label", HostPayloads.giteaPullRequest("acme/infra", 4, "label_cleared", HEAD)))
                .isEqualTo(new Outcome(202, "pull request #4 label_cleared"));

        assertThat(recorder.plans).containsExactly("labels #3", "labels #4");
    }

    @Test
    void aForgedOrForeignLabelEventDoesNothing() {
        byte[] body = HostPayloads.giteaPullRequest("acme/infra", 3, "label_updated", HEAD);
        assertThat(deliver("pull_request", body, giteaSignature(SECRET + "x", body)).status()).isEqualTo(401);
        assertThat(deliver("pull_request", HostPayloads.giteaPullRequest("evil/infra", 3, "label_updated", HEAD)).result()).contains("ignored");

        assertThat(recorder.plans).isEmpty();
    }

    @Test
    void otherActionsAreIgnoredAndTheirNamesCleanedInTheAnswer() {
        byte[] hostile = HostPayloads.giteaPullRequest("acme/infra", 3, "label_updated\\u001b[31m", HEAD);

        assertThat(deliver("pull_request", hostile).result()).doesNotContain("\u001b").contains("ignored");
        assertThat(recorder.plans).isEmpty();
    }
}
