package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.web.Webhooks.Outcome;
import io.rambla.web.Webhooks.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Label changes on GitLab merge requests queue a review-app pass: GitLab sends them as a
 * {@code Merge Request Hook} with action {@code update} and {@code changes.labels} holding the
 * previous and current labels (https://docs.gitlab.com/user/project/integrations/webhook_events/#merge-request-events).
 */
class GitLabLabelWebhooksTest {

    private static final String HEAD = "c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
    private static final String BEFORE = "95790bf891e76fee5e1747ab589903a6a1f80f22";
    private static final String LABELS_CHANGED = """
            "changes": {"labels": {"previous": [{"id": 206, "title": "backend", "color": "#ffffff", "type": "ProjectLabel"}],
             "current": [{"id": 206, "title": "backend", "color": "#ffffff", "type": "ProjectLabel"},
                         {"id": 207, "title": "rambla/review-app", "color": "#428bca", "type": "ProjectLabel"}]}},""";

    private final RecordingSyncTrigger recorder = new RecordingSyncTrigger();
    private final Webhooks webhooks = Webhooks.gitLab(HostPayloads.SECRET, "acme/infra", "main", 16_384, recorder, recorder);

    private Outcome deliver(byte[] body) {
        return webhooks.handle(new Delivery("Merge Request Hook", UUID.randomUUID().toString(), HostPayloads.SECRET, body.length, body));
    }

    private static byte[] withChanges(byte[] mergeRequest, String changes) {
        String json = new String(mergeRequest, StandardCharsets.UTF_8);
        return ("{" + changes + json.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUpdateThatChangesLabelsQueuesAReviewAppPassAndNoPlan() {
        byte[] body = withChanges(HostPayloads.gitLabMergeRequest("acme/infra", 7, "update", HEAD, null), LABELS_CHANGED);

        assertThat(deliver(body)).isEqualTo(new Outcome(202, "merge request !7 labels changed"));
        assertThat(recorder.plans).containsExactly("labels #7");
    }

    @Test
    void anUpdateWithCommitsAndLabelsIsPlannedAndQueuesAReviewAppPass() {
        byte[] body = withChanges(HostPayloads.gitLabMergeRequest("acme/infra", 7, "update", HEAD, BEFORE), LABELS_CHANGED);

        assertThat(deliver(body)).isEqualTo(new Outcome(202, "plan requested for !7 at c7d8e9f"));
        assertThat(recorder.plans).containsExactly("plan #7 " + HEAD, "labels #7");
    }

    @Test
    void anUpdateOfSomethingElseDoesNothing() {
        byte[] title = withChanges(HostPayloads.gitLabMergeRequest("acme/infra", 7, "update", HEAD, null),
                "\"changes\": {\"title\": {\"previous\": \"a\", \"current\": \"b\"}},");
        byte[] none = HostPayloads.gitLabMergeRequest("acme/infra", 7, "update", HEAD, null);

        assertThat(deliver(title).result()).contains("ignored");
        assertThat(deliver(none).result()).contains("ignored");
        assertThat(recorder.plans).isEmpty();
    }

    @Test
    void labelChangesOnAnotherProjectsMergeRequestAreIgnored() {
        byte[] body = withChanges(HostPayloads.gitLabMergeRequest("evil/infra", 7, "update", HEAD, null), LABELS_CHANGED);

        assertThat(deliver(body).result()).contains("ignored");
        assertThat(recorder.plans).isEmpty();
    }

    @Test
    void labelChangesOnlyCountForAnUpdateAndAMissingIidIsRefused() {
        byte[] closed = withChanges(HostPayloads.gitLabMergeRequest("acme/infra", 7, "close", HEAD, null), LABELS_CHANGED);
        byte[] noIid = withChanges(HostPayloads.gitLabMergeRequest("acme/infra", 0, "update", HEAD, null), LABELS_CHANGED);

        deliver(closed);
        assertThat(recorder.plans).containsExactly("closed #7");
        assertThat(deliver(noIid).status()).isEqualTo(400);
        assertThat(recorder.plans).containsExactly("closed #7");
    }
}
