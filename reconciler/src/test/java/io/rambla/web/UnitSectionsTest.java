package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.StackInsight;
import io.rambla.plan.ResourcePlan;
import io.rambla.plan.UnitChanges;
import io.rambla.plan.ValueChange;
import io.rambla.status.LastChanges;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A unit's page as CloudFormation fills it: escaped, bounded, failures first. */
class UnitSectionsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T05:00:00Z");
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private static UnitStatus unit(UnitState state) {
        return new UnitStatus("app/shop/production", "app", "rambla-app-shop-production", state, COMMIT,
                state == UnitState.APPLIED ? COMMIT : null, "message", T0);
    }

    private static ResourcePlan modified(String id, ValueChange... changes) {
        return new ResourcePlan(ResourcePlan.Action.MODIFY, id, "AWS::ECS::TaskDefinition", ResourcePlan.Replacement.FALSE,
                List.of(), List.of(changes));
    }

    private static LastChanges.Of applied(UnitChanges changes) {
        return new LastChanges.Of(Optional.of(new LastChanges.Change(COMMIT, T0, changes, List.of())), Optional.empty());
    }

    private static final StackReads.Live NO_STACK = new StackReads.Live(List.of(), List.of(), Optional.empty());

    @Test
    void theLastAppliedChangeShowsEachPropertyBeforeAndAfter() {
        var changes = new UnitChanges("app/shop/production", "rambla-app-shop-production", UnitChanges.StackAction.UPDATE,
                List.of(modified("TaskDefinition", new ValueChange("ContainerDefinitions[0].Image", "shop:1.0", "shop:1.1"))),
                List.of(new ValueChange("DesiredCount", "2", "3")), null);

        String html = StatusPage.unit(unit(UnitState.APPLIED), List.of(), NO_STACK, applied(changes), T0);

        assertThat(html).contains("<h2>Last applied change</h2>", "update: 0 added, 1 modified, 0 replaced, 0 removed",
                "<code>TaskDefinition</code>", "<code>ContainerDefinitions[0].Image</code>: <span class=\"before\">shop:1.0</span> &rarr; "
                        + "<span class=\"after\">shop:1.1</span>",
                "<code>DesiredCount</code>: <span class=\"before\">2</span> &rarr; <span class=\"after\">3</span>");
    }

    @Test
    void hostileIdsTypesReasonsAndValuesAreEscapedEverywhere() {
        var changes = new UnitChanges("app/shop/production", "rambla-app-shop-production", UnitChanges.StackAction.UPDATE,
                List.of(modified(HOSTILE, new ValueChange(HOSTILE, HOSTILE, HOSTILE))), List.of(), HOSTILE);
        var failure = new LastChanges.Failure(HOSTILE, HOSTILE, "UPDATE_FAILED", HOSTILE);
        var last = new LastChanges.Of(Optional.of(new LastChanges.Change(HOSTILE, T0, changes, List.of())),
                Optional.of(new LastChanges.Change(HOSTILE, T0, changes, List.of(failure))));
        var live = new StackReads.Live(List.of(new StackInsight.Resource(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, T0)),
                List.of(new StackInsight.Event(T0, HOSTILE, HOSTILE, "CREATE_FAILED", HOSTILE)), Optional.empty());

        String html = StatusPage.unit(unit(UnitState.FAILED), List.of(), live, last, T0);

        assertThat(html).doesNotContain(HOSTILE).contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(StatusPage.unit(unit(UnitState.FAILED), List.of(),
                StackReads.Live.unavailable(HOSTILE), LastChanges.Of.NONE, T0)).doesNotContain(HOSTILE);
    }

    @Test
    void aFailedUnitShowsTheFailuresItsApplyRecordedFirstAndMarksFailedEvents() {
        var changes = new UnitChanges("app/shop/production", "rambla-app-shop-production", UnitChanges.StackAction.CREATE,
                List.of(), List.of(), null);
        var failure = new LastChanges.Failure("NatGateway1", "AWS::EC2::NatGateway", "CREATE_FAILED", "Allocation ID not found");
        var last = new LastChanges.Of(Optional.empty(), Optional.of(new LastChanges.Change(COMMIT, T0, changes, List.of(failure))));
        var live = new StackReads.Live(List.of(), List.of(
                new StackInsight.Event(T0.plusSeconds(9), "Stack", "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null),
                new StackInsight.Event(T0.plusSeconds(5), "Vpc", "AWS::EC2::VPC", "CREATE_FAILED", "quota"),
                new StackInsight.Event(T0, "Vpc", "AWS::EC2::VPC", "CREATE_IN_PROGRESS", null)), Optional.empty());

        String html = StatusPage.unit(unit(UnitState.FAILED), List.of(), live, last, T0);

        int box = html.indexOf("<div class=\"failures\">");
        assertThat(box).isPositive().isLessThan(html.indexOf("<h2>Last applied change</h2>"));
        assertThat(html.substring(box)).startsWith("<div class=\"failures\"><strong>What CloudFormation said</strong><ul>\n"
                + "<li><code>NatGateway1</code> (AWS::EC2::NatGateway) CREATE_FAILED: <span class=\"msg\">Allocation ID not found</span>");
        String events = html.substring(html.indexOf("<table class=\"events\">"));
        assertThat(events.indexOf("ROLLBACK_COMPLETE")).as("newest first, as read").isLessThan(events.indexOf("CREATE_IN_PROGRESS"));
        assertThat(events).contains("<tr class=\"event-failed\"><td><time datetime=\"" + T0.plusSeconds(5) + "\"");
        assertThat(html).contains("<h2>Change that failed</h2>");

        String healthy = StatusPage.unit(unit(UnitState.APPLIED), List.of(), live, LastChanges.Of.NONE, T0);
        assertThat(healthy).as("no box on a unit that did not fail").doesNotContain("<div class=\"failures\">");
    }

    @Test
    void aFailedUnitWithoutRecordedFailuresShowsTheFailedEventsOfItsStack() {
        var live = new StackReads.Live(List.of(), List.of(
                new StackInsight.Event(T0, "Vpc", "AWS::EC2::VPC", "UPDATE_FAILED", "quota")), Optional.empty());

        String html = StatusPage.unit(unit(UnitState.FAILED), List.of(), live, LastChanges.Of.NONE, T0);

        assertThat(html).contains("<li><code>Vpc</code> (AWS::EC2::VPC) UPDATE_FAILED: <span class=\"msg\">quota</span>");
    }

    @Test
    void aHugeChangeIsCutAtTheBoundsAndSaysHowMuchWasLeftOut() {
        List<ValueChange> many = IntStream.range(0, UnitSections.MAX_VALUE_CHANGES + 10)
                .mapToObj(i -> new ValueChange("P" + i, "a".repeat(5000), "b")).toList();
        List<ResourcePlan> resources = IntStream.range(0, UnitSections.MAX_CHANGED_RESOURCES + 50)
                .mapToObj(i -> modified(String.format("R%03d", i), many.toArray(ValueChange[]::new))).toList();
        var changes = new UnitChanges("app/shop/production", "rambla-app-shop-production", UnitChanges.StackAction.UPDATE,
                resources, List.of(), null);

        String html = StatusPage.unit(unit(UnitState.APPLIED), List.of(), NO_STACK, applied(changes), T0);

        assertThat(html).contains("50 more resources changed; not shown.", "10 more; not shown",
                "<span class=\"before\">" + "a".repeat(UnitSections.MAX_VALUE_CHARS) + "…</span>");
        assertThat(html).doesNotContain("a".repeat(UnitSections.MAX_VALUE_CHARS + 1), "<code>R100</code>");
        assertThat(html.length()).isLessThan(2_000_000);

        UnitView view = UnitView.of(unit(UnitState.APPLIED), List.of(), applied(changes), NO_STACK);
        assertThat(view.lastChange().resources()).hasSize(UnitSections.MAX_CHANGED_RESOURCES);
        assertThat(view.lastChange().resourcesLeftOut()).isEqualTo(50);
        assertThat(view.lastChange().resources().get(0).changes()).hasSize(UnitSections.MAX_VALUE_CHANGES);
        assertThat(view.lastChange().resources().get(0).changesLeftOut()).isEqualTo(10);
        assertThat(view.lastChange().resources().get(0).changes().get(0).before()).hasSize(UnitSections.MAX_VALUE_CHARS + 1);
    }

    @Test
    void theJsonViewCarriesSyncHealthHistoryAndTheStackAsRead() {
        var history = List.of(new io.rambla.status.UnitHistory.Entry(T0, UnitState.APPLIED, COMMIT, "1 modify", java.time.Duration.ofSeconds(42)));
        var live = new StackReads.Live(List.of(new StackInsight.Resource("Queue", "https://sqs/q", "AWS::SQS::Queue", "CREATE_COMPLETE", null, T0)),
                List.of(new StackInsight.Event(T0, "Queue", "AWS::SQS::Queue", "CREATE_FAILED", "no")), Optional.empty());

        UnitView view = UnitView.of(unit(UnitState.APPLIED), history, LastChanges.Of.NONE, live);

        assertThat(view.sync()).isEqualTo("in sync at 0123456");
        assertThat(view.health()).isEqualTo("healthy");
        assertThat(view.history()).singleElement().satisfies(e -> assertThat(e.durationMillis()).isEqualTo(42_000L));
        assertThat(view.resources()).extracting(UnitView.Resource::logicalId).containsExactly("Queue");
        assertThat(view.events()).singleElement().satisfies(e -> assertThat(e.failed()).isTrue());
        assertThat(view.lastChange()).isNull();
        assertThat(UnitView.of(unit(UnitState.APPLIED), history, LastChanges.Of.NONE).resources()).as("the list reads no stack").isNull();
        assertThat(UnitView.of(unit(UnitState.APPLIED), history, LastChanges.Of.NONE, StackReads.Live.unavailable("throttled")).stackReadError())
                .isEqualTo("throttled");
    }
}
