package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.rambla.apply.AwsCallCounter;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Every operator action through the HTTP API of a daemon on the emulator, with the operator token:
 * sync now applies a new commit without waiting for the poll; a paused unit stays untouched through
 * a changing commit and resuming applies the head; a retry applies a failed unit again at the same
 * commit, which a plain sync does not. The unit's page and its JSON show its resources, its events
 * and the last applied change property by property. The poll interval is an hour: every sync here
 * is one an action asked for.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorActionsIT implements TestPropertyProvider {

    private static final String TOKEN = "operator-token-for-the-actions-it";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Path temp;
    private GitFixture git;
    private String first;
    private final String good = Emulator.uniqueName("act-ok");
    private final String bad = Emulator.uniqueName("act-nat");
    private final CloudFormationClient cloudFormation = Emulator.cloudFormation(new AwsCallCounter());

    @Inject
    EmbeddedServer server;

    @Inject
    UnitStatusStore statuses;

    @Inject
    RepositoryHeader header;

    @Override
    public Map<String, String> getProperties() {
        try {
            temp = Files.createTempDirectory("rambla-actions-it");
            git = GitFixture.create(temp, "main");
            first = git.commitAndPush("Two districts, one of them with a NAT gateway", Map.of(
                    "rambla.yml", "stack_prefix: it\n",
                    "districts/" + good + ".yml", district("10.71.0.0/16"),
                    // The pinned emulator cannot allocate Elastic IPs: this district fails to create.
                    "districts/" + bad + ".yml", "region: us-east-1\nnat_type: managed_gateway\ncidr_block: 10.79.0.0/16\n"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        var aws = Emulator.config();
        return Map.of(
                "rambla.git.url", git.url(),
                "rambla.git.poll-interval", "1h",
                "rambla.git.workdir", temp.resolve("checkout").toString(),
                "rambla.api.token", TOKEN,
                "rambla.aws.endpoint", aws.endpoint(),
                "rambla.aws.region", aws.region(),
                "micronaut.server.port", "-1");
    }

    private static String district(String cidr) {
        return "region: us-east-1\nnat_type: none\ncidr_block: " + cidr + "\n";
    }

    @AfterAll
    void closeRepository() {
        git.close();
    }

    private String goodId() {
        return "district/" + good;
    }

    private String badId() {
        return "district/" + bad;
    }

    private void awaitUnit(String id, Predicate<UnitStatus> condition) {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> statuses.get(id).map(condition::test).orElse(false));
    }

    @Test
    @Order(1)
    void syncNowAppliesANewCommitAndThePagesShowTheChangeResourcesAndEvents() throws Exception {
        awaitUnit(goodId(), s -> s.state() == UnitState.APPLIED && first.equals(s.lastAppliedRevision()));
        awaitUnit(badId(), s -> s.state() == UnitState.FAILED);

        String second = git.commitAndPush("Widen the district", Map.of("districts/" + good + ".yml", district("10.72.0.0/16")));
        assertThat(post("/api/sync?reason=it").statusCode()).isEqualTo(202);
        awaitUnit(goodId(), s -> s.state() == UnitState.APPLIED && second.equals(s.lastAppliedRevision()));

        JsonNode unit = getJson("/api/units/" + goodId());
        assertThat(unit.path("sync").asText()).isEqualTo("in sync at " + second.substring(0, 7));
        assertThat(unit.path("health").asText()).isEqualTo("healthy");
        assertThat(unit.path("history").get(0).path("revision").asText()).isEqualTo(second);
        JsonNode change = unit.path("lastChange");
        assertThat(change.path("revision").asText()).isEqualTo(second);
        assertThat(change.path("action").asText()).isEqualTo("update");
        JsonNode vpc = null;
        for (JsonNode resource : change.path("resources")) {
            if (resource.path("logicalId").asText().equals("Vpc")) {
                vpc = resource;
            }
        }
        assertThat(vpc).as("the VPC in the last change: %s", change).isNotNull();
        assertThat(vpc.path("changes").toString()).contains("\"path\":\"CidrBlock\"", "\"before\":\"10.71.0.0/16\"",
                "\"after\":\"10.72.0.0/16\"");
        assertThat(unit.path("resources").toString()).contains("\"logicalId\":\"InternetGateway\"", "AWS::EC2::InternetGateway");
        assertThat(unit.path("events").size()).isPositive();
        assertThat(Instant.parse(unit.path("events").get(0).path("at").asText()))
                .as("newest first").isAfterOrEqualTo(Instant.parse(unit.path("events").get(unit.path("events").size() - 1).path("at").asText()));

        String page = get("/units/" + goodId()).body();
        assertThat(page).contains("<h2>Last applied change</h2>", "<code>CidrBlock</code>: <span class=\"before\">10.71.0.0/16</span> &rarr; "
                + "<span class=\"after\">10.72.0.0/16</span>", "<h2>Resources</h2>", "<h2>Recent CloudFormation events</h2>");

        JsonNode list = getJson("/api/units");
        assertThat(list.toString()).contains("\"sync\":\"in sync at " + second.substring(0, 7) + "\"");
    }

    @Test
    @Order(2)
    void aFailedUnitsPageShowsWhatCloudFormationSaid() throws Exception {
        // The sync-now above also tried the failing district again at the new commit: wait for that verdict.
        awaitUnit(badId(), s -> s.state() == UnitState.FAILED);
        // The failed creation's stack is deleted, and its events with it: the page shows what the apply recorded.
        String page = get("/units/" + badId()).body();
        assertThat(page).contains("<div class=\"failures\"><strong>What CloudFormation said</strong>",
                "<li><code>NatGateway1</code> (AWS::EC2::NatGateway) CREATE_FAILED", "<h2>Change that failed</h2>");
        JsonNode unit = getJson("/api/units/" + badId());
        assertThat(unit.path("failedChange").path("failures").toString()).contains("\"logicalId\":\"NatGateway1\"", "CREATE_FAILED");
        assertThat(unit.path("failedChange").path("action").asText()).isEqualTo("create");
        assertThat(unit.path("lastChange").isMissingNode() || unit.path("lastChange").isNull()).as("never applied").isTrue();
        assertThat(unit.path("health").asText()).isEqualTo("failed");
    }

    @Test
    @Order(3)
    void aPausedUnitStaysUntouchedThroughAChangingCommitAndResumingAppliesTheHead() throws Exception {
        String before = statuses.get(goodId()).orElseThrow().lastAppliedRevision();
        assertThat(post("/api/pause/" + goodId() + "?reason=it+checks+pauses").statusCode()).isEqualTo(200);
        awaitUnit(goodId(), s -> s.state() == UnitState.PAUSED);

        String third = git.commitAndPush("Widen it again", Map.of("districts/" + good + ".yml", district("10.73.0.0/16")));
        assertThat(post("/api/sync").statusCode()).isEqualTo(202);
        awaitUnit(goodId(), s -> third.equals(s.lastAttemptedRevision()));

        UnitStatus paused = statuses.get(goodId()).orElseThrow();
        assertThat(paused.state()).isEqualTo(UnitState.PAUSED);
        assertThat(paused.message()).contains("paused by an operator (it checks pauses)");
        assertThat(stackCommit()).as("the stack still carries the commit it was applied from").isEqualTo(before);
        assertThat(getJson("/api/units/" + goodId()).path("sync").asText()).isEqualTo("paused");
        assertThat(getJson("/api/pause").toString()).contains(goodId(), "it checks pauses");

        assertThat(delete("/api/pause/" + goodId()).statusCode()).isEqualTo(200);
        awaitUnit(goodId(), s -> s.state() == UnitState.APPLIED && third.equals(s.lastAppliedRevision()));
        assertThat(stackCommit()).isEqualTo(third);
    }

    @Test
    @Order(4)
    void aRetryAppliesAFailedUnitAgainAtTheSameCommitWhereASyncDoesNot() throws Exception {
        awaitUnit(badId(), s -> s.state() == UnitState.FAILED);
        UnitStatus failed = statuses.get(badId()).orElseThrow();
        String revision = failed.lastAttemptedRevision();

        // The branch did not move: a sync fetches, finds nothing to do and leaves the failed unit alone.
        Instant goodUpdated = goodStack().lastUpdatedTime();
        Instant synced = Instant.now();
        assertThat(post("/api/sync").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(1)).until(() -> header.view().lastFetch().map(f -> f.isAfter(synced)).orElse(false)
                && !header.view().syncing());
        assertThat(statuses.get(badId()).orElseThrow().updatedAt()).isEqualTo(failed.updatedAt());

        Instant asked = Instant.now();
        assertThat(post("/api/retry/" + badId()).statusCode()).isEqualTo(202);
        awaitUnit(badId(), s -> s.updatedAt().isAfter(asked) && s.state() == UnitState.FAILED);

        UnitStatus retried = statuses.get(badId()).orElseThrow();
        assertThat(retried.lastAttemptedRevision()).isEqualTo(revision);
        assertThat(goodStack().lastUpdatedTime()).as("a unit already applied is left alone").isEqualTo(goodUpdated);
    }

    @Test
    @Order(5)
    void everyActionRefusesTheWrongToken() throws Exception {
        for (String path : new String[] {"/api/sync", "/api/pause/" + goodId(), "/api/retry/" + goodId()}) {
            var refused = HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer wrong")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
        }
        assertThat(statuses.get(goodId()).orElseThrow().state()).isEqualTo(UnitState.APPLIED);
    }

    private Stack goodStack() {
        return cloudFormation.describeStacks(r -> r.stackName(statuses.get(goodId()).orElseThrow().stack())).stacks().get(0);
    }

    private String stackCommit() {
        return goodStack().tags().stream().filter(t -> t.key().equals("rambla:commit")).findFirst().orElseThrow().value();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
