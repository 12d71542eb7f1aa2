package io.rambla.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateDiffTest {

    private static String template(String parameters, String resources) {
        return "{\"Parameters\":{" + parameters + "},\"Resources\":{" + resources + "}}";
    }

    private static String taskDefinition(String image) {
        return "\"WebTaskDefinition\":{\"Type\":\"AWS::ECS::TaskDefinition\",\"Properties\":{\"Family\":\"web\","
                + "\"ContainerDefinitions\":[{\"Name\":\"web\",\"Image\":\"" + image + "\",\"Cpu\":256}]}}";
    }

    @Test
    void anImageChangeShowsTheTaskDefinitionsImageBeforeAndAfterAndItsReplacement() {
        var diff = TemplateDiff.between(template("", taskDefinition("nginx:1.0")), Map.of(),
                template("", taskDefinition("nginx:1.1")), Map.of());

        assertThat(diff.resources()).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(ResourcePlan.Action.MODIFY);
            assertThat(r.resourceType()).isEqualTo("AWS::ECS::TaskDefinition");
            assertThat(r.replaces()).isTrue();
            assertThat(r.replacementCauses()).containsExactly("ContainerDefinitions");
            assertThat(r.changes()).containsExactly(new ValueChange("ContainerDefinitions[0].Image", "nginx:1.0", "nginx:1.1"));
        });
    }

    @Test
    void aChangeThatDoesNotForceReplacementIsAChangeInPlace() {
        String before = template("", "\"Service\":{\"Type\":\"AWS::ECS::Service\",\"Properties\":{\"DesiredCount\":1,\"ServiceName\":\"web\"}}");
        String after = template("", "\"Service\":{\"Type\":\"AWS::ECS::Service\",\"Properties\":{\"DesiredCount\":3,\"ServiceName\":\"web\"}}");

        var r = TemplateDiff.between(before, Map.of(), after, Map.of()).resources().get(0);

        assertThat(r.replaces()).isFalse();
        assertThat(r.mark()).isEqualTo("~");
        assertThat(r.changes()).containsExactly(new ValueChange("DesiredCount", "1", "3"));
    }

    @Test
    void addedAndRemovedResourcesAndPropertiesAreNamed() {
        String before = template("", "\"Old\":{\"Type\":\"AWS::SNS::Topic\"},"
                + "\"Logs\":{\"Type\":\"AWS::Logs::LogGroup\",\"Properties\":{\"RetentionInDays\":7,\"KmsKeyId\":\"k\"}}");
        String after = template("", "\"New\":{\"Type\":\"AWS::S3::Bucket\",\"Properties\":{\"BucketName\":\"b\"}},"
                + "\"Logs\":{\"Type\":\"AWS::Logs::LogGroup\",\"Properties\":{\"RetentionInDays\":30,\"LogGroupClass\":\"STANDARD\"}}");

        var resources = TemplateDiff.between(before, Map.of(), after, Map.of()).resources();

        assertThat(resources).extracting(ResourcePlan::logicalId, ResourcePlan::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Logs", ResourcePlan.Action.MODIFY),
                org.assertj.core.groups.Tuple.tuple("New", ResourcePlan.Action.ADD),
                org.assertj.core.groups.Tuple.tuple("Old", ResourcePlan.Action.REMOVE));
        assertThat(resources.get(0).changes()).containsExactly(
                ValueChange.removed("KmsKeyId", "k"),
                ValueChange.added("LogGroupClass", "STANDARD"),
                new ValueChange("RetentionInDays", "7", "30"));
        assertThat(resources.get(0).replacementCauses()).containsExactly("LogGroupClass");
        assertThat(resources.get(0).losesState()).isTrue();
        assertThat(resources.get(1).changes()).containsExactly(ValueChange.added("BucketName", "b"));
    }

    @Test
    void parameterReferencesAreResolvedSoAParameterChangeShowsWhereItLands() {
        String t = template("\"VpcId\":{\"Type\":\"String\"}",
                "\"Group\":{\"Type\":\"AWS::EC2::SecurityGroup\",\"Properties\":{\"VpcId\":{\"Ref\":\"VpcId\"},\"GroupDescription\":\"g\"}}");

        var diff = TemplateDiff.between(t, Map.of("VpcId", "vpc-1"), t, Map.of("VpcId", "vpc-2"));

        assertThat(diff.parameters()).containsExactly(new ValueChange("VpcId", "vpc-1", "vpc-2"));
        assertThat(diff.resources()).singleElement().satisfies(r -> {
            assertThat(r.changes()).containsExactly(new ValueChange("VpcId", "vpc-1", "vpc-2"));
            assertThat(r.replacementCauses()).containsExactly("VpcId");
        });
    }

    @Test
    void noEchoParametersAreMaskedInParametersAndInProperties() {
        String t = template("\"Password\":{\"Type\":\"String\",\"NoEcho\":true}",
                "\"Db\":{\"Type\":\"AWS::RDS::DBInstance\",\"Properties\":{\"MasterUserPassword\":{\"Ref\":\"Password\"},\"Size\":\"1\"}}");
        String t2 = t.replace("\"Size\":\"1\"", "\"Size\":\"2\"");

        var diff = TemplateDiff.between(t, Map.of("Password", "hunter2"), t2, Map.of("Password", "s3cret!"));

        assertThat(diff.toString()).doesNotContain("hunter2").doesNotContain("s3cret!");
        assertThat(diff.parameters()).singleElement().satisfies(p -> assertThat(p.before()).isEqualTo(TemplateDiff.MASK));
    }

    @Test
    void aStackThatDoesNotExistYetAddsEveryResource() {
        var diff = TemplateDiff.between(null, Map.of(), template("", taskDefinition("nginx:1")), Map.of("Image", "nginx:1"));

        assertThat(diff.resources()).extracting(ResourcePlan::action).containsExactly(ResourcePlan.Action.ADD);
        assertThat(diff.parameters()).containsExactly(ValueChange.added("Image", "nginx:1"));
    }

    @Test
    void aStackToDeleteRemovesEveryResourceAndShowsNoParameters() {
        var diff = TemplateDiff.between(template("", taskDefinition("nginx:1")), Map.of("Image", "nginx:1"), null, Map.of());

        assertThat(diff.resources()).extracting(ResourcePlan::action).containsExactly(ResourcePlan.Action.REMOVE);
        assertThat(diff.parameters()).isEmpty();
    }

    @Test
    void identicalTemplatesHaveNoChanges() {
        String t = template("", taskDefinition("nginx:1"));

        var diff = TemplateDiff.between(t, Map.of("A", "1"), t, Map.of("A", "1"));

        assertThat(diff.resources()).isEmpty();
        assertThat(diff.parameters()).isEmpty();
    }

    @Test
    void aYamlLiveTemplateIsReadToo() {
        String yaml = "Resources:\n  Service:\n    Type: AWS::ECS::Service\n    Properties:\n      DesiredCount: 1\n";
        String json = template("", "\"Service\":{\"Type\":\"AWS::ECS::Service\",\"Properties\":{\"DesiredCount\":2}}");

        var r = TemplateDiff.between(yaml, Map.of(), json, Map.of()).resources();

        assertThat(r).singleElement().satisfies(x -> assertThat(x.changes()).containsExactly(new ValueChange("DesiredCount", "1", "2")));
    }

    @Test
    void hostileTemplatesAreRefusedWithAReasonOrCut() {
        assertThatThrownBy(() -> TemplateDiff.between("[1,2]", Map.of(), "{}", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("live template");
        assertThatThrownBy(() -> TemplateDiff.between("{}", Map.of(), "{: : [", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("desired template");
        String huge = "x".repeat(100_000);
        var diff = TemplateDiff.between(template("", taskDefinition("a")), Map.of(), template("", taskDefinition(huge)), Map.of());
        assertThat(diff.resources().get(0).changes().get(0).after()).hasSizeLessThan(400).contains("100000 characters");
        String resourcesNotAMap = "{\"Resources\":[1,2,3]}";
        assertThat(TemplateDiff.between(resourcesNotAMap, Map.of(), resourcesNotAMap, Map.of()).resources()).isEmpty();
    }

    @Test
    void theChangeSetDecidesActionsAndReplacementAndTheDiffGivesTheValues() {
        var diff = TemplateDiff.between(template("", taskDefinition("nginx:1.0")), Map.of(),
                template("", taskDefinition("nginx:1.1")), Map.of());
        var changeSet = new ChangeSet("id", "name", "CREATE_COMPLETE", "", false, List.of(
                new ChangeSet.ResourceChange("Modify", "WebTaskDefinition", "AWS::ECS::TaskDefinition", "True"),
                new ChangeSet.ResourceChange("Modify", "Service", "AWS::ECS::Service", "False")));

        var plan = PlanAssembly.fromChangeSet("app/web/prod", "stack", UnitChanges.StackAction.UPDATE, changeSet, diff);

        assertThat(plan.resources()).extracting(ResourcePlan::logicalId).containsExactly("Service", "WebTaskDefinition");
        var task = plan.resources().get(1);
        assertThat(task.replacement()).isEqualTo(ResourcePlan.Replacement.TRUE);
        assertThat(task.replacementCauses()).containsExactly("ContainerDefinitions");
        assertThat(task.changes()).extracting(ValueChange::after).containsExactly("nginx:1.1");
        assertThat(plan.resources().get(0).replaces()).isFalse();
    }

    @Test
    void anEmptyChangeSetIsNoChangeWhateverTheDiffSays() {
        var diff = TemplateDiff.between(template("", taskDefinition("a")), Map.of(), template("", taskDefinition("b")), Map.of());
        var empty = new ChangeSet("id", "n", "FAILED", "No updates are to be performed.", true, List.of());

        assertThat(PlanAssembly.fromChangeSet("u", "s", UnitChanges.StackAction.UPDATE, empty, diff).changes()).isFalse();
    }
}
