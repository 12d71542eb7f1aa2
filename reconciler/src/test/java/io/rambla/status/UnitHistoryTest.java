package io.rambla.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    private static UnitStatus status(UnitState state, String revision, String message, int minute) {
        return new UnitStatus("app/shop/production", "app", "rambla-app-shop-production", state, revision, null, message,
                T0.plusSeconds(60L * minute));
    }

    @Test
    void keeps_state_changes_newest_first() {
        var history = new UnitHistory();
        history.unitChanged("aaa", status(UnitState.APPLYING, "aaa", null, 0));
        history.unitChanged("aaa", status(UnitState.APPLIED, "aaa", "2 add", 1));

        assertThat(history.of("app/shop/production")).extracting(UnitHistory.Entry::state)
                .containsExactly(UnitState.APPLIED, UnitState.APPLYING);
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
