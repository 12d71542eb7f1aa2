package io.rambla.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesHistoryStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    @TempDir
    Path dir;

    private static UnitHistory.Entry entry(int i, String message) {
        return new UnitHistory.Entry(T0.plusSeconds(i), UnitState.APPLIED, "rev" + i, message, Duration.ofMillis(1500 + i));
    }

    @Test
    void entriesComeBackNewestFirstPerUnitWithEveryField() throws Exception {
        var store = new JsonLinesHistoryStore(dir.resolve("h.jsonl"), 4096);
        store.append("district/main", entry(1, "a"), 10);
        store.append("app/shop/production", new UnitHistory.Entry(T0, UnitState.FAILED, null, null, null), 10);
        store.append("district/main", entry(2, "b"), 10);

        var loaded = new JsonLinesHistoryStore(dir.resolve("h.jsonl"), 4096).load(10);

        assertThat(loaded.get("district/main")).containsExactly(entry(2, "b"), entry(1, "a"));
        assertThat(loaded.get("app/shop/production")).containsExactly(new UnitHistory.Entry(T0, UnitState.FAILED, null, null, null));
    }

    @Test
    void hostileTextRoundTrips() throws Exception {
        var store = new JsonLinesHistoryStore(dir.resolve("h.jsonl"), 4096);
        String unit = "app/\"quoted\"\n{\"unit\":\"x\"}";
        String message = "line one\nline two \u2028 \"}\n{\"unit\":\"forged\",\"state\":\"APPLIED\"";
        store.append(unit, entry(1, message), 10);

        var loaded = store.load(10);

        assertThat(loaded).containsOnlyKeys(unit);
        assertThat(loaded.get(unit)).containsExactly(entry(1, message));
        assertThat(Files.readAllLines(dir.resolve("h.jsonl"))).hasSize(1);
    }

    @Test
    void linesThatDoNotParseAreSkipped() throws Exception {
        Path file = dir.resolve("h.jsonl");
        var store = new JsonLinesHistoryStore(file, 4096);
        store.append("district/main", entry(1, "kept"), 10);
        Files.writeString(file, "not json\n{\"unit\":\"district/main\",\"state\":\"NO_SUCH_STATE\",\"at\":\"2026-11-22T03:00:00Z\"}\n"
                + "{\"state\":\"APPLIED\"}\n{\"unit\":\"district/main\",\"at\":\"2026", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        store.append("district/main", entry(2, "kept too"), 10);

        assertThat(store.load(10).get("district/main")).containsExactly(entry(2, "kept too"), entry(1, "kept"));
    }

    @Test
    void theFileStaysBoundedAndKeepsEachUnitsNewestEntries() throws Exception {
        Path file = dir.resolve("h.jsonl");
        var store = new JsonLinesHistoryStore(file, 2048);
        for (int i = 0; i < 500; i++) {
            store.append(i % 2 == 0 ? "district/main" : "endpoint/web/production", entry(i, "x".repeat(40)), 5);
        }

        assertThat(Files.size(file)).isLessThanOrEqualTo(2048 + 300);
        var loaded = store.load(5);
        assertThat(loaded.get("district/main")).extracting(UnitHistory.Entry::revision)
                .containsExactly("rev498", "rev496", "rev494", "rev492", "rev490");
        assertThat(loaded.get("endpoint/web/production")).extracting(UnitHistory.Entry::revision)
                .containsExactly("rev499", "rev497", "rev495", "rev493", "rev491");
        assertThat(Files.exists(dir.resolve("h.jsonl.tmp"))).isFalse();
    }

    @Test
    void aMissingFileIsAnEmptyHistoryAndATinyLimitIsRefused() throws Exception {
        assertThat(new JsonLinesHistoryStore(dir.resolve("none/h.jsonl"), 4096).load(5)).isEmpty();
        assertThatThrownBy(() -> new JsonLinesHistoryStore(dir.resolve("h.jsonl"), 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFileLivesBesideTheCheckout() {
        assertThat(HistoryStoreFactory.historyFile("", "https://git.example/infra.git", "/var/lib/rambla/checkout"))
                .contains(Path.of("/var/lib/rambla/checkout.history.jsonl"));
        assertThat(HistoryStoreFactory.historyFile("/data/h.jsonl", "https://git.example/infra.git", "/var/lib/rambla/checkout"))
                .contains(Path.of("/data/h.jsonl"));
        assertThat(HistoryStoreFactory.historyFile("", "", "")).isEmpty();
        assertThat(HistoryStoreFactory.historyFile("", "https://git.example/infra.git", "/"))
                .contains(Path.of("/rambla.history.jsonl"));
    }
}
