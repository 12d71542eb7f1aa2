package io.rambla.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.drift.DriftSchedule.Candidate;
import io.rambla.drift.StackDrift.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration SIX_HOURS = Duration.ofHours(6);

    private static Candidate checked(String id, Status status, Duration ago) {
        return new Candidate(id, true, new StackDrift(status, NOW.minus(ago), List.of(), null));
    }

    @Test
    void an_applied_unit_never_checked_is_due() {
        assertThat(DriftSchedule.due(List.of(new Candidate("a", true, null), new Candidate("b", true, StackDrift.notChecked())),
                NOW, SIX_HOURS, 10)).containsExactly("a", "b");
    }

    @Test
    void a_unit_not_applied_is_never_due() {
        assertThat(DriftSchedule.due(List.of(new Candidate("failed", false, null),
                new Candidate("old", false, new StackDrift(Status.IN_SYNC, NOW.minus(Duration.ofDays(9)), List.of(), null))),
                NOW, SIX_HOURS, 10)).isEmpty();
    }

    @Test
    void a_unit_is_due_once_its_last_check_is_a_whole_interval_old() {
        var units = List.of(checked("recent", Status.IN_SYNC, Duration.ofHours(5).plusMinutes(59)),
                checked("exactly", Status.IN_SYNC, SIX_HOURS),
                checked("older", Status.DRIFTED, Duration.ofHours(7)));

        assertThat(DriftSchedule.due(units, NOW, SIX_HOURS, 10)).containsExactly("older", "exactly");
    }

    @Test
    void a_check_that_could_not_run_is_tried_again_only_after_the_interval() {
        var unavailable = new Candidate("u", true, Drift.unavailable("refused", NOW.minus(Duration.ofMinutes(1))));

        assertThat(DriftSchedule.due(List.of(unavailable), NOW, SIX_HOURS, 10)).isEmpty();
        assertThat(DriftSchedule.due(List.of(unavailable), NOW.plus(SIX_HOURS), SIX_HOURS, 10)).containsExactly("u");
    }

    @Test
    void never_checked_units_come_first_then_the_oldest_checks_and_ties_by_id() {
        var units = List.of(checked("c-7h", Status.IN_SYNC, Duration.ofHours(7)),
                new Candidate("z-never", true, null),
                checked("a-9h", Status.IN_SYNC, Duration.ofHours(9)),
                checked("b-9h", Status.UNAVAILABLE, Duration.ofHours(9)),
                new Candidate("m-never", true, StackDrift.notChecked()));

        assertThat(DriftSchedule.due(units, NOW, SIX_HOURS, 10)).containsExactly("m-never", "z-never", "a-9h", "b-9h", "c-7h");
    }

    @Test
    void at_most_limit_units_are_due_in_one_sync_the_rest_wait_for_the_next() {
        var units = List.of(new Candidate("a", true, null), new Candidate("b", true, null), new Candidate("c", true, null));

        assertThat(DriftSchedule.due(units, NOW, SIX_HOURS, 2)).containsExactly("a", "b");
        assertThat(DriftSchedule.due(units, NOW, SIX_HOURS, 0)).isEmpty();
    }

    @Test
    void a_zero_or_negative_interval_turns_checks_off() {
        var units = List.of(new Candidate("a", true, null));

        assertThat(DriftSchedule.due(units, NOW, Duration.ZERO, 10)).isEmpty();
        assertThat(DriftSchedule.due(units, NOW, Duration.ofHours(-1), 10)).isEmpty();
    }

    @Test
    void nothing_is_due_among_no_units() {
        assertThat(DriftSchedule.due(List.of(), NOW, SIX_HOURS, 10)).isEmpty();
    }
}
