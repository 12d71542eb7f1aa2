package io.rambla.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The daemon with GitLab as its git host ({@code rambla.git-host.kind: gitlab}), against a
 * WireMock GitLab API, a real git repository and the AWS emulator: a push webhook with the right
 * {@code X-Gitlab-Token} syncs at once and the unit's status lands on the pushed commit; a
 * merge request's head under {@code refs/merge-requests/N/head} gets its plan as a note.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitLabIT implements TestPropertyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer gitlab = new WireMockServer(options().dynamicPort());
    private final String district = Emulator.uniqueName("gitlab");
    private HostDaemon daemon;
    private GitFixture git;

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        try {
            gitlab.start();
            gitlab.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(201).withBody("{}")));
            gitlab.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching(".*/merge_requests/\\d+/notes")).willReturn(okJson("[]")));
            gitlab.stubFor(post(urlPathMatching(".*/merge_requests/\\d+/notes")).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json").withBody("{\"id\": 501, \"body\": \"\", \"system\": false}")));
            gitlab.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching(".*/merge_requests")).willReturn(okJson("[]")));
            daemon = HostDaemon.start(district, "10.60.0.0/16");
            git = daemon.git;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return daemon.properties("gitlab", Map.of(
                "rambla.gitlab.api-url", gitlab.baseUrl() + "/api/v4",
                "rambla.gitlab.project", "acme/infra",
                "rambla.gitlab.token", "glpat-it-token",
                "rambla.gitlab.webhook-secret", HostPayloads.SECRET));
    }

    @AfterAll
    void tearDown() {
        daemon.stop(gitlab);
    }

    @Test
    void aPushWebhookWithTheTokenSyncsAndTheUnitStatusIsSetOnThePushedCommit() throws Exception {
        String pushed = git.commitAndPush("widen the district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.61.0.0/16\n"));
        byte[] body = HostPayloads.gitLabPush("acme/infra", "refs/heads/main", "95790bf891e76fee5e1747ab589903a6a1f80f22", pushed);

        var answer = http.toBlocking().exchange(HttpRequest.POST("/webhooks/gitlab", body).contentType("application/json")
                .header("X-Gitlab-Event", "Push Hook")
                .header("X-Gitlab-Event-UUID", UUID.randomUUID().toString())
                .header("X-Gitlab-Token", HostPayloads.SECRET), String.class);

        assertThat(answer.getStatus().getCode()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(statuses(pushed)).anySatisfy(s -> {
                    assertThat(s.path("name").asText()).isEqualTo("rambla/district/" + district);
                    assertThat(s.path("state").asText()).isEqualTo("success");
                    assertThat(s.path("target_url").asText()).isEqualTo("https://rambla.acme.example/api/units/district/" + district);
                }));
        assertThat(statuses(pushed)).extracting(s -> s.path("state").asText()).allMatch(List.of("pending", "success")::contains);
    }

    @Test
    void aMergeRequestGetsItsPlanAsANoteAndAPlanStatusOnItsHead() throws Exception {
        String head = git.commitAndPushTo("refs/merge-requests/5/head", "move the district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.62.0.0/16\n"));
        byte[] body = HostPayloads.gitLabMergeRequest("acme/infra", 5, "open", head, null);

        var answer = http.toBlocking().exchange(HttpRequest.POST("/webhooks/gitlab", body).contentType("application/json")
                .header("X-Gitlab-Event", "Merge Request Hook")
                .header("X-Gitlab-Event-UUID", UUID.randomUUID().toString())
                .header("X-Gitlab-Token", HostPayloads.SECRET), String.class);

        assertThat(answer.getStatus().getCode()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(statuses(head)).anySatisfy(s -> {
                    assertThat(s.path("name").asText()).isEqualTo("rambla/plan");
                    assertThat(s.path("target_url").asText()).isEqualTo(gitlab.baseUrl() + "/acme/infra/-/merge_requests/5#note_501");
                }));
        var notes = gitlab.findAll(postRequestedFor(urlPathMatching(".*/merge_requests/5/notes")));
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).getHeader("PRIVATE-TOKEN")).isEqualTo("glpat-it-token");
        assertThat(JSON.readTree(notes.get(0).getBodyAsString()).path("body").asText())
                .startsWith("<!-- rambla:plan -->")
                .contains("### Rambla plan for `" + head.substring(0, 7) + "`", "`district/" + district + "`");
    }

    @Test
    void aMergeRequestIntoAnotherBranchGetsNoPlanNoNoteAndNoChangeSet() throws Exception {
        String head = git.commitAndPushTo("refs/merge-requests/9/head", "move the district on release", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.63.0.0/16\n"));
        byte[] body = new String(HostPayloads.gitLabMergeRequest("acme/infra", 9, "open", head, null), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"target_branch\": \"main\"", "\"target_branch\": \"release\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        var answer = http.toBlocking().exchange(HttpRequest.POST("/webhooks/gitlab", body).contentType("application/json")
                .header("X-Gitlab-Event", "Merge Request Hook")
                .header("X-Gitlab-Event-UUID", UUID.randomUUID().toString())
                .header("X-Gitlab-Token", HostPayloads.SECRET), String.class);

        assertThat(answer.getStatus().getCode()).isEqualTo(202);
        assertThat(answer.body()).contains("merge request !9 targets release, not main: not planned");
        // Nothing was queued: no note, no status, and no change set of merge request 9 on any stack.
        assertThat(gitlab.findAll(postRequestedFor(urlPathMatching(".*/merge_requests/9/notes")))).isEmpty();
        assertThat(statuses(head)).isEmpty();
        try (CloudFormationClient cloudFormation = Emulator.cloudFormation(new io.rambla.apply.AwsCallCounter())) {
            var stacks = cloudFormation.describeStacks().stacks().stream().filter(st -> st.stackName().contains(district)).toList();
            for (var stack : stacks) {
                assertThat(cloudFormation.listChangeSets(r -> r.stackName(stack.stackName())).summaries())
                        .noneMatch(c -> c.changeSetName().startsWith("rambla-pr9-"));
            }
        }
    }

    private List<JsonNode> statuses(String sha) {
        return gitlab.findAll(postRequestedFor(urlPathMatching(".*/statuses/" + sha))).stream().map(r -> {
            try {
                return JSON.readTree(r.getBodyAsString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
