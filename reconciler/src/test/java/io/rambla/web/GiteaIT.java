package io.rambla.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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

/**
 * The daemon with Gitea (or Forgejo) as its git host ({@code rambla.git-host.kind: gitea}),
 * against a WireMock Gitea API, a real git repository and the AWS emulator: a push signed in
 * {@code X-Forgejo-Signature} syncs at once and the unit's status lands on the pushed commit; a
 * pull request's head under {@code refs/pull/N/head}, signed the Gitea way, gets its plan comment.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GiteaIT implements TestPropertyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer gitea = new WireMockServer(options().dynamicPort());
    private final String district = Emulator.uniqueName("gitea");
    private HostDaemon daemon;
    private GitFixture git;

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        try {
            gitea.start();
            gitea.stubFor(post(urlPathMatching(".*/statuses/.*")).willReturn(aResponse().withStatus(201).withBody("{}")));
            gitea.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching(".*/issues/\\d+/comments")).willReturn(okJson("[]")));
            gitea.stubFor(post(urlPathMatching(".*/issues/\\d+/comments")).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\": 77, \"body\": \"\", \"html_url\": \"https://gitea.acme.example/acme/infra/pulls/4#issuecomment-77\"}")));
            gitea.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching(".*/pulls")).willReturn(okJson("[]")));
            daemon = HostDaemon.start(district, "10.70.0.0/16");
            git = daemon.git;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return daemon.properties("gitea", Map.of(
                "rambla.gitea.api-url", gitea.baseUrl() + "/api/v1",
                "rambla.gitea.repository", "acme/infra",
                "rambla.gitea.token", "gitea-it-token",
                "rambla.gitea.webhook-secret", HostPayloads.SECRET));
    }

    @AfterAll
    void tearDown() {
        daemon.stop(gitea);
    }

    @Test
    void aPushSignedTheForgejoWaySyncsAndTheUnitStatusIsSetOnThePushedCommit() throws Exception {
        String pushed = git.commitAndPush("widen the district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.71.0.0/16\n"));
        byte[] body = HostPayloads.giteaPush("acme/infra", "refs/heads/main", "95790bf891e76fee5e1747ab589903a6a1f80f22", pushed);

        var answer = http.toBlocking().exchange(HttpRequest.POST("/webhooks/gitea", body).contentType("application/json")
                .header("X-Forgejo-Event", "push")
                .header("X-Forgejo-Delivery", UUID.randomUUID().toString())
                .header("X-Forgejo-Signature", HostPayloads.giteaSignature(HostPayloads.SECRET, body)), String.class);

        assertThat(answer.getStatus().getCode()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(statuses(pushed)).anySatisfy(s -> {
                    assertThat(s.path("context").asText()).isEqualTo("rambla/district/" + district);
                    assertThat(s.path("state").asText()).isEqualTo("success");
                }));
    }

    @Test
    void aPullRequestIntoAnotherBranchGetsNoPlanNoCommentAndNoChangeSet() throws Exception {
        String head = git.commitAndPushTo("refs/pull/9/head", "move the district on release", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.73.0.0/16\n"));
        byte[] body = new String(HostPayloads.giteaPullRequest("acme/infra", 9, "opened", head), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"base\": {\"ref\": \"main\"", "\"base\": {\"ref\": \"release\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        var answer = http.toBlocking().exchange(HttpRequest.POST("/webhooks/gitea", body).contentType("application/json")
                .header("X-Gitea-Event", "pull_request")
                .header("X-Gitea-Delivery", UUID.randomUUID().toString())
                .header("X-Gitea-Signature", HostPayloads.giteaSignature(HostPayloads.SECRET, body)), String.class);

        assertThat(answer.getStatus().getCode()).isEqualTo(202);
        assertThat(answer.body()).contains("pull request #9 targets release, not main: not planned");
        // Nothing was queued: no comment, no status, and no change set of pull request 9 on any stack.
        assertThat(gitea.findAll(postRequestedFor(urlPathEqualTo("/api/v1/repos/acme/infra/issues/9/comments")))).isEmpty();
        assertThat(statuses(head)).isEmpty();
        try (var cloudFormation = Emulator.cloudFormation(new io.rambla.apply.AwsCallCounter())) {
            var stacks = cloudFormation.describeStacks().stacks().stream().filter(st -> st.stackName().contains(district)).toList();
            for (var stack : stacks) {
                assertThat(cloudFormation.listChangeSets(r -> r.stackName(stack.stackName())).summaries())
                        .noneMatch(c -> c.changeSetName().startsWith("rambla-pr9-"));
            }
        }
    }

    @Test
    void aPullRequestGetsItsPlanCommentAndAPlanStatusOnItsHead() throws Exception {
        String head = git.commitAndPushTo("refs/pull/4/head", "move the district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.72.0.0/16\n"));
        byte[] body = HostPayloads.giteaPullRequest("acme/infra", 4, "opened", head);

        var answer = http.toBlocking().exchange(HttpRequest.POST("/webhooks/gitea", body).contentType("application/json")
                .header("X-Gitea-Event", "pull_request")
                .header("X-Gitea-Delivery", UUID.randomUUID().toString())
                .header("X-Gitea-Signature", HostPayloads.giteaSignature(HostPayloads.SECRET, body)), String.class);

        assertThat(answer.getStatus().getCode()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(statuses(head)).anySatisfy(s -> {
                    assertThat(s.path("context").asText()).isEqualTo("rambla/plan");
                    assertThat(s.path("target_url").asText()).isEqualTo("https://gitea.acme.example/acme/infra/pulls/4#issuecomment-77");
                }));
        var comments = gitea.findAll(postRequestedFor(urlPathEqualTo("/api/v1/repos/acme/infra/issues/4/comments")));
        assertThat(comments).hasSize(1);
        assertThat(comments.get(0).getHeader("Authorization")).isEqualTo("token gitea-it-token");
        assertThat(JSON.readTree(comments.get(0).getBodyAsString()).path("body").asText())
                .startsWith("<!-- rambla:plan -->")
                .contains("### Rambla plan for `" + head.substring(0, 7) + "`", "`district/" + district + "`");
    }

    private List<JsonNode> statuses(String sha) {
        return gitea.findAll(postRequestedFor(urlPathMatching(".*/statuses/" + sha))).stream().map(r -> {
            try {
                return JSON.readTree(r.getBodyAsString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
