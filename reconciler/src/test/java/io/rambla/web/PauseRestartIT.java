package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.apply.AwsCallCounter;
import io.rambla.support.DaemonProcess;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import io.rambla.support.Postgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pause outlives the daemon that took it: a real {@code rambla serve} is paused through the API,
 * killed without warning and started again, and the new one keeps the unit untouched through a
 * changing commit — alone, from the file beside its history; in a cluster, from the database (the
 * restarted daemon has a checkout of its own, so no file can carry the pause).
 */
class PauseRestartIT {

    private static final String TOKEN = "operator-token-for-the-pause-restart-it";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aDaemonRunningAloneKeepsItsPausesInTheFileBesideItsHistory() throws Exception {
        Path temp = Files.createTempDirectory("rambla-pause-restart");
        Map<String, String> properties = new HashMap<>();
        properties.put("rambla.git.workdir", temp.resolve("checkout").toString());
        pauseSurvivesARestart(temp, properties, properties);
        assertThat(temp.resolve("checkout.pauses.json")).exists();
    }

    @Test
    void aClusterKeepsItsPausesInItsDatabase() throws Exception {
        Postgres.requireRunning();
        Path temp = Files.createTempDirectory("rambla-pause-restart-cluster");
        Map<String, String> cluster = Map.of(
                "rambla.cluster.enabled", "true",
                "rambla.cluster.jdbc-url", Postgres.JDBC_URL,
                "rambla.cluster.username", Postgres.USER,
                "rambla.cluster.password", Postgres.PASSWORD,
                "rambla.cluster.name", Emulator.uniqueName("pause-restart"));
        Map<String, String> first = new HashMap<>(cluster);
        first.put("rambla.git.workdir", temp.resolve("checkout-first").toString());
        Map<String, String> second = new HashMap<>(cluster);
        second.put("rambla.git.workdir", temp.resolve("checkout-second").toString());
        pauseSurvivesARestart(temp, first, second);
        assertThat(temp.resolve("checkout-first.pauses.json")).as("a cluster keeps no pause file").doesNotExist();
    }

    private void pauseSurvivesARestart(Path temp, Map<String, String> first, Map<String, String> second) throws Exception {
        String district = Emulator.uniqueName("pause-rs");
        String unit = "district/" + district;
        try (GitFixture git = GitFixture.create(temp, "main")) {
            String applied = git.commitAndPush("A district", Map.of(
                    "rambla.yml", "stack_prefix: it\n",
                    "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.91.0.0/16\n"));
            Map<String, String> common = common(git.url());
            try (DaemonProcess before = start("before", temp, common, first)) {
                awaitUnit(before, unit, "APPLIED", "lastAppliedRevision", applied);
                assertThat(post(before, "/api/pause/" + unit + "?reason=kept+across+restarts").statusCode()).isEqualTo(200);
                awaitUnit(before, unit, "PAUSED", "lastAppliedRevision", applied);
                before.kill();
            }

            String changed = git.commitAndPush("Widen the district", Map.of(
                    "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.92.0.0/16\n"));
            try (DaemonProcess after = start("after", temp, common, second)) {
                awaitUnit(after, unit, "PAUSED", "lastAttemptedRevision", changed);
                assertThat(after.text("/api/pause")).contains(unit, "kept across restarts");
                assertThat(stackCommit("it-district-" + district)).as("the stack still carries the commit it was applied from")
                        .isEqualTo(applied);

                assertThat(delete(after, "/api/pause/" + unit).statusCode()).isEqualTo(200);
                awaitUnit(after, unit, "APPLIED", "lastAppliedRevision", changed);
            }
        }
    }

    private static Map<String, String> common(String gitUrl) {
        var aws = Emulator.config();
        return Map.of(
                "rambla.git.url", gitUrl,
                "rambla.git.poll-interval", "1h",
                "rambla.aws.endpoint", aws.endpoint(),
                "rambla.aws.region", aws.region(),
                "rambla.api.token", TOKEN);
    }

    private static DaemonProcess start(String name, Path temp, Map<String, String> common, Map<String, String> own) throws Exception {
        Map<String, String> properties = new HashMap<>(common);
        properties.putAll(own);
        return DaemonProcess.start(name + "-" + Emulator.uniqueName("d"), temp, properties);
    }

    private static void awaitUnit(DaemonProcess daemon, String unit, String state, String revisionField, String revision) {
        await(daemon.name() + ": " + unit + " " + state + " at " + revision).atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> daemon.unit(unit).filter(u -> state.equals(u.get("state")) && revision.equals(u.get(revisionField))).isPresent());
    }

    private static String stackCommit(String stackName) {
        try (var cloudFormation = Emulator.cloudFormation(new AwsCallCounter())) {
            return cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().get(0).tags().stream()
                    .filter(t -> t.key().equals("rambla:commit")).findFirst().orElseThrow().value();
        }
    }

    private static HttpResponse<String> post(DaemonProcess daemon, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + path))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> delete(DaemonProcess daemon, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + path))
                .header("Authorization", "Bearer " + TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }
}
