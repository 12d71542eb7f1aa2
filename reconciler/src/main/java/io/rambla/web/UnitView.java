package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.rambla.apply.StackInsight;
import io.rambla.drift.StackDrift;
import io.rambla.plan.ResourcePlan;
import io.rambla.plan.ValueChange;
import io.rambla.status.LastChanges;
import io.rambla.status.UnitCondition;
import io.rambla.status.UnitHistory;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A unit as the JSON API shows it: its status (the same fields as before), its sync and health
 * apart, its history, its last applied change (and a later one that failed) resource by resource,
 * and, for one unit ({@code /api/units/<id>}), its stack's resources and recent events. Lists and
 * values are cut at the page's bounds ({@link UnitSections}).
 */
@Serdeable
public record UnitView(String id, String kind, String stack, UnitState state, @Nullable String lastAttemptedRevision,
                       @Nullable String lastAppliedRevision, @Nullable String message, Instant updatedAt, @Nullable StackDrift drift,
                       @Nullable String region, String sync, String health, List<HistoryEntry> history,
                       @Nullable Change lastChange, @Nullable Change failedChange,
                       @Nullable List<Resource> resources, @Nullable List<Event> events, @Nullable String stackReadError) {

    @Serdeable
    public record HistoryEntry(Instant at, UnitState state, @Nullable String revision, @Nullable String message,
                               @Nullable Long durationMillis) {}

    /** An executed change set: {@code resourcesLeftOut} counts the resources past the bound. */
    @Serdeable
    public record Change(String revision, Instant at, String action, @Nullable String note, List<Value> parameters,
                         List<ChangedResource> resources, int resourcesLeftOut, List<Failure> failures) {}

    /** A failure event CloudFormation recorded during a change that failed. */
    @Serdeable
    public record Failure(@Nullable String logicalId, @Nullable String type, @Nullable String status, @Nullable String reason) {}

    @Serdeable
    public record ChangedResource(String action, String logicalId, String type, String replacement, List<String> replacementCauses,
                                  List<Value> changes, int changesLeftOut) {}

    @Serdeable
    public record Value(String path, @Nullable String before, @Nullable String after) {}

    @Serdeable
    public record Resource(String logicalId, @Nullable String physicalId, @Nullable String type, @Nullable String status,
                           @Nullable String reason, @Nullable Instant updated) {}

    @Serdeable
    public record Event(@Nullable Instant at, @Nullable String logicalId, @Nullable String type, @Nullable String status,
                        @Nullable String reason, boolean failed) {}

    /** A unit of the list: no AWS call is made for it, so no resources or events. */
    static UnitView of(UnitStatus unit, List<UnitHistory.Entry> history, LastChanges.Of last) {
        return of(unit, history, last, null);
    }

    /** One unit, with what was read of its stack ({@code live} null to leave it out). */
    static UnitView of(UnitStatus unit, List<UnitHistory.Entry> history, LastChanges.Of last, StackReads.Live live) {
        UnitCondition condition = UnitCondition.of(unit);
        return new UnitView(unit.id(), unit.kind(), unit.stack(), unit.state(), unit.lastAttemptedRevision(), unit.lastAppliedRevision(),
                unit.message(), unit.updatedAt(), unit.drift(), unit.region(), condition.sync().text(), condition.health().text(),
                history.stream().map(e -> new HistoryEntry(e.at(), e.state(), e.revision(), e.message(),
                        e.duration() == null ? null : e.duration().toMillis())).toList(),
                last.applied().map(UnitView::change).orElse(null), last.failed().map(UnitView::change).orElse(null),
                live == null ? null : live.resources().stream().map(r -> new Resource(r.logicalId(), r.physicalId(), r.type(), r.status(),
                        r.reason(), r.updated())).toList(),
                live == null ? null : live.events().stream().map(UnitView::event).toList(),
                live == null ? null : live.error().orElse(null));
    }

    private static Event event(StackInsight.Event e) {
        return new Event(e.at(), e.logicalId(), e.type(), e.status(), e.reason(), e.failed());
    }

    private static Change change(LastChanges.Change change) {
        var changes = change.changes();
        List<ChangedResource> resources = changes.resources().stream().limit(UnitSections.MAX_CHANGED_RESOURCES)
                .map(UnitView::resource).toList();
        return new Change(change.revision(), change.at(), changes.action().name().toLowerCase(Locale.ROOT), changes.note(),
                values(changes.parameters()), resources, changes.resources().size() - resources.size(),
                change.failures().stream().map(f -> new Failure(f.logicalId(), f.type(), f.status(), f.reason())).toList());
    }

    private static ChangedResource resource(ResourcePlan r) {
        List<Value> values = values(r.changes());
        return new ChangedResource(r.replaces() ? "replace" : r.action().name().toLowerCase(Locale.ROOT), r.logicalId(), r.resourceType(),
                r.replacement().name().toLowerCase(Locale.ROOT), r.replacementCauses(), values, r.changes().size() - values.size());
    }

    private static List<Value> values(List<ValueChange> changes) {
        return changes.stream().limit(UnitSections.MAX_VALUE_CHANGES)
                .map(c -> new Value(c.path(), UnitSections.cut(c.before()), UnitSections.cut(c.after()))).toList();
    }
}
