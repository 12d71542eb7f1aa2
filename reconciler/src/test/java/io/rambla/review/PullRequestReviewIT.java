package io.rambla.review;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.retry.Backoff;
import io.rambla.apply.StackApplier;
import io.rambla.reconcile.Reconciler;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.githost.github.GitHubClient;
import io.rambla.status.github.GitHubOutbox;
import io.rambla.status.github.PullRequestCommenter;
import io.rambla.status.github.RetryPolicy;
import io.rambla.secret.Secret;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * A pull request travels from a ref in a real git repository, through plan-only change sets on the
 * (emulated) CloudFormation, to a comment and a {@code rambla/plan} status on a WireMock GitHub —
 * and leaves the live stacks exactly as they were.
 */
class PullRequestReviewIT {

    private static final String REPOSITORY = "acme/infra";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PLAN_TIMEOUT = Duration.ofMinutes(4);
    private static final String SMALL_TEMPLATE = "{\"Resources\": {\"Topic\": {\"Type\": \"AWS::SSM::Parameter\", "
            + "\"Properties\": {\"Type\": \"String\", \"Value\": \"x\"}}}}";

    @TempDir
    Path temp;

    private final WireMockServer github = new WireMockServer(options().dynamicPort());
    private final AwsCallCounter calls = new AwsCallCounter();
    private GitFixture git;
    private CloudFormationClient cloudFormation;
    private AwsCloudFormationStacks stacks;
    private GitHubOutbox outbox;
    private PullRequestReviewer reviewer;
    private String district;

    @BeforeEach
    void setUp() throws Exception {
        github.start();
        github.stubFor(get(urlPathMatching("/repos/acme/infra/issues/\\d+/comments")).willReturn(okJson("[]")));
        github.stubFor(post(urlPathMatching("/repos/acme/infra/issues/(\\d+)/comments")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 100, \"body\": \"\", \"html_url\": \"https://github.com/acme/infra/pull/7#issuecomment-100\"}")));
        github.stubFor(post(urlPathMatching("/repos/acme/infra/statuses/.*")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));

