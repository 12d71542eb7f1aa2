package io.rambla.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single daemon's pauses survive its restart, in a file beside its history. */
class PausedUnitsStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-26T05:00:00Z");
    private static final String HOSTILE = "app/<script>\"x\"/\nprod\u0000";

    @TempDir
    Path dir;

    @Test
    void aRestartedDaemonKeepsEveryPauseAndForgetsEveryResume() {
        Path file = dir.resolve("checkout.pauses.json");
        var before = new PausedUnits(new JsonPauseStore(file));
        assertThat(before.pause("app/shop/production", "migrating the database", T0)).isTrue();
        assertThat(before.pause("district/main", null, T0.plusSeconds(5))).isTrue();
        assertThat(before.pause(HOSTILE, "\"quoted\"\nand a newline", T0.plusSeconds(9))).isTrue();
        assertThat(before.resume("district/main")).isTrue();

        var restarted = new PausedUnits(new JsonPauseStore(file));

        assertThat(restarted.all()).isEqualTo(Map.of(
                "app/shop/production", new PausedUnits.Pause(T0, "migrating the database"),
                HOSTILE, new PausedUnits.Pause(T0.plusSeconds(9), "\"quoted\"\nand a newline")));
        assertThat(restarted.get("district/main")).isEmpty();
    }

    @Test
    void refreshTakesInWhatAnotherDaemonKeptAndCountsItAsAChange() {
        Path file = dir.resolve("shared.pauses.json");
        var one = new PausedUnits(new JsonPauseStore(file));
        var other = new PausedUnits(new JsonPauseStore(file));
        long version = other.version();

        one.pause("app/shop/production", "by the other daemon", T0);
        other.refresh();

        assertThat(other.get("app/shop/production")).contains(new PausedUnits.Pause(T0, "by the other daemon"));
        assertThat(other.version()).isGreaterThan(version);
        long after = other.version();
        other.refresh();
        assertThat(other.version()).as("nothing changed, nothing to sync again").isEqualTo(after);

        one.resume("app/shop/production");
        other.refresh();
        assertThat(other.all()).isEmpty();
    }

    @Test
    void aDamagedFileStartsWithNoPauseAndIsRewrittenByTheNextOne() throws Exception {
        Path file = dir.resolve("damaged.pauses.json");
        Files.writeString(file, "{\"app/shop/production\": {\"at\": \"2026-11-26T05:00:00Z\"", StandardCharsets.UTF_8);

        var paused = new PausedUnits(new JsonPauseStore(file));
        assertThat(paused.all()).isEmpty();
        paused.pause("district/main", "after the crash", T0);

        assertThat(new PausedUnits(new JsonPauseStore(file)).all()).containsOnlyKeys("district/main");
    }

    @Test
    void anEntryThatDoesNotParseIsSkippedAndTheOthersKept() throws Exception {
        Path file = dir.resolve("mixed.pauses.json");
        Files.writeString(file, """
                {"app/a/production": {"at": "not a time"},
                 "app/b/production": {"at": "2026-11-26T05:00:00Z", "reason": "kept"},
                 "app/c/production": 42}
                """, StandardCharsets.UTF_8);

        assertThat(new PausedUnits(new JsonPauseStore(file)).all())
                .isEqualTo(Map.of("app/b/production", new PausedUnits.Pause(T0, "kept")));
    }

    @Test
    void aFileTooBigToBeAPauseListIsNotRead() throws Exception {
        Path file = dir.resolve("big.pauses.json");
        Files.writeString(file, "{\"x\": \"" + "a".repeat((int) JsonPauseStore.MAX_BYTES) + "\"}", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new JsonPauseStore(file).load()).hasMessageContaining("larger than");
        assertThat(new PausedUnits(new JsonPauseStore(file)).all()).isEmpty();
    }

    @Test
    void aStoreThatCannotWriteLeavesThePauseInForceAndSaysSo() throws Exception {
        Path blocked = dir.resolve("a-file-not-a-folder");
        Files.writeString(blocked, "x");
        var paused = new PausedUnits(new JsonPauseStore(blocked.resolve("pauses.json")));

        assertThatThrownBy(() -> paused.pause("district/main", null, T0))
                .isInstanceOf(PausedUnits.NotKept.class).hasMessageContaining("a restart resumes it");
        assertThat(paused.get("district/main")).isPresent();
    }

    @Test
    void thePauseFileSitsBesideTheHistoryFile() {
        Path workdir = dir.resolve("work").resolve("checkout");
        assertThat(HistoryStoreFactory.pauseFile("", "", "file:///repo.git", workdir.toString()))
                .contains(workdir.toAbsolutePath().resolveSibling("checkout.pauses.json"));
        assertThat(HistoryStoreFactory.pauseFile("/var/rambla/p.json", "", "file:///repo.git", ""))
                .contains(Path.of("/var/rambla/p.json"));
        assertThat(HistoryStoreFactory.pauseFile("", dir.resolve("h.history.jsonl").toString(), "file:///repo.git", ""))
                .contains(dir.resolve("h.pauses.json").toAbsolutePath());
        assertThat(HistoryStoreFactory.pauseFile("", "", "", "")).isEqualTo(Optional.empty());
    }
}
