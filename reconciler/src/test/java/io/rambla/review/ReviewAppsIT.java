package io.rambla.review;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
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
import io.rambla.githost.github.GitHubClient;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
 * Review apps from a real git repository, through the emulator's CloudFormation, with a WireMock
 * GitHub: a labelled pull request gets its stack and its URL in the plan comment and a commit
 * status; a push updates it; closing deletes it (also when it closed while the daemon was down);
 * an unlabelled pull request and a fork's get none; the cap holds a pull request back with a clear
 * comment until a slot frees; past its time to live an app goes and its label comes off; taking
 * the label off deletes it.
 */
class ReviewAppsIT {

    private static final String REPOSITORY = "acme/infra";
    private static final String LABEL = "rambla/review-app";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final WireMockServer github = new WireMockServer(options().dynamicPort());
    private GitFixture git;
    private CloudFormationClient cloudFormation;
    private AwsCloudFormationStacks stacks;
    private String prefix;
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        github.start();
        // #7 already has its plan comment; the others have none yet.
        github.stubFor(get(urlPathMatching("/repos/acme/infra/issues/\\d+/comments")).willReturn(okJson("[]")));
        github.stubFor(get(urlPathEqualTo("/repos/acme/infra/issues/7/comments")).willReturn(okJson(
                "[{\"id\": 700, \"body\": \"<!-- rambla:plan -->\\n### Plan for 1234567\\nNo stack changes.\", \"html_url\": \"u\"}]")));
        github.stubFor(patch(urlPathMatching("/repos/acme/infra/issues/comments/\\d+")).willReturn(okJson(
                "{\"id\": 700, \"body\": \"\", \"html_url\": \"u\"}")));
        github.stubFor(post(urlPathMatching("/repos/acme/infra/issues/\\d+/comments")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": 900, \"body\": \"\", \"html_url\": \"u\"}")));
        github.stubFor(post(urlPathMatching("/repos/acme/infra/statuses/.*")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        github.stubFor(delete(urlPathMatching("/repos/acme/infra/issues/\\d+/labels/.*")).willReturn(okJson("[]")));

        git = GitFixture.create(temp, "main");
        cloudFormation = Emulator.cloudFormation(new AwsCallCounter());
        stacks = new AwsCloudFormationStacks(cloudFormation, backoff());
        prefix = Emulator.uniqueName("ra").replace("-", "");
    }

    @AfterEach
    void tearDown() {
        try {
            for (String stack : reversed(created)) {
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
            github.stop();
        }
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static Backoff backoff() {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
    }

    private static final String DISTRICT = """
            region: us-east-1
            nat_type: none
            cluster_backend: fargate
            cidr_block: 10.73.0.0/16
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

    @Test
    void aLabelledPullRequestGetsItsAppUntilItClosesAndTheCapHoldsTheNextBackWithAClearComment() throws Exception {
        // main: the district with its endpoint and review group, applied by the sync.
        git.commitAndPush("district and shop", Map.of("rambla.yml", "stack_prefix: " + prefix + "\n",
                "districts/main.yml", DISTRICT, "apps/shop/barcelona.yml", shop("main")));
        created.addAll(List.of(prefix + "-district-main", prefix + "-endpoint-main-public", prefix + "-app-shop-production"));
        var statuses = new UnitStatusStore();
        var sync = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("checkout")),
                new StackApplier(stacks, backoff(), Duration.ofMinutes(5)), statuses);
        assertThat(sync.sync().units()).as("%s", statuses.all()).allSatisfy((unit, state) -> assertThat(state).isEqualTo(UnitState.APPLIED));

        String labelled = git.commitAndPushTo("refs/pull/7/head", "shop: try a note", Map.of("apps/shop/barcelona.yml", shop("seven")));
        String plain = git.commitAndPushTo("refs/pull/8/head", "shop: another note", Map.of("apps/shop/barcelona.yml", shop("eight")));
        String forked = git.commitAndPushTo("refs/pull/9/head", "shop: a fork's note", Map.of("apps/shop/barcelona.yml", shop("nine")));
        String waiting = git.commitAndPushTo("refs/pull/10/head", "shop: a tenth note", Map.of("apps/shop/barcelona.yml", shop("ten")));
        String stack7 = prefix + "-review-shop-pr7";
        String stack10 = prefix + "-review-shop-pr10";
        created.addAll(0, List.of(stack7, stack10));
        openPullRequests(pr(7, labelled, false, LABEL), pr(8, plain, false, "enhancement"), pr(9, forked, true, LABEL),
                pr(10, waiting, false, LABEL));
        ReviewAppsReconciler reviewApps = reviewApps(Clock.systemUTC());

        // 1. #7 is labelled: its own stack, its URL in the plan comment and as a commit status.
        assertThat(reviewApps.reconcile()).isEqualTo(new ReviewAppsReconciler.Summary(1, 0, 2, 0));
        Stack app = stack(stack7).orElseThrow();
        assertThat(app.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(tag(app, "rambla:unit")).isEqualTo("review/shop/pr7");
        assertThat(tag(app, "rambla:repository")).isEqualTo(RepositoryId.fromUrl(git.url()).value());
        assertThat(output(app, ReviewApps.OUTPUT_URL)).isEqualTo("http://7-shop.review.example.com");
        assertThat(template(stack7)).contains("7-shop.review.example.com", "public.ecr.aws/nginx/nginx:" + labelled, "seven");
        String planComment = lastPatch(700);
        assertThat(planComment).startsWith("<!-- rambla:plan -->\n### Plan for 1234567\nNo stack changes.\n\n<!-- rambla:review-apps -->")
                .contains("**shop**: http://7-shop.review.example.com (at `" + labelled.substring(0, 7) + "`)");
        assertThat(statuses(labelled)).anySatisfy(s -> {
            assertThat(s.path("context").asText()).isEqualTo("rambla/review-app/shop");
            assertThat(s.path("state").asText()).isEqualTo("success");
            assertThat(s.path("target_url").asText()).isEqualTo("http://7-shop.review.example.com");
        });

        // An unlabelled pull request and a fork's get no stack; the fork and the one past the cap are told why.
        assertThat(stack(prefix + "-review-shop-pr8")).isEmpty();
        assertThat(stack(prefix + "-review-shop-pr9")).isEmpty();
        assertThat(stack(stack10)).isEmpty();
        assertThat(posted(8)).isEmpty();
        assertThat(posted(9)).singleElement().asString().contains("comes from a fork");
        assertThat(posted(10)).singleElement().asString().contains("<!-- rambla:plan -->", "<!-- rambla:review-apps -->",
                "No review app: 1 of 1 review apps are running \\(the cap, `rambla.review-apps.max-apps`\\)");

        // 2. A push to #7 updates its app to the new head; nothing else changes.
        String pushed = git.commitAndPushTo("refs/pull/7/head", "shop: a better note", Map.of("apps/shop/barcelona.yml", shop("seven-b")));
        openPullRequests(pr(7, pushed, false, LABEL), pr(8, plain, false), pr(9, forked, true, LABEL), pr(10, waiting, false, LABEL));
        assertThat(reviewApps.reconcile()).isEqualTo(new ReviewAppsReconciler.Summary(1, 0, 2, 0));
        Stack updated = stack(stack7).orElseThrow();
        assertThat(updated.stackStatusAsString()).isEqualTo("UPDATE_COMPLETE");
        assertThat(tag(updated, "rambla:commit")).isEqualTo(pushed);
        assertThat(template(stack7)).contains("public.ecr.aws/nginx/nginx:" + pushed, "seven-b").doesNotContain(":" + labelled);
        assertThat(lastPatch(700)).contains("(at `" + pushed.substring(0, 7) + "`)");

        // Again at the same head: nothing to do.
        assertThat(reviewApps.reconcile()).isEqualTo(new ReviewAppsReconciler.Summary(0, 0, 2, 1));

        // 3. #7 closes while the daemon is down: a new daemon (nothing in memory) deletes its stack, and #10 takes the freed slot.
        ReviewAppsReconciler restarted = reviewApps(Clock.systemUTC());
        openPullRequests(pr(8, plain, false), pr(9, forked, true, LABEL), pr(10, waiting, false, LABEL));
        assertThat(restarted.reconcile()).isEqualTo(new ReviewAppsReconciler.Summary(1, 1, 1, 0));
        assertThat(stack(stack7)).isEmpty();
        assertThat(stack(stack10).orElseThrow().stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(posted(10)).last().asString().contains("http://10-shop.review.example.com");

        // 4. A day later #10 has outlived its time to live: its stack goes and the label comes off.
        assertThat(reviewApps(Clock.offset(Clock.systemUTC(), Duration.ofHours(25))).reconcile())
                .isEqualTo(new ReviewAppsReconciler.Summary(0, 1, 1, 0));
        assertThat(stack(stack10)).isEmpty();
        assertThat(posted(10)).last().asString().contains("deleted, because it outlived its time to live; label the pull request again");
        github.verify(deleteRequestedFor(urlPathEqualTo("/repos/acme/infra/issues/10/labels/rambla%2Freview-app")));

        // 5. #8 is labelled, then the label comes off: its app comes and goes; the sync's own stacks are untouched throughout.
        String stack8 = prefix + "-review-shop-pr8";
        created.add(0, stack8);
        openPullRequests(pr(8, plain, false, LABEL));
        assertThat(restarted.reconcile()).isEqualTo(new ReviewAppsReconciler.Summary(1, 0, 0, 0));
        assertThat(output(stack(stack8).orElseThrow(), ReviewApps.OUTPUT_URL)).isEqualTo("http://8-shop.review.example.com");
        openPullRequests(pr(8, plain, false, "enhancement"));
        assertThat(restarted.reconcile()).isEqualTo(new ReviewAppsReconciler.Summary(0, 1, 0, 0));
        assertThat(stack(stack8)).isEmpty();
        assertThat(posted(8)).last().asString().contains("deleted, because the label was removed");
        assertThat(stack(prefix + "-app-shop-production").orElseThrow().stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(stack(prefix + "-endpoint-main-public").orElseThrow().stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
    }

    private ReviewAppsReconciler reviewApps(Clock clock) {
        return new ReviewAppsReconciler(new JGitSource(git.url(), "main", temp.resolve("review-apps")),
                new StackApplier(stacks, backoff(), Duration.ofMinutes(5)),
                new GitHubClient(URI.create(github.baseUrl()), REPOSITORY, Secret.of("ghp_review_apps_it"), Duration.ofSeconds(5)),
                RepositoryId.fromUrl(git.url()), new ReviewApps.Settings(LABEL, 1, Duration.ofHours(24)), "main", clock);
    }

    private void openPullRequests(ObjectNode... pulls) {
        ArrayNode list = JSON.createArrayNode();
        for (ObjectNode pull : pulls) {
            list.add(pull);
        }
        github.stubFor(get(urlPathEqualTo("/repos/acme/infra/pulls")).willReturn(okJson(list.toString())));
    }

    private static ObjectNode pr(int number, String sha, boolean fork, String... labels) {
        ObjectNode pr = JSON.createObjectNode().put("number", number);
        pr.putObject("head").put("sha", sha).putObject("repo").put("full_name", fork ? "mallory/infra" : REPOSITORY);
        pr.putObject("base").put("ref", "main").putObject("repo").put("full_name", REPOSITORY);
        ArrayNode names = pr.putArray("labels");
        for (String label : labels) {
            names.addObject().put("name", label);
        }
        return pr;
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

    private String lastPatch(long comment) {
        List<String> bodies = github.findAll(patchRequestedFor(urlPathEqualTo("/repos/acme/infra/issues/comments/" + comment))).stream()
                .map(r -> json(r.getBodyAsString()).path("body").asText()).toList();
        assertThat(bodies).as("edits of comment %s", comment).isNotEmpty();
        return bodies.get(bodies.size() - 1);
    }

    private List<String> posted(int number) {
        return github.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/infra/issues/" + number + "/comments"))).stream()
                .map(r -> json(r.getBodyAsString()).path("body").asText()).toList();
    }

    private List<JsonNode> statuses(String sha) {
        return github.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/infra/statuses/" + sha))).stream()
                .map(r -> json(r.getBodyAsString())).toList();
    }

    private static String tag(Stack stack, String key) {
        return stack.tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
    }

    private static String output(Stack stack, String key) {
        return stack.outputs().stream().filter(o -> o.outputKey().equals(key)).map(o -> o.outputValue()).findFirst().orElse(null);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
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
