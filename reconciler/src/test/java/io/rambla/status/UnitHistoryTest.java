package io.rambla.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    private static UnitStatus status(UnitState state, String revision, String message, int minute) {
        return new UnitStatus("app/shop/production", "app", "rambla-app-shop-production", state, revision, null, message,
                T0.plusSeconds(60L * minute));
    }

    @Test
    void keeps_outcomes_newest_first_each_timed_from_the_start_of_its_apply() {
        var history = new UnitHistory();
        history.unitChanged("aaa", status(UnitState.APPLYING, "aaa", null, 0));
        history.unitChanged("aaa", status(UnitState.APPLIED, "aaa", "2 add", 3));
        history.unitChanged("bbb", status(UnitState.PENDING, "bbb", null, 4));
        history.unitChanged("bbb", status(UnitState.BLOCKED, "bbb", "district/main failed", 5));

        assertThat(history.of("app/shop/production")).extracting(UnitHistory.Entry::state)
                .containsExactly(UnitState.BLOCKED, UnitState.APPLIED);
        assertThat(history.of("app/shop/production")).extracting(UnitHistory.Entry::duration)
                .containsExactly(null, Duration.ofMinutes(3));
    }

    @Test
    void a_restart_finds_the_history_kept_in_its_file(@TempDir Path dir) {
        Path file = dir.resolve("checkout.history.jsonl");
        var before = new UnitHistory(new JsonLinesHistoryStore(file, JsonLinesHistoryStore.DEFAULT_MAX_BYTES), 3);
        before.unitChanged("r1", status(UnitState.APPLYING, "r1", null, 0));
        before.unitChanged("r1", status(UnitState.FAILED, "r1", "Resource handler returned message: \"nope\"\nline 2", 2));
        for (int i = 2; i <= 4; i++) {
            before.unitChanged("r" + i, status(UnitState.APPLIED, "r" + i, "1 modified", 2 + i));
        }
        var kept = before.of("app/shop/production");
        before.close();

        var after = new UnitHistory(new JsonLinesHistoryStore(file, JsonLinesHistoryStore.DEFAULT_MAX_BYTES), 3);

        assertThat(after.of("app/shop/production")).hasSize(3).isEqualTo(kept);
        assertThat(after.of("app/shop/production")).extracting(UnitHistory.Entry::revision).containsExactly("r4", "r3", "r2");
    }

    @Test
    void a_store_that_fails_loses_history_but_never_the_sync() {
        HistoryStore broken = new HistoryStore() {
            @Override
            public void append(String unitId, UnitHistory.Entry entry, int perUnit) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public java.util.Map<String, List<UnitHistory.Entry>> load(int perUnit) throws IOException {
                throw new IOException("permission denied");
            }
        };
        var history = new UnitHistory(broken, 5);
        history.unitChanged("aaa", status(UnitState.APPLIED, "aaa", "up to date", 1));
        history.close();

        assertThat(history.of("app/shop/production")).hasSize(1);
    }

    @Test
    void the_final_states_repeated_at_the_end_of_a_sync_are_recorded_once() {
        var history = new UnitHistory();
        var applied = status(UnitState.APPLIED, "aaa", "up to date", 1);
        history.unitChanged("aaa", applied);
        history.syncFinished("aaa", List.of(applied));

        assertThat(history.of("app/shop/production")).hasSize(1);
    }

    @Test
    void forgets_the_oldest_change_past_its_size() {
        var history = new UnitHistory(3);
        for (int i = 0; i < 5; i++) {
            history.unitChanged("r" + i, status(UnitState.APPLIED, "r" + i, null, i));
        }

        assertThat(history.of("app/shop/production")).extracting(UnitHistory.Entry::revision).containsExactly("r4", "r3", "r2");
    }

    @Test
    void a_unit_never_seen_has_no_history() {
        assertThat(new UnitHistory().of("district/nowhere")).isEmpty();
    }
}