        git = GitFixture.create(temp, "main");
        git.commitAndPush("start the infrastructure repository", Map.of("README.md", "# Infrastructure\n"));
        cloudFormation = Emulator.cloudFormation(calls);
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        stacks = new AwsCloudFormationStacks(cloudFormation, backoff);
        var client = new GitHubClient(URI.create(github.baseUrl()), REPOSITORY, Secret.of("ghp_review_it"), Duration.ofSeconds(5));
        outbox = new GitHubOutbox(client, new RetryPolicy(3, backoff, Duration.ofSeconds(5)), 100, Duration.ofSeconds(5));
        reviewer = new PullRequestReviewer(
                new ChangeSetReview(new JGitSource(git.url(), "main", temp.resolve("pull-requests")), stacks, stacks),
                new PullRequestCommenter(client, outbox));
        district = Emulator.uniqueName("pr");
    }

    @AfterEach
    void tearDown() {
        reviewer.close();
        outbox.close();
        try {
            cloudFormation.deleteStack(r -> r.stackName(stackName()));
        } finally {
            cloudFormation.close();
            git.close();
            github.stop();
        }
    }

    @Test
    void aPullRequestThatChangesTheCidrShowsTheVpcReplacementAndLeavesTheStackAsItWas() throws Exception {
        applyOnMain("region: us-east-1\nnat_type: none\ncidr_block: 10.50.0.0/16\n");
        Stack before = liveStack();
        String head = git.commitAndPushTo("refs/pull/7/head", "move the district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.51.0.0/16\n"));

        reviewer.planPullRequest(7, head);

        JsonNode status = awaitPlanStatus(head);
        String comment = commentBody(7);
        assertThat(status.path("state").asText()).as("status %s, comment:%n%s", status, comment).isEqualTo("success");
        assertThat(status.path("target_url").asText()).isEqualTo("https://github.com/acme/infra/pull/7#issuecomment-100");
        assertThat(comment).contains("#### `district/" + district + "`", "| `" + stackName() + "` |",
                "- `Vpc` (AWS::EC2::VPC) — **stateful**", "`Vpc` (AWS::EC2::VPC) in `district/" + district + "` will be REPLACED");
        assertThat(comment).as("the VPC named with its property change").containsPattern(
                "± AWS::EC2::VPC Vpc  \\((may be )?replaced, caused by CidrBlock\\)  !! stateful: its data or address is lost\n"
                        + "(      .*\n)*      CidrBlock: \"10.50.0.0/16\" -> \"10.51.0.0/16\"\n");
        assertThat(calls.count("ExecuteChangeSet")).as("the apply on main created the stack directly; the review executed nothing").isZero();

        assertThat(stacks.listChangeSets(stackName())).as("change sets left on the stack").isEmpty();
        Stack after = liveStack();
        assertThat(after.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(tag(after, "rambla:desired-hash")).isEqualTo(tag(before, "rambla:desired-hash"));
        assertThat(reviewer.plannedHead(7)).isEqualTo(head);
    }

    @Test
    void aPullRequestThatLeavesTheTemplatesAloneIsUnchangedWithoutAnyChangeSet() throws Exception {
        applyOnMain("region: us-east-1\nnat_type: none\ncidr_block: 10.57.0.0/16\n");
        long changeSetsBefore = calls.count("CreateChangeSet");
        String head = git.commitAndPushTo("refs/pull/13/head", "document the district", Map.of("README.md", "# Our infrastructure\n"));

        reviewer.planPullRequest(13, head);

        JsonNode status = awaitPlanStatus(head);
        assertThat(status.path("state").asText()).isEqualTo("success");
        assertThat(status.path("description").asText()).isEqualTo("no changes");
        assertThat(commentBody(13)).contains("No stack changes", "Unchanged (1): `district/" + district + "`");
        assertThat(calls.count("CreateChangeSet")).as("the desired-hash tag is enough").isEqualTo(changeSetsBefore);
    }

    @Test
    void anEndpointWhoseDistrictChangesIsPlannedAfterIt() throws Exception {
        String endpoint = "endpoints:\n  - name: public\n    public: true\n";
        applyOnMain("region: us-east-1\nnat_type: none\ncidr_block: 10.58.0.0/16\n" + endpoint);
        String head = git.commitAndPushTo("refs/pull/14/head", "move the district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.59.0.0/16\n" + endpoint));

        reviewer.planPullRequest(14, head);

        JsonNode status = awaitPlanStatus(head);
        String comment = commentBody(14);
        assertThat(status.path("state").asText()).as("comment:%n%s", comment).isEqualTo("success");
        assertThat(comment).contains("#### `district/" + district + "`",
                "#### `endpoint/" + district + "/public`\n⏳ `rambla-endpoint-" + district + "-public`: planned after upstream district/"
                        + district + " is applied");
        assertThat(stacks.listChangeSets(stackName())).isEmpty();
        assertThat(stacks.listChangeSets("rambla-endpoint-" + district + "-public")).isEmpty();
        cloudFormation.deleteStack(r -> r.stackName("rambla-endpoint-" + district + "-public"));
    }

    @Test
    void aPullRequestThatDoesNotValidateGetsItsErrorsWithFileAndLineAndAFailureStatus() throws Exception {
        String head = git.commitAndPushTo("refs/pull/8/head", "break the district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.52.0.0/33\n"));

        reviewer.planPullRequest(8, head);

        JsonNode status = awaitPlanStatus(head);
        String comment = commentBody(8);
        assertThat(status.path("state").asText()).isEqualTo("failure");
        assertThat(status.path("description").asText()).startsWith("does not validate");
        assertThat(comment).contains("does not validate").containsPattern("districts/" + district + "\\.yml:3:\\d+: error: ");
        assertThat(calls.count("CreateChangeSet")).isZero();
    }

    @Test
    void aPullRequestAddingASymlinkToATokenFileGetsACommentNamingThePathWithoutTheToken() throws Exception {
        String token = "ghp_" + "Fake0Token1For2The3Review4It5xx".repeat(2);
        Path tokenFile = Files.writeString(temp.resolve("daemon-token"), token + "\n");
        Files.createDirectories(git.workTree().resolve("districts"));
        Files.createSymbolicLink(git.workTree().resolve("districts/leak.yml"), tokenFile);
        try (org.eclipse.jgit.api.Git work = org.eclipse.jgit.api.Git.open(git.workTree().toFile())) {
            work.add().addFilepattern("districts/leak.yml").call();
        }
        String head = git.commitAndPushTo("refs/pull/15/head", "leak the token", Map.of("README.md", "# leak\n"));

        reviewer.planPullRequest(15, head);

        JsonNode status = awaitPlanStatus(head);
        String comment = commentBody(15);
        assertThat(status.path("state").asText()).isEqualTo("failure");
        assertThat(comment).contains("does not validate", "districts/leak.yml:").doesNotContain(token).doesNotContain("Fake0Token");
        assertThat(calls.count("CreateChangeSet")).isZero();
    }

    @Test
    void aPullRequestWithTwoUnitsSharingAStackIsRefusedAtBothPlacesWithoutAChangeSet() throws Exception {
        String head = git.commitAndPushTo("refs/pull/16/head", "colliding apps", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.54.0.0/16\n",
                "apps/shop/barcelona.yml", "environments:\n  prod-eu:\n    image_name: shop\n",
                "apps/shop-prod/barcelona.yml", "environments:\n  eu:\n    image_name: shop\n"));

        reviewer.planPullRequest(16, head);

        JsonNode status = awaitPlanStatus(head);
        String comment = commentBody(16);
        assertThat(status.path("state").asText()).isEqualTo("failure");
        assertThat(comment).contains("apps/shop/barcelona.yml:2:3: error:", "apps/shop-prod/barcelona.yml:2:3: error:",
                "rambla-app-shop-prod-eu");
        assertThat(calls.count("CreateChangeSet")).isZero();
    }

    @Test
    void aPullRequestOverTheFileCapIsRefusedWithOneClearErrorAndNoChangeSet() throws Exception {
        // Written and staged in one go: GitFixture stages file by file, which is slow for thousands.
        for (int i = 0; i < 2_100; i++) {
            Path app = Files.createDirectories(git.workTree().resolve("apps/app" + i));
            Files.writeString(app.resolve("barcelona.yml"), "environments:\n  production:\n    image_name: shop\n");
        }
        try (org.eclipse.jgit.api.Git work = org.eclipse.jgit.api.Git.open(git.workTree().toFile())) {
            work.add().addFilepattern("apps").call();
        }
        String head = git.commitAndPushTo("refs/pull/17/head", "2,100 apps", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.55.0.0/16\n"));

        reviewer.planPullRequest(17, head);

        JsonNode status = awaitPlanStatus(head);
        String comment = commentBody(17);
        assertThat(status.path("state").asText()).isEqualTo("failure");
        assertThat(comment).contains("this problem", "the repository has 2100 barcelona.yml files, more than the limit of 2000; "
                + "nothing was loaded");
        assertThat(calls.count("CreateChangeSet")).isZero();
    }

    @Test
    void aPullRequestThatAddsADistrictLeavesNoStackBehind() throws Exception {
        String head = git.commitAndPushTo("refs/pull/9/head", "add a district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.53.0.0/16\n"));

        reviewer.planPullRequest(9, head);

        JsonNode status = awaitPlanStatus(head);
        String comment = commentBody(9);
        assertThat(status.path("state").asText()).as("comment:%n%s", comment).isEqualTo("success");
        assertThat(comment).contains("#### `district/" + district + "`");
        assertThat(calls.count("CreateChangeSet")).isEqualTo(1);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(stacks.describe(stackName()).map(s -> s.status())).as("stack left by the review")
                        .satisfiesAnyOf(s -> assertThat(s).isEmpty(), s -> assertThat(s).contains("DELETE_COMPLETE")));
    }

    @Test
    void closingAPullRequestDeletesItsLeftoverChangeSetsAndTheStackThatOnlyHeldThem() throws Exception {
        git.commitAndPushTo("refs/pull/11/head", "add a district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.55.0.0/16\n"));
        // What a daemon that crashed mid-review would leave: a CREATE change set and its empty stack.
        cloudFormation.createChangeSet(r -> r.stackName(stackName()).changeSetName("rambla-pr11-0123456789ab")
                .changeSetType("CREATE").templateBody(SMALL_TEMPLATE));
        await().atMost(Duration.ofMinutes(1)).until(() -> stacks.listChangeSets(stackName()).size() == 1);
        assertThat(stacks.describe(stackName())).get().extracting(s -> s.status()).isEqualTo("REVIEW_IN_PROGRESS");

        reviewer.pullRequestClosed(11);

        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(stacks.listChangeSets(stackName())).isEmpty();
            assertThat(stacks.describe(stackName()).map(s -> s.status())).as("stack left by the review")
                    .satisfiesAnyOf(s -> assertThat(s).isEmpty(), s -> assertThat(s).contains("DELETE_COMPLETE"));
        });
    }

    @Test
    void closingAPullRequestLeavesOtherChangeSetsAlone() throws Exception {
        git.commitAndPushTo("refs/pull/12/head", "add a district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.56.0.0/16\n"));
        cloudFormation.createChangeSet(r -> r.stackName(stackName()).changeSetName("rambla-pr120-0123456789ab")
                .changeSetType("CREATE").templateBody(SMALL_TEMPLATE));
        await().atMost(Duration.ofMinutes(1)).until(() -> stacks.listChangeSets(stackName()).size() == 1);

        reviewer.pullRequestClosed(12);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(stacks.listChangeSets(stackName())).extracting(s -> s.name()).containsExactly("rambla-pr120-0123456789ab"));
        cloudFormation.deleteChangeSet(r -> r.stackName(stackName()).changeSetName("rambla-pr120-0123456789ab"));
    }

    @Test
    void aPullRequestThatRemovesAnEndpointListsItsStackAsAPruneDeletion() throws Exception {
        String endpoint = "endpoints:\n  - name: public\n    public: true\n";
        String endpointStack = "rambla-endpoint-" + district + "-public";
        git.commitAndPush("prune removed units", Map.of("rambla.yml", "prune: true\n"));
        applyOnMain("region: us-east-1\nnat_type: none\ncidr_block: 10.61.0.0/16\n" + endpoint);
        try {
            String head = git.commitAndPushTo("refs/pull/18/head", "drop the endpoint", Map.of(
                    "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.61.0.0/16\n"));

            reviewer.planPullRequest(18, head);

            awaitPlanStatus(head);
            String comment = commentBody(18);
            assertThat(comment).contains("#### Stacks deleted by pruning (")
                    .containsPattern("- `endpoint/" + district + "/public`: stack `" + endpointStack + "` and its [1-9]\\d* resources are deleted")
                    .containsPattern("  - AWS::ElasticLoadBalancingV2::LoadBalancer \\w+  !! stateful");
            assertThat(cloudFormation.describeStacks(r -> r.stackName(endpointStack)).stacks().get(0).stackStatusAsString())
                    .as("a plan deletes nothing").isEqualTo("CREATE_COMPLETE");
        } finally {
            cloudFormation.deleteStack(r -> r.stackName(endpointStack));
        }
    }

    private void applyOnMain(String districtFile) throws Exception {
        git.commitAndPush("add district", Map.of("districts/" + district + ".yml", districtFile));
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        var statuses = new UnitStatusStore();
        var reconciler = Reconciler.of(new JGitSource(git.url(), "main", temp.resolve("checkout")),
                new StackApplier(stacks, backoff, Duration.ofMinutes(5)), statuses);
        var report = reconciler.sync();
        assertThat(report.units()).as("statuses: %s", statuses.all()).isNotEmpty().allSatisfy((unit, state) -> assertThat(state).isEqualTo(UnitState.APPLIED));
    }

    private JsonNode awaitPlanStatus(String sha) {
        return await().atMost(PLAN_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> planStatus(sha), Optional::isPresent).get();
    }

    private Optional<JsonNode> planStatus(String sha) {
        return github.findAll(postRequestedFor(urlPathMatching("/repos/acme/infra/statuses/" + sha))).stream()
                .map(r -> json(r.getBodyAsString()))
                .filter(body -> body.path("context").asText().equals("rambla/plan"))
                .reduce((first, second) -> second);
    }

    private String commentBody(int number) {
        List<String> bodies = github.findAll(postRequestedFor(urlPathMatching("/repos/acme/infra/issues/" + number + "/comments"))).stream()
                .map(r -> json(r.getBodyAsString()).path("body").asText())
                .toList();
        assertThat(bodies).as("comments posted on #%s", number).hasSize(1);
        return bodies.get(0);
    }

    private String stackName() {
        return "rambla-district-" + district;
    }

    private Stack liveStack() {
        return cloudFormation.describeStacks(r -> r.stackName(stackName())).stacks().get(0);
    }

    private static String tag(Stack stack, String key) {
        return stack.tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst().orElse(null);
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
