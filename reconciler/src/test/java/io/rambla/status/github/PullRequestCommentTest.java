package io.rambla.status.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.plan.PullRequestPlan;
import io.rambla.plan.ResourcePlan;
import io.rambla.plan.UnitChanges;
import io.rambla.plan.ValueChange;
import io.rambla.schema.Diagnostic;
import io.rambla.plan.PullRequestPlan.Replacement;
import io.rambla.plan.PullRequestPlan.UnitPlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullRequestCommentTest {

    private static final String HEAD = "c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";

    static PullRequestPlan biggerCluster() {
        return new PullRequestPlan(HEAD, List.of(
                new UnitPlan("district/main", "rambla-district-main", 1, 2, 0,
                        List.of(Replacement.of("LaunchTemplate", "AWS::EC2::LaunchTemplate"), Replacement.of("LogBucket", "AWS::S3::Bucket")), false),
                UnitPlan.noChange("endpoint/main/public", "rambla-endpoint-main-public"),
                UnitPlan.noChange("app/billing/production", "rambla-app-billing-production")), List.of());
    }

    @Test
    void aPlanShowsATablePerChangingUnitAndListsTheUnchangedOnes() {
        String md = PullRequestComment.render(biggerCluster());

        assertThat(md).startsWith(PullRequestComment.MARKER + "\n### Rambla plan for `c7d8e9f`");
        assertThat(md).contains("**1 unit will change.**", "#### `district/main`",
                "| stack | add | modify | remove | replace |",
                "| `rambla-district-main` | 1 | 2 | 0 | 2 |",
                "- `LaunchTemplate` (AWS::EC2::LaunchTemplate)\n",
                "- `LogBucket` (AWS::S3::Bucket) — **stateful**",
                "Unchanged (2): `endpoint/main/public`, `app/billing/production`");
        assertThat(md).doesNotContain("#### `endpoint/main/public`");
    }

    private static ResourcePlan taskDefinition(String id, String image) {
        return new ResourcePlan(ResourcePlan.Action.MODIFY, id, "AWS::ECS::TaskDefinition", ResourcePlan.Replacement.TRUE,
                List.of("ContainerDefinitions"), List.of(new ValueChange("ContainerDefinitions[0].Image", image + ":1", image + ":2")));
    }

    @Test
    void eachChangedResourceIsNamedWithItsPropertyChangesInAFoldedSection() {
        var unit = new UnitChanges("district/main", "rambla-district-main", UnitChanges.StackAction.UPDATE, List.of(
                taskDefinition("WebTaskDefinition", "nginx"),
                new ResourcePlan(ResourcePlan.Action.ADD, "Queue", "AWS::SQS::Queue", null, List.of(), List.of(ValueChange.added("QueueName", "jobs")))),
                List.of(), null);
        String md = PullRequestComment.render(biggerCluster().withDetails(List.of(unit)));

        assertThat(md).contains("<details><summary>2 resources with their property changes</summary>\n\n```diff\n")
                .contains("  ± AWS::ECS::TaskDefinition WebTaskDefinition  (replaced, caused by ContainerDefinitions)\n"
                        + "      ContainerDefinitions[0].Image: \"nginx:1\" -> \"nginx:2\"\n")
                .contains("  + AWS::SQS::Queue Queue\n      QueueName: \"jobs\"\n")
                .contains("Plan: 1 to add, 0 to change, 1 to replace, 0 to remove.\n```\n\n</details>");
    }

    @Test
    void aPruneDeletionIsListedWithTheResourcesItTakes() {
        var gone = new UnitChanges("app/legacy/production", "rambla-app-legacy-production", UnitChanges.StackAction.DELETE, List.of(
                new ResourcePlan(ResourcePlan.Action.REMOVE, "Logs", "AWS::Logs::LogGroup", null, List.of(), List.of()),
                new ResourcePlan(ResourcePlan.Action.REMOVE, "Service", "AWS::ECS::Service", null, List.of(), List.of())),
                List.of(), "no unit declares it any more");

        String md = PullRequestComment.render(biggerCluster().withDetails(List.of(gone)));

        assertThat(md).contains("#### Stacks deleted by pruning (1)\n"
                        + "- `app/legacy/production`: stack `rambla-app-legacy-production` and its 2 resources are deleted, **1 of them stateful**\n")
                .contains("  - AWS::Logs::LogGroup Logs  !! stateful", "  - AWS::ECS::Service Service")
                .contains("Plan: 0 to add, 0 to change, 0 to replace, 2 to remove.");
    }

    @Test
    void aValueCannotCloseTheFoldedSectionsCodeBlock() {
        var unit = new UnitChanges("district/main", "rambla-district-main", UnitChanges.StackAction.UPDATE, List.of(
                taskDefinition("Web", "````\n</details>\n@everyone")), List.of(), null);

        String md = PullRequestComment.render(biggerCluster().withDetails(List.of(unit)));

        assertThat(md).contains("`````diff\n").contains("\n`````\n\n</details>");
    }

    @Test
    void aThousandResourcePlanStaysUnderGitHubsLimitAndSaysWhereTheRestIs() {
        List<ResourcePlan> resources = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            resources.add(taskDefinition("Service" + i + "TaskDefinition", "registry.example.com/team/service-" + i));
        }
        var unit = new UnitChanges("district/main", "rambla-district-main", UnitChanges.StackAction.UPDATE, resources, List.of(), null);
        var second = new UnitChanges("endpoint/main/public", "rambla-endpoint-main-public", UnitChanges.StackAction.UPDATE,
                List.of(taskDefinition("Other", "x")), List.of(), null);
        var plan = new PullRequestPlan(HEAD, List.of(
                new UnitPlan("district/main", "rambla-district-main", 0, 1000, 0, List.of(), false),
                new UnitPlan("endpoint/main/public", "rambla-endpoint-main-public", 0, 1, 0, List.of(), false)), List.of(), List.of(unit, second));

        String md = PullRequestComment.render(plan);

        assertThat(md.length()).isLessThan(65_536);
        assertThat(md).contains("the plan is cut here", "the full plan is on the status page")
                .contains("Left out to keep this comment under GitHub's limit")
                .doesNotContain("(cut: the plan is longer than a GitHub comment can hold)");
    }

    @Test
    void replacingAStatefulResourceIsAWarningAtTheTop() {
        String md = PullRequestComment.render(biggerCluster());

        String warning = "**⚠️ `LogBucket` (AWS::S3::Bucket) in `district/main` will be REPLACED";
        assertThat(md).contains("> [!WARNING]", warning);
        assertThat(md.indexOf(warning)).isLessThan(md.indexOf("#### `district/main`"));
        assertThat(md).doesNotContain("`LaunchTemplate` (AWS::EC2::LaunchTemplate) in");
    }

    @Test
    void knownStatefulTypesAreRecognised() {
        for (String type : List.of("AWS::S3::Bucket", "AWS::RDS::DBInstance", "AWS::Logs::LogGroup", "AWS::EC2::VPC",
                "AWS::ElasticLoadBalancingV2::LoadBalancer")) {
            assertThat(Replacement.of("X", type).stateful()).as(type).isTrue();
        }
        assertThat(Replacement.of("X", "AWS::ECS::TaskDefinition").stateful()).isFalse();
    }

    @Test
    void validationErrorsNameTheFileAndLine() {
        var plan = PullRequestPlan.invalid(HEAD, List.of(
                Diagnostic.error("apps/billing/barcelona.yml", 12, 7, "environments.production.services[0].memroy", "unknown key `memroy` — did you mean `memory`?"),
                Diagnostic.warning("districts/main.yml", 3, 1, "nat_type", "deprecated"),
                Diagnostic.error("districts/main.yml", 4, 13, "cidr_block", "<b>not a CIDR</b>")));

        String md = PullRequestComment.render(plan);

        assertThat(md).contains("> [!CAUTION]", "does not validate", "these 2 problems",
                "- apps/billing/barcelona.yml:12:7: error: unknown key `memroy` — did you mean `memory`?",
                "- districts/main.yml:4:13: error: &lt;b&gt;not a CIDR&lt;/b&gt;");
        assertThat(md).doesNotContain("deprecated").doesNotContain("No stack changes");
        assertThat(PullRequestComment.summary(plan)).isEqualTo("does not validate: 2 errors");
    }

    @Test
    void aPlanWithoutChangesSaysSo() {
        var plan = new PullRequestPlan(HEAD, List.of(UnitPlan.noChange("district/main", "rambla-district-main")), List.of());
        assertThat(PullRequestComment.render(plan)).contains("No stack changes", "Unchanged (1): `district/main`");
        assertThat(PullRequestComment.summary(plan)).isEqualTo("no changes");
    }

    @Test
    void theSummaryCountsChangesAndStatefulReplacements() {
        assertThat(PullRequestComment.summary(biggerCluster())).isEqualTo("1 unit change, 2 replacements (1 stateful!), 2 unchanged");
    }

    @Test
    void manyErrorsAreShortenedAndTheCommentStaysUnderGitHubsLimit() {
        List<Diagnostic> errors = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            errors.add(Diagnostic.error("apps/a" + i + "/barcelona.yml", i, 1, "x", "x".repeat(200)));
        }
        String md = PullRequestComment.render(PullRequestPlan.invalid(HEAD, errors));
        assertThat(md).contains("… and 450 more").hasSizeLessThan(65_536);
        assertThat(PullRequestComment.isPlanComment(md)).isTrue();
    }

    @Test
    void renderingIsDeterministic() {
        assertThat(PullRequestComment.render(biggerCluster())).isEqualTo(PullRequestComment.render(biggerCluster()));
    }

    @Test
    void valuesFromYamlCannotLinkEmbedMentionOrBreakOutOfCodeInTheComment() {
        var plan = PullRequestPlan.invalid(HEAD, List.of(
                Diagnostic.error("apps/x/barcelona.yml", 3, 1, "", "bad value [click](https://evil.example/x) "
                        + "![img](https://evil.example/i.png) @octocat #12 **bold** <img src=x> `image_name` see http://evil.example"),
                Diagnostic.error("apps/x/barcelona.yml", 4, 1, "", "odd `tick [x](http://e.example) @team")));

        String md = PullRequestComment.render(plan);

        assertThat(md).doesNotContain("[click](", "![img](", "@octocat", "#12", "**bold**", "<img", "https://", "http://",
                "[x](");
        assertThat(md).contains("\\[click\\]\\(https:\u200B//evil.example/x\\)", "@\u200Boctocat", "`image_name`", "&lt;img",
                "\\`tick", "@\u200Bteam");
    }

    @Test
    void codeSpansUseAFenceLongerThanAnyRunOfBackticksInside() {
        assertThat(PullRequestComment.code("a``b")).isEqualTo("```a``b```");
        assertThat(PullRequestComment.code("x\ny")).isEqualTo("`x y`");
    }
}
