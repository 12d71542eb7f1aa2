package io.rambla.plan;

import io.rambla.plan.PullRequestPlan.UnitPlan;
import io.rambla.plan.ReviewPlanner.ChangeSetRequest;
import io.rambla.plan.ReviewPlanner.ChangeSetResult;
import io.rambla.render.ParameterValue;
import io.rambla.render.RenderedUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resource- and property-level plan of every unit, from what a review gathered: the counted
 * plan, the change sets, and the live templates. Pure: the caller fetched everything.
 */
public final class PlanDetails {

    /** What a desired parameter shows while its value is an upstream output not known yet. */
    public static final String KNOWN_AFTER_UPSTREAM = "(known after upstream is applied)";

    private PlanDetails() {}

    /**
     * @param requests      the change sets asked for, by unit id
     * @param computed      their results, by unit id
     * @param liveTemplates the live templates by stack name; a missing name means no stack (or none read)
     */
    public static List<UnitChanges> of(PullRequestPlan plan, List<RenderedUnit> units, Map<String, ChangeSetRequest> requests,
                                       Map<String, ChangeSetResult> computed, Map<String, LiveTemplate> liveTemplates) {
        Map<String, RenderedUnit> byId = new TreeMap<>();
        units.forEach(u -> byId.put(u.id(), u));
        List<UnitChanges> details = new ArrayList<>();
        for (UnitPlan unitPlan : plan.units()) {
            RenderedUnit unit = byId.get(unitPlan.unitId());
            if (unitPlan.unchanged() || unit == null) {
                details.add(UnitChanges.none(unitPlan.unitId(), unitPlan.stackName()));
                continue;
            }
            if (unitPlan.failed()) {
                details.add(new UnitChanges(unitPlan.unitId(), unitPlan.stackName(), UnitChanges.StackAction.FAILED,
                        List.of(), List.of(), unitPlan.note()));
                continue;
            }
            LiveTemplate live = liveTemplates.get(unitPlan.stackName());
            ChangeSetRequest request = requests.get(unitPlan.unitId());
            ChangeSetResult result = computed.get(unitPlan.unitId());
            String note = unitPlan.note();
            if (request != null && result instanceof ChangeSetResult.Computed c) {
                TemplateDiff.Result diff;
                try {
                    diff = TemplateDiff.between(request.create() || live == null ? null : live.body(),
                            live == null ? Map.of() : live.parameters(), request.desired().templateBody(), request.desired().parameters());
                } catch (IllegalArgumentException e) {
                    diff = new TemplateDiff.Result(List.of(), List.of());
                    note = join(note, "property values unknown: " + e.getMessage());
                }
                var action = request.create() ? UnitChanges.StackAction.CREATE : UnitChanges.StackAction.UPDATE;
                UnitChanges assembled = PlanAssembly.fromChangeSet(unitPlan.unitId(), unitPlan.stackName(), action, c.changeSet(), diff);
                details.add(new UnitChanges(assembled.unitId(), assembled.stackName(), assembled.action(), assembled.resources(),
                        assembled.parameters(), note));
                continue;
            }
            // No change set: an upstream unit changes first, or a failed creation is replaced. The tree diff says what it can.
            Map<String, String> parameters = new TreeMap<>();
            unit.stack().parameters().forEach((name, value) -> parameters.put(name,
                    value instanceof ParameterValue.Literal literal ? literal.value() : KNOWN_AFTER_UPSTREAM));
            boolean afterUpstream = note != null && note.contains("upstream");
            TemplateDiff.Result diff;
            try {
                diff = TemplateDiff.between(afterUpstream && live != null ? live.body() : null,
                        live == null ? Map.of() : live.parameters(), unit.stack().templateBody(), parameters);
            } catch (IllegalArgumentException e) {
                diff = new TemplateDiff.Result(List.of(), List.of());
                note = join(note, "property values unknown: " + e.getMessage());
            }
            details.add(PlanAssembly.fromDiff(unitPlan.unitId(), unitPlan.stackName(),
                    afterUpstream ? UnitChanges.StackAction.AFTER_UPSTREAM : UnitChanges.StackAction.CREATE, diff, note));
        }
        return details;
    }

    private static String join(String note, String more) {
        return note == null || note.isBlank() ? more : note + "; " + more;
    }
}
