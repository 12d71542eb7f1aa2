package io.rambla.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StackStatusTest {

    @Test
    void operations_in_progress_of_any_kind_are_in_progress() {
        for (String name : new String[] {"CREATE_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "DELETE_IN_PROGRESS", "REVIEW_IN_PROGRESS"}) {
            assertThat(StackStatus.of(name).inProgress()).as(name).isTrue();
        }
        assertThat(StackStatus.of("UPDATE_COMPLETE").inProgress()).isFalse();
    }

    @Test
    void each_status_answers_the_questions_the_planner_asks() {
        assertThat(StackStatus.of("ROLLBACK_COMPLETE").failedCreation()).isTrue();
        assertThat(StackStatus.of("UPDATE_ROLLBACK_COMPLETE").failedCreation()).as("an update rolled back: the stack still holds everything").isFalse();
        assertThat(StackStatus.of("UPDATE_ROLLBACK_FAILED").stuck()).isTrue();
        assertThat(StackStatus.of("DELETE_FAILED").stuck()).isTrue();
        assertThat(StackStatus.of("CREATE_COMPLETE").applied()).isTrue();
        assertThat(StackStatus.of("CREATE_COMPLETE").updated()).isFalse();
        assertThat(StackStatus.of("UPDATE_FAILED").failedBeforeRollback()).isTrue();
        assertThat(StackStatus.of("REVIEW_IN_PROGRESS").reviewOnly()).isTrue();
        assertThat(StackStatus.of("DELETE_COMPLETE").deleted()).isTrue();
    }

    @Test
    void a_status_cloudformation_adds_later_reads_as_itself_and_is_nothing_special() {
        var unknown = StackStatus.of("SOMETHING_NEW");

        assertThat(unknown.toString()).isEqualTo("SOMETHING_NEW");
        assertThat(unknown.inProgress() || unknown.stuck() || unknown.failedCreation() || unknown.applied()).isFalse();
        assertThatThrownBy(() -> StackStatus.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void the_live_stack_and_the_planner_read_the_same_typed_status() {
        var stuck = new LiveStack("s", "id", "UPDATE_ROLLBACK_FAILED", "a resource could not be rolled back", Map.of(), Map.of());

        assertThat(stuck.stackStatus().stuck()).isTrue();
        assertThat(Planner.decide(new DesiredState("s", "{}", Map.of(), Map.of()), java.util.Optional.of(stuck)))
                .isEqualTo(new Decision.Stuck("UPDATE_ROLLBACK_FAILED", "a resource could not be rolled back"));
    }
}
