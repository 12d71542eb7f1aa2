package io.rambla.plan;

import io.rambla.render.StackTags;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private final DesiredState desired = new DesiredState("rambla-district-main", "{\"Resources\":{}}", Map.of("A", "1"), Map.of("rambla:unit", "district/main"));

    private LiveStack live(String status, String hash) {
        return new LiveStack("rambla-district-main", "arn:stack", status, null,
                hash == null ? Map.of() : Map.of(StackTags.DESIRED_HASH, hash, StackTags.COMMIT, "abc123"), Map.of());
    }

    @Test
    void aMissingStackIsCreated() {
        assertThat(Planner.decide(desired, Optional.empty())).isInstanceOf(Decision.Create.class);
    }

    @Test
    void aDeletedStackIsCreatedAgain() {
        assertThat(Planner.decide(desired, Optional.of(live("DELETE_COMPLETE", null)))).isInstanceOf(Decision.Create.class);
    }

    @Test
    void aStackCarryingTheDesiredHashNeedsNoChangeSet() {
        var decision = Planner.decide(desired, Optional.of(live("UPDATE_COMPLETE", desired.hash())));
        assertThat(decision).isEqualTo(new Decision.NoChange("abc123"));
    }

    @Test
    void aStackWithAnotherHashIsUpdated() {
        assertThat(Planner.decide(desired, Optional.of(live("CREATE_COMPLETE", "0ld")))).isInstanceOf(Decision.Update.class);
    }

    @Test
    void aStackWithoutOurTagsIsUpdatedSoItComesUnderManagement() {
        assertThat(Planner.decide(desired, Optional.of(live("CREATE_COMPLETE", null)))).isInstanceOf(Decision.Update.class);
    }

    @Test
    void aRolledBackUpdateIsRetriedByTheNextChange() {
        assertThat(Planner.decide(desired, Optional.of(live("UPDATE_ROLLBACK_COMPLETE", "0ld")))).isInstanceOf(Decision.Update.class);
    }

    @Test
    void aStackWithAnOperationRunningIsWaitedFor() {
        assertThat(Planner.decide(desired, Optional.of(live("UPDATE_IN_PROGRESS", "0ld"))))
                .isEqualTo(new Decision.WaitForOperation("UPDATE_IN_PROGRESS"));
    }

    @Test
    void aFailedCreationIsDeletedBeforeCreatingAgain() {
        assertThat(Planner.decide(desired, Optional.of(live("ROLLBACK_COMPLETE", null))))
                .isEqualTo(new Decision.DeleteFailedThenCreate("ROLLBACK_COMPLETE"));
    }

    @Test
    void aStackThatFailedToRollBackIsLeftToAPerson() {
        assertThat(Planner.decide(desired, Optional.of(live("UPDATE_ROLLBACK_FAILED", "0ld")))).isInstanceOf(Decision.Stuck.class);
    }

    @Test
    void theHashChangesWithTemplateParametersAndTagsButNotWithMapOrder() {
        var same = new DesiredState(desired.stackName(), desired.templateBody(), Map.of("A", "1"), Map.of("rambla:unit", "district/main"));
        assertThat(same.hash()).isEqualTo(desired.hash());
        assertThat(new DesiredState(desired.stackName(), "{}", desired.parameters(), desired.tags()).hash()).isNotEqualTo(desired.hash());
        assertThat(new DesiredState(desired.stackName(), desired.templateBody(), Map.of("A", "2"), desired.tags()).hash()).isNotEqualTo(desired.hash());
        assertThat(new DesiredState(desired.stackName(), desired.templateBody(), desired.parameters(), Map.of()).hash()).isNotEqualTo(desired.hash());
        var twoParams = new DesiredState("s", "t", Map.of("A", "1", "B", "2"), Map.of());
        var twoParamsOtherOrder = new DesiredState("s", "t", new java.util.LinkedHashMap<>(Map.of("B", "2", "A", "1")), Map.of());
        assertThat(twoParams.hash()).isEqualTo(twoParamsOtherOrder.hash());
    }

    @Test
    void valuesCannotBeConfusedByMovingCharactersBetweenFields() {
        var a = new DesiredState("s", "t", Map.of("AB", "C"), Map.of());
        var b = new DesiredState("s", "t", Map.of("A", "BC"), Map.of());
        assertThat(a.hash()).isNotEqualTo(b.hash());
    }
}
