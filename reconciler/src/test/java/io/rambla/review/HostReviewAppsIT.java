package io.rambla.review;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.StackApplier;
import io.rambla.plan.RepositoryId;
import io.rambla.plan.ReviewApps;
import io.rambla.reconcile.Reconciler;
import io.rambla.retry.Backoff;
import io.rambla.secret.Secret;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.githost.gitea.GiteaClient;
import io.rambla.githost.GitHost;
import io.rambla.githost.gitlab.GitLabClient;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Review apps with GitLab and with Gitea/Forgejo as the git host: a real git repository, the
 * emulator's CloudFormation, and a WireMock host answering in each host's own shapes. A labelled
 * merge/pull request from the project itself gets its stack, its URL as a commit status and in a
 * note/comment; a labelled one from a fork gets none; once closed, its stack is deleted; past its
 * time to live the label comes off through the host's own call.
 */
class HostReviewAppsIT {

    private static final String LABEL = "rambla/review-app";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final WireMockServer host = new WireMockServer(options().dynamicPort());
    private GitFixture git;
    private CloudFormationClient cloudFormation;
    private AwsCloudFormationStacks stacks;
    private String prefix;
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        host.start();
        git = GitFixture.create(temp, "main");
        cloudFormation = Emulator.cloudFormation(new AwsCallCounter());
        stacks = new AwsCloudFormationStacks(cloudFormation, backoff());
        prefix = Emulator.uniqueName("hra").replace("-", "");
    }

    @AfterEach
    void tearDown() {
        try {
            List<String> reversed = new ArrayList<>(created);
            Collections.reverse(reversed);
            for (String stack : reversed) {
                try {
                    cloudFormation.deleteStack(r -> r.stackName(stack));
                    cloudFormation.waiter().waitUntilStackDeleteComplete(r -> r.stackName(stack));
                } catch (RuntimeException e) {
                    // best effort: the emulator's state is per run
                }
            }
        } finally {
            cloudFormation.close();
            git.close();
            host.stop();
        }
    }

    private static Backoff backoff() {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
    }

    private static final String DISTRICT = """
            region: us-east-1
            nat_type: none
            cluster_backend: fargate
            cidr_block: 10.74.0.0/16
            endpoints:
              - name: public
                public: true
                deletion_protection: false
            review_groups:
              - name: pulls
                endpoint: public
                base_domain: review.example.com
            """;

    private static String shop(String note) {
        return """
                review:
                  group: pulls
                  image_name: public.ecr.aws/nginx/nginx
                  environment:
                    NOTE: %s
                  services:
                    - name: web
                      service_type: web
                      memory: 512
                      cpu: 256
                      web_container_port: 80
                environments:
                  production:
                    image_name: public.ecr.aws/nginx/nginx
                    services:
                      - name: worker
                        cpu: 256
                        memory: 512
                """.formatted(note);
    }

    /** main applied by the sync: the district, its endpoint and review group, and the app. */
    private void syncMain() throws Exception {
        git.commitAndPush("district and shop", Map.of("rambla.yml", "stack_prefix: " + prefix + "\n",
                "districts/main.yml", DISTRICT, "apps/shop/barcelona.yml", shop("main")));
        created.addAll(List.of(prefix + "-district-main", prefix + "-endpoint-main-public", prefix + "-app-shop-production"));
        var statuses = new UnitStatusStore();
        var sync = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("checkout")),
                new StackApplier(stacks, backoff(), Duration.ofMinutes(5)), statuses);
        assertThat(sync.sync().units()).as("%s", statuses.all()).allSatisfy((unit, state) -> assertThat(state).isEqualTo(UnitState.APPLIED));
    }

    private ReviewAppsReconciler reviewApps(GitHost gitHost, Clock clock) {
        return new ReviewAppsReconciler(new JGitSource(git.url(), "main", temp.resolve("review-apps")),
                new StackApplier(stacks, backoff(), Duration.ofMinutes(5)), gitHost,
                RepositoryId.fromUrl(git.url()), new ReviewApps.Settings(LABEL, 2, Duration.ofHours(24)), "main", clock);
    }

    @Test
    void aLabelledGitLabMergeRequestGetsItsAppAndStatusAForkGetsNoneAndClosingDeletesIt() throws Exception {
        String project = "/api/v4/projects/acme%2Finfra";
        host.stubFor(get(urlPathMatching(project + "/merge_requests/\\d+/notes")).willReturn(okJson("[]")));
        host.stubFor(post(urlPathMatching(project + "/merge_requests/\\d+/notes")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": 501, \"body\": \"\", \"system\": false}")));
        host.stubFor(post(urlPathMatching(project + "/statuses/.*")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        host.stubFor(put(urlPathEqualTo(project + "/merge_requests/7")).willReturn(okJson("{\"iid\": 7, \"labels\": []}")));
        syncMain();

        String labelled = git.commitAndPushTo("refs/merge-requests/7/head", "shop: try a note", Map.of("apps/shop/barcelona.yml", shop("seven")));
        String forked = git.commitAndPushTo("refs/merge-requests/9/head", "shop: a fork's note", Map.of("apps/shop/barcelona.yml", shop("nine")));
        String stack7 = prefix + "-review-shop-pr7";
        created.add(0, stack7);
        String mr7 = mergeRequest(7, labelled, 15);
        String mr9 = mergeRequest(9, forked, 4711);
        host.stubFor(get(urlPathEqualTo(project + "/merge_requests")).willReturn(okJson("[" + mr7 + "," + mr9 + "]")));
        GitLabClient gitlab = new GitLabClient(URI.create(host.baseUrl() + "/api/v4"), "acme/infra", Secret.of("glpat-review-apps-it"),
                Duration.ofSeconds(5));

        // 1. !7 is labelled and from the project: its own stack, its URL as a status and in a note; !9 is a fork's.
        assertThat(reviewApps(gitlab, Clock.systemUTC()).reconcile()).isEqualTo(new ReviewAppsReconciler.Summary(1, 0, 1, 0));
        Stack app = stack(stack7).orElseThrow();
        assertThat(app.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(tag(app, "rambla:unit")).isEqualTo("review/shop/pr7");
        assertThat(template(stack7)).contains("7-shop.review.example.com", "public.ecr.aws/nginx/nginx:" + labelled);
        assertThat(bodies(postRequestedFor(urlPathEqualTo(project + "/statuses/" + labelled)))).anySatisfy(s -> {
            assertThat(s.path("name").asText()).isEqualTo("rambla/review-app/shop");
            assertThat(s.path("state").asText()).isEqualTo("success");
            assertThat(s.path("target_url").asText()).isEqualTo("http://7-shop.review.example.com");
        });
        assertThat(bodies(postRequestedFor(urlPathEqualTo(project + "/merge_requests/7/notes")))).last()
                .satisfies(n -> assertThat(n.path("body").asText()).contains("**shop**: http://7-shop.review.example.com"));
        assertThat(stack(prefix + "-review-shop-pr9")).isEmpty();
        assertThat(bodies(postRequestedFor(urlPathEqualTo(project + "/merge_requests/9/notes")))).last()
                .satisfies(n -> assertThat(n.path("body").asText()).contains("comes from a fork"));

        // 2. Past its time to live the app goes and the label comes off with remove_labels.
        assertThat(reviewApps(gitlab, Clock.offset(Clock.systemUTC(), Duration.ofHours(25))).reconcile())
                .isEqualTo(new ReviewAppsReconciler.Summary(0, 1, 1, 0));
        assertThat(stack(stack7)).isEmpty();
        assertThat(bodies(putRequestedFor(urlPathEqualTo(project + "/merge_requests/7"))))
                .containsExactly(JSON.readTree("{\"remove_labels\": \"rambla/review-app\"}"));

        // 3. Labelled again it comes back; once the merge request is closed (no longer listed), its stack is deleted.
        assertThat(reviewApps(gitlab, Clock.systemUTC()).reconcile()).isEqualTo(new ReviewAppsReconciler.Summary(1, 0, 1, 0));
        assertThat(stack(stack7)).isPresent();
        host.stubFor(get(urlPathEqualTo(project + "/merge_requests")).willReturn(okJson("[" + mr9 + "]")));
        assertThat(reviewApps(gitlab, Clock.systemUTC()).reconcile()).isEqualTo(new ReviewAppsReconciler.Summary(0, 1, 1, 0));
        assertThat(stack(stack7)).isEmpty();
        assertThat(stack(prefix + "-app-shop-production").orElseThrow().stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
    }

    @Test
    void aLabelledGiteaPullRequestGetsItsAppAndStatusAForkGetsNoneAndClosingDeletesIt() throws Exception {
        String repo = "/api/v1/repos/acme/infra";
        host.stubFor(get(urlPathMatching(repo + "/issues/\\d+/comments")).willReturn(okJson("[]")));
        host.stubFor(post(urlPathMatching(repo + "/issues/\\d+/comments")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": 900, \"body\": \"\", \"html_url\": \"u\"}")));
        host.stubFor(post(urlPathMatching(repo + "/statuses/.*")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        host.stubFor(get(urlPathEqualTo(repo + "/issues/7/labels")).willReturn(okJson("[{\"id\": 31, \"name\": \"rambla/review-app\"}]")));
        host.stubFor(delete(urlPathEqualTo(repo + "/issues/7/labels/31")).willReturn(aResponse().withStatus(204)));
        syncMain();

        String labelled = git.commitAndPushTo("refs/pull/7/head", "shop: try a note", Map.of("apps/shop/barcelona.yml", shop("seven")));
        String forked = git.commitAndPushTo("refs/pull/9/head", "shop: a fork's note", Map.of("apps/shop/barcelona.yml", shop("nine")));
        String stack7 = prefix + "-review-shop-pr7";
        created.add(0, stack7);
        String pr7 = pull(7, labelled, "{\"id\": 1, \"full_name\": \"acme/infra\"}");
        String pr9 = pull(9, forked, "{\"id\": 66, \"full_name\": \"mallory/infra\"}");
        host.stubFor(get(urlPathEqualTo(repo + "/pulls")).willReturn(okJson("[" + pr7 + "," + pr9 + "]")));
        GiteaClient gitea = new GiteaClient(URI.create(host.baseUrl() + "/api/v1"), "acme/infra", Secret.of("gitea-review-apps-it"),
                Duration.ofSeconds(5));

        assertThat(reviewApps(gitea, Clock.systemUTC()).reconcile()).isEqualTo(new ReviewAppsReconciler.Summary(1, 0, 1, 0));
        assertThat(stack(stack7).orElseThrow().stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(template(stack7)).contains("7-shop.review.example.com", "public.ecr.aws/nginx/nginx:" + labelled);
        assertThat(bodies(postRequestedFor(urlPathEqualTo(repo + "/statuses/" + labelled)))).anySatisfy(s -> {
            assertThat(s.path("context").asText()).isEqualTo("rambla/review-app/shop");
            assertThat(s.path("state").asText()).isEqualTo("success");
            assertThat(s.path("target_url").asText()).isEqualTo("http://7-shop.review.example.com");
        });
        assertThat(bodies(postRequestedFor(urlPathEqualTo(repo + "/issues/7/comments")))).last()
                .satisfies(c -> assertThat(c.path("body").asText()).contains("**shop**: http://7-shop.review.example.com"));
        assertThat(stack(prefix + "-review-shop-pr9")).isEmpty();

        assertThat(reviewApps(gitea, Clock.offset(Clock.systemUTC(), Duration.ofHours(25))).reconcile())
                .isEqualTo(new ReviewAppsReconciler.Summary(0, 1, 1, 0));
        assertThat(stack(stack7)).isEmpty();
        host.verify(1, deleteRequestedFor(urlPathEqualTo(repo + "/issues/7/labels/31")));

        assertThat(reviewApps(gitea, Clock.systemUTC()).reconcile()).isEqualTo(new ReviewAppsReconciler.Summary(1, 0, 1, 0));
        assertThat(stack(stack7)).isPresent();
        host.stubFor(get(urlPathEqualTo(repo + "/pulls")).willReturn(okJson("[" + pr9 + "]")));
        assertThat(reviewApps(gitea, Clock.systemUTC()).reconcile()).isEqualTo(new ReviewAppsReconciler.Summary(0, 1, 1, 0));
        assertThat(stack(stack7)).isEmpty();
    }

    /** A merge request as GitLab lists it; {@code sourceProject} 15 is the project itself, anything else a fork. */
    private static String mergeRequest(int iid, String sha, int sourceProject) {
        return """
                {"id": %d, "iid": %d, "project_id": 15, "state": "opened", "target_branch": "main", "source_branch": "mr-%d",
                 "source_project_id": %d, "target_project_id": 15, "sha": "%s", "labels": ["%s", "backend"]}"""
                .formatted(1000 + iid, iid, iid, sourceProject, sha, LABEL);
    }

    /** A pull request as Gitea lists it; the base repository has id 1. */
    private static String pull(int number, String sha, String headRepo) {
        return """
                {"id": %d, "number": %d, "state": "open", "labels": [{"id": 31, "name": "%s"}],
                 "head": {"ref": "pr-%d", "sha": "%s", "repo": %s},
                 "base": {"ref": "main", "sha": "0000000", "repo": {"id": 1, "full_name": "acme/infra"}}}"""
                .formatted(2000 + number, number, LABEL, number, sha, headRepo);
    }

    private List<JsonNode> bodies(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder requests) {
        return host.findAll(requests).stream().map(r -> json(r.getBodyAsString())).toList();
    }

    private Optional<Stack> stack(String name) {
        try {
            return cloudFormation.describeStacks(r -> r.stackName(name)).stacks().stream()
                    .filter(s -> !s.stackStatusAsString().equals("DELETE_COMPLETE")).findFirst();
        } catch (CloudFormationException e) {
            return Optional.empty();
        }
    }

    private String template(String stack) {
        return cloudFormation.getTemplate(r -> r.stackName(stack)).templateBody();
    }

    private static String tag(Stack stack, String key) {
        return stack.tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }

    private static ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
