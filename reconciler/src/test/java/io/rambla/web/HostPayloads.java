package io.rambla.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitLab and Gitea webhook bodies, cut down to the fields Rambla reads, in the shapes of the
 * hosts' documentation: https://docs.gitlab.com/user/project/integrations/webhook_events/ (push
 * events, merge request events) and https://docs.gitea.com/usage/webhooks (the push and
 * pull_request examples, which Forgejo sends alike).
 */
final class HostPayloads {

    static final String SECRET = "It's a Secret to Everybody";

    private HostPayloads() {}

    static byte[] gitLabPush(String project, String ref, String before, String after) {
        return ("""
                {"object_kind": "push", "event_name": "push", "before": "%s", "after": "%s", "ref": "%s",
                 "ref_protected": true, "checkout_sha": %s, "user_id": 4, "user_name": "John Smith", "project_id": 15,
                 "project": {"id": 15, "name": "infra", "path_with_namespace": "%s", "default_branch": "main"},
                 "commits": [], "total_commits_count": 1}""")
                .formatted(before, after, ref, after.matches("0+") ? "null" : "\"" + after + "\"", project)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code oldrev} is null when the update brought no commits. */
    static byte[] gitLabMergeRequest(String project, int iid, String action, String head, String oldrev) {
        return ("""
                {"object_kind": "merge_request", "event_type": "merge_request", "user": {"id": 1, "username": "root"},
                 "project": {"id": 15, "name": "infra", "path_with_namespace": "%s", "default_branch": "main"},
                 "object_attributes": {"id": 99, "iid": %d, "target_branch": "main", "source_branch": "bigger-cluster",
                  "state": "%s", "action": "%s", "last_commit": {"id": "%s", "message": "bigger cluster"}%s}}""")
                .formatted(project, iid, action.equals("close") ? "closed" : action.equals("merge") ? "merged" : "opened", action, head,
                        oldrev == null ? "" : ", \"oldrev\": \"" + oldrev + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] giteaPush(String repository, String ref, String before, String after) {
        return ("""
                {"ref": "%s", "before": "%s", "after": "%s", "compare_url": "", "commits": [],
                 "repository": {"id": 1, "name": "infra", "full_name": "%s", "default_branch": "main"},
                 "pusher": {"id": 1, "login": "gitea"}, "sender": {"id": 1, "login": "gitea"}}""")
                .formatted(ref, before, after, repository).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] giteaPullRequest(String repository, int number, String action, String head) {
        return ("""
                {"action": "%s", "number": %d,
                 "pull_request": {"id": 3, "number": %d, "state": "%s", "head": {"ref": "bigger-cluster", "sha": "%s"},
                  "base": {"ref": "main", "sha": "0f1e2d3c4b5a69788796a5b4c3d2e1f001234567"}},
                 "repository": {"id": 1, "name": "infra", "full_name": "%s"}, "sender": {"id": 1, "login": "gitea"}}""")
                .formatted(action, number, number, action.equals("closed") ? "closed" : "open", head, repository)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Gitea's and Forgejo's signature: the bare hex HMAC-SHA256 of the body. */
    static String giteaSignature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
