package io.rambla.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.apply.AwsCallCounter;
import io.rambla.support.DaemonProcess;
import io.rambla.support.Emulator;
import io.rambla.support.GitFixture;
import io.rambla.support.Postgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Two real daemons in one cluster on PostgreSQL: one commit is applied once, not once per daemon,
 * both show the same units whichever ran the sync, and when the daemon applying a commit is
 * killed, the other finishes the job within 30 s.
 */
class ClusterIT {

    private static final String TOKEN = "cluster-it-token";

    @TempDir
    Path temp;

    private final List<DaemonProcess> daemons = new java.util.ArrayList<>();

    @AfterEach
    void stopDaemons() throws InterruptedException {
        for (DaemonProcess daemon : daemons) {
            daemon.close();
        }
    }

    @Test
    void aCommitIsAppliedOnceByTheClusterAndASurvivorFinishesTheSyncOfADaemonThatDied() throws Exception {
        Postgres.requireRunning();
        Emulator.requireRunning();
        String district = Emulator.uniqueName("ha");
        String stack = "it-district-" + district;
        String unit = "district/" + district;
        GitFixture git = GitFixture.create(temp.resolve("git"), "main");
        String first = git.commitAndPush("add district", Map.of(
                "rambla.yml", "stack_prefix: it\n",
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.60.0.0/16\n"));
        // Every daemon of this test in a cluster of its own, so earlier runs sharing the database cannot interfere.
        Map<String, String> properties = properties(git.url(), Emulator.uniqueName("it-cluster"));

        DaemonProcess a = start("a", properties);
        awaitApplied(a, unit, first, Duration.ofMinutes(2));
        DaemonProcess b = start("b", properties);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(b::healthy);

        // Each daemon knows both: the status page and /api/cluster list them as alive.
        for (DaemonProcess daemon : List.of(a, b)) {
            await(daemon.name() + " seeing two daemons").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> aliveDaemons(daemon) == 2);
            assertThat(daemon.text("/")).contains("2 of 2 daemons alive", "(this one)");
        }
        assertThat(a.json("/api/cluster").orElseThrow().get("self")).isNotEqualTo(b.json("/api/cluster").orElseThrow().get("self"));

        // Whichever daemon runs a sync, both show its outcome: they share one view of the units.
        String docs = git.commitAndPush("document the district", Map.of("README.md", "# Our infrastructure\n"));
        assertThat(b.requestSync(TOKEN)).isEqualTo(202);
        for (DaemonProcess daemon : List.of(a, b)) {
            try {
                await(daemon.name() + " showing " + docs).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() ->
                        daemon.unit(unit).filter(u -> docs.equals(u.get("lastAttemptedRevision")) && "APPLIED".equals(u.get("state"))).isPresent());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(daemon.name() + " shows " + daemon.unit(unit) + "\n--- a:\n" + a.logTail(40) + "\n--- b:\n" + b.logTail(40), e);
            }
        }

        String second = git.commitAndPush("widen the district", Map.of(
                "districts/" + district + ".yml", "region: us-east-1\nnat_type: none\ncidr_block: 10.61.0.0/16\n"));
        assertThat(a.requestSync(TOKEN)).isEqualTo(202);

        // Whichever daemon took the sync dies in the middle of applying it.
        AtomicReference<DaemonProcess> applying = new AtomicReference<>();
        await("a daemon applying " + second).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (DaemonProcess daemon : List.of(a, b)) {
                if (daemon.unit(unit).filter(u -> "APPLYING".equals(u.get("state")) && second.equals(u.get("lastAttemptedRevision"))).isPresent()) {
                    applying.set(daemon);
                    return true;
                }
            }
            return false;
        });
        DaemonProcess dead = applying.get();
        DaemonProcess survivor = dead == a ? b : a;
        dead.kill();
        long killedAt = System.nanoTime();

        try {
            awaitApplied(survivor, unit, second, Duration.ofSeconds(30));
            System.out.printf("ClusterIT: %s killed while applying; %s finished the sync %d ms later%n",
                    dead.name(), survivor.name(), (System.nanoTime() - killedAt) / 1_000_000);
        } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("survivor " + survivor.name() + " did not finish within 30 s; its log:\n" + survivor.logTail(60)
                    + "\n--- " + dead.name() + " (killed):\n" + dead.logTail(30), e);
        }
        await(survivor.name() + " seeing the other one gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> aliveDaemons(survivor) == 1);
        try (CloudFormationClient cloudFormation = Emulator.cloudFormation(new AwsCallCounter())) {
            List<StackEvent> events = cloudFormation.describeStackEventsPaginator(r -> r.stackName(stack)).stackEvents().stream().toList();
            List<String> stackOperations = events.stream()
                    .filter(e -> stack.equals(e.logicalResourceId()))
                    .map(StackEvent::resourceStatusAsString)
                    .filter(status -> status.endsWith("_IN_PROGRESS") && !status.contains("CLEANUP") && !status.startsWith("REVIEW"))
                    .toList();
            assertThat(stackOperations).as("one operation per commit, whichever daemon ran it").containsExactlyInAnyOrder("CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS");
        }
    }

    @SuppressWarnings("unchecked")
    private static long aliveDaemons(DaemonProcess daemon) {
        return daemon.json("/api/cluster")
                .map(view -> ((List<Map<String, Object>>) view.get("daemons")).stream().filter(d -> Boolean.TRUE.equals(d.get("alive"))).count())
                .orElse(-1L);
    }

    private DaemonProcess start(String name, Map<String, String> properties) throws Exception {
        Map<String, String> own = new HashMap<>(properties);
        own.put("rambla.git.workdir", temp.resolve("checkout-" + name).toString());
        DaemonProcess daemon = DaemonProcess.start(name, temp, own);
        daemons.add(daemon);
        return daemon;
    }

    private static void awaitApplied(DaemonProcess daemon, String unit, String revision, Duration within) {
        await(daemon.name() + " applying " + revision).atMost(within).pollInterval(Duration.ofMillis(250)).until(() ->
                daemon.unit(unit).filter(u -> "APPLIED".equals(u.get("state")) && revision.equals(u.get("lastAppliedRevision"))).isPresent());
    }

    private static Map<String, String> properties(String gitUrl, String clusterName) {
        var aws = Emulator.config();
        Map<String, String> properties = new HashMap<>();
        properties.put("rambla.git.url", gitUrl);
        properties.put("rambla.git.poll-interval", "1h");
        properties.put("rambla.aws.endpoint", aws.endpoint());
        properties.put("rambla.aws.region", aws.region());
        properties.put("rambla.api.token", TOKEN);
        properties.put("rambla.cluster.enabled", "true");
        properties.put("rambla.cluster.jdbc-url", Postgres.JDBC_URL);
        properties.put("rambla.cluster.username", Postgres.USER);
        properties.put("rambla.cluster.password", Postgres.PASSWORD);
        properties.put("rambla.cluster.name", clusterName);
        return properties;
    }
}
