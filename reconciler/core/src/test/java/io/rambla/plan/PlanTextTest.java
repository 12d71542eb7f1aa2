package io.rambla.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTextTest {

    private static ResourcePlan modify(String id, String type, ResourcePlan.Replacement replacement, List<String> causes, ValueChange... changes) {
        return new ResourcePlan(ResourcePlan.Action.MODIFY, id, type, replacement, causes, List.of(changes));
    }

    private static final UnitChanges UNIT = new UnitChanges("app/web/production", "rambla-web-production", UnitChanges.StackAction.UPDATE,
            List.of(
                    modify("WebTaskDefinition", "AWS::ECS::TaskDefinition", ResourcePlan.Replacement.TRUE, List.of("ContainerDefinitions"),
                            new ValueChange("ContainerDefinitions[0].Image", "nginx:1.0", "nginx:1.1")),
                    modify("Service", "AWS::ECS::Service", ResourcePlan.Replacement.FALSE, List.of(), new ValueChange("DesiredCount", "1", "3")),
                    new ResourcePlan(ResourcePlan.Action.ADD, "Queue", "AWS::SQS::Queue", null, List.of(), List.of(ValueChange.added("QueueName", "q"))),
                    new ResourcePlan(ResourcePlan.Action.REMOVE, "Logs", "AWS::Logs::LogGroup", null, List.of(), List.of())),
            List.of(new ValueChange("ImageTag", "1.0", "1.1")), null);

    @Test
    void eachResourceHasItsMarkAndEachPropertyItsBeforeAndAfter() {
        String text = PlanText.format(List.of(UNIT), PlanText.UNLIMITED, false);

        assertThat(text).contains("# app/web/production (stack rambla-web-production): update")
                .contains("  ± AWS::ECS::TaskDefinition WebTaskDefinition  (replaced, caused by ContainerDefinitions)")
                .contains("      ContainerDefinitions[0].Image: \"nginx:1.0\" -> \"nginx:1.1\"")
                .contains("  ~ AWS::ECS::Service Service\n      DesiredCount: \"1\" -> \"3\"")
                .contains("  + AWS::SQS::Queue Queue\n      QueueName: \"q\"")
                .contains("  - AWS::Logs::LogGroup Logs  !! stateful")
                .contains("  ~ parameter ImageTag: \"1.0\" -> \"1.1\"")
                .endsWith("Plan: 1 to add, 1 to change, 1 to replace, 1 to remove.\n")
                .doesNotContain("\u001b[");
    }

    @Test
    void statefulLossesComeFirstInTheirUnit() {
        assertThat(UNIT.resources().get(0).logicalId()).isEqualTo("Logs");
    }

    @Test
    void colourIsOnlyAddedWhenAskedFor() {
        assertThat(PlanText.format(List.of(UNIT), PlanText.UNLIMITED, true)).contains("\u001b[35m±\u001b[0m");
    }

    @Test
    void valuesCannotBreakOutOfTheirLine() {
        var unit = new UnitChanges("u", "s", UnitChanges.StackAction.UPDATE,
                List.of(modify("R", "T", ResourcePlan.Replacement.FALSE, List.of(), new ValueChange("P", "a\n# fake/unit: delete", "b\"c"))),
                List.of(), null);

        String text = PlanText.format(List.of(unit), PlanText.UNLIMITED, false);

        assertThat(text.lines()).noneMatch(l -> l.startsWith("# fake"));
        assertThat(text).contains("P: \"a\\n# fake/unit: delete\" -> \"b\\\"c\"");
    }

    @Test
    void aThousandResourcePlanStaysUnderTheCommentLimitAndSaysItWasCut() {
        List<ResourcePlan> resources = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            resources.add(modify("Resource" + i, "AWS::ECS::TaskDefinition", ResourcePlan.Replacement.TRUE, List.of("ContainerDefinitions"),
                    new ValueChange("ContainerDefinitions[0].Image", "registry.example.com/team/service-" + i + ":1.0",
                            "registry.example.com/team/service-" + i + ":1.1")));
        }
        var unit = new UnitChanges("app/big/production", "rambla-big-production", UnitChanges.StackAction.UPDATE, resources, List.of(), null);
        int limit = 65_536;

        String full = PlanText.format(List.of(unit), PlanText.UNLIMITED, false);
        String cut = PlanText.format(List.of(unit), limit, false);

        assertThat(full.length()).isGreaterThan(limit);
        assertThat(cut.length()).isLessThan(limit);
        assertThat(cut).contains("the plan is cut here").contains("the full plan is on the status page")
                .endsWith("Plan: 0 to add, 0 to change, 1000 to replace, 0 to remove.\n");
        long shown = cut.lines().filter(l -> l.startsWith("  ± ")).count();
        assertThat(cut).contains(" " + (1000 - shown) + " more resource change(s) not shown");
        assertThat(shown).isGreaterThan(100);
    }
}
