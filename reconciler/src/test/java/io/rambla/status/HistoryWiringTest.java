package io.rambla.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which history store a daemon gets; the cluster's database store is covered by ClusterHistoryStoreIT. */
class HistoryWiringTest {

    @Test
    void aDaemonFollowingARepositoryKeepsItsHistoryBesideTheCheckoutAcrossARestart(@TempDir Path dir) {
        Map<String, Object> settings = Map.of("rambla.git.url", "https://git.example/acme/infra.git",
                "rambla.git.workdir", dir.resolve("checkout").toString());
        var applied = new UnitStatus("district/main", "district", "rambla-district-main", UnitState.APPLIED, "abc", "abc", "created",
                Instant.parse("2026-11-22T03:00:00Z"));
        try (var context = ApplicationContext.run(settings)) {
            assertThat(context.getBean(HistoryStore.class)).isInstanceOfSatisfying(JsonLinesHistoryStore.class,
                    store -> assertThat(store.file()).isEqualTo(dir.resolve("checkout.history.jsonl")));
            context.getBean(UnitHistory.class).record(applied);
        }

        try (var context = ApplicationContext.run(settings)) {
            assertThat(context.getBean(UnitHistory.class).of("district/main")).extracting(UnitHistory.Entry::message).containsExactly("created");
        }
    }

    @Test
    void withoutARepositoryNothingIsKept() {
        try (var context = ApplicationContext.run(Map.of())) {
            assertThat(context.getBean(HistoryStore.class)).isNotInstanceOf(JsonLinesHistoryStore.class);
        }
    }
}
