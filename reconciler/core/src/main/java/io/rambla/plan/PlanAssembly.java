package io.rambla.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts the two sources of a plan together, purely: CloudFormation's change set says what happens to
 * each resource and whether it is replaced; the template tree diff says which properties change from
 * what to what (a change set from the emulator carries no values, and one from AWS carries them only
 * for some). The change set wins on actions and replacement; the tree diff fills in values, and
 * stands alone where there is no change set (offline).
 */
public final class PlanAssembly {

    private PlanAssembly() {}

    /** A plan made of the tree diff alone: offline, or when no change set could be made. */
    public static UnitChanges fromDiff(String unitId, String stackName, UnitChanges.StackAction action,
                                       TemplateDiff.Result diff, String note) {
        return new UnitChanges(unitId, stackName, action, diff.resources(), diff.parameters(), note);
    }

    /** A plan from a computed change set, completed by the tree diff between the live and desired templates. */
    public static UnitChanges fromChangeSet(String unitId, String stackName, UnitChanges.StackAction action,
                                            ChangeSet changeSet, TemplateDiff.Result diff) {
        if (changeSet.empty()) {
            return UnitChanges.none(unitId, stackName);
        }
        Map<String, ResourcePlan> fromDiff = new LinkedHashMap<>();
        diff.resources().forEach(r -> fromDiff.put(r.logicalId(), r));
        List<ResourcePlan> resources = new ArrayList<>();
        for (ChangeSet.ResourceChange change : changeSet.changes()) {
            ResourcePlan known = fromDiff.remove(change.logicalId());
            ResourcePlan.Action resourceAction = action(change.action());
            ResourcePlan.Replacement replacement = resourceAction == ResourcePlan.Action.MODIFY
                    ? ResourcePlan.Replacement.of(change.replacement()) : ResourcePlan.Replacement.FALSE;
            List<String> causes = !change.replacementCauses().isEmpty() || known == null || replacement == ResourcePlan.Replacement.FALSE
                    ? change.replacementCauses()
                    : known.replacementCauses().isEmpty() ? changedTopLevel(known) : known.replacementCauses();
            String type = change.resourceType() == null && known != null ? known.resourceType() : change.resourceType();
            resources.add(new ResourcePlan(resourceAction, change.logicalId(), type, replacement, causes,
                    known == null || known.changes().isEmpty() ? change.values() : known.changes()));
        }
        // What the tree diff sees but the change set does not name (a change set cut short): kept, never dropped.
        resources.addAll(fromDiff.values());
        return new UnitChanges(unitId, stackName, action, resources, diff.parameters(), null);
    }

    private static List<String> changedTopLevel(ResourcePlan resource) {
        return resource.changes().stream()
                .map(c -> c.path().split("[.\\[]", 2)[0])
                .distinct()
                .toList();
    }

    private static ResourcePlan.Action action(String text) {
        return switch (text == null ? "" : text.toLowerCase(Locale.ROOT)) {
            case "add" -> ResourcePlan.Action.ADD;
            case "remove" -> ResourcePlan.Action.REMOVE;
            case "import" -> ResourcePlan.Action.IMPORT;
            default -> ResourcePlan.Action.MODIFY;
        };
    }
}
