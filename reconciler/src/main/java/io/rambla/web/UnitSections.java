package io.rambla.web;

import io.rambla.apply.StackInsight;
import io.rambla.plan.ResourcePlan;
import io.rambla.plan.UnitChanges;
import io.rambla.plan.ValueChange;
import io.rambla.status.LastChanges;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The parts of a unit's page that come from CloudFormation: its resources, its recent events
 * (failures marked, and after a failed apply repeated first), and the last change applied to it,
 * resource by resource with each property before → after. Pure; every value is escaped and every
 * list is cut at a named bound, saying how much was left out.
 */
final class UnitSections {

    /** At most this many resources of a change are shown, and this many property changes of each. */
    static final int MAX_CHANGED_RESOURCES = 100;
    static final int MAX_VALUE_CHANGES = 20;
    /** A property value longer than this is cut, with an ellipsis. */
    static final int MAX_VALUE_CHARS = 200;

    static final String STYLE = """
            tr.event-failed td{background:#ffeef0}.event-failed .status{color:#cb2431;font-weight:600}
            .failures{border:1px solid #cb2431;background:#ffeef0;padding:.6em 1em;margin:1em 0}
            .mark{font-family:monospace;font-weight:700}.mark-add{color:#22863a}.mark-remove{color:#cb2431}
            .mark-replace{color:#cb2431}.mark-modify{color:#b08800}.before{color:#cb2431}.after{color:#22863a}
            .values{margin:0;padding-left:1em;overflow-wrap:anywhere}.left-out{color:#6a737d}
            """;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private UnitSections() {}

    /** Resources, events and the last change, in that order, as sections of the unit's page. */
    static void append(StringBuilder html, boolean failed, StackReads.Live live, LastChanges.Of last) {
        if (failed) {
            failures(html, last.failed().map(LastChanges.Change::failures).filter(f -> !f.isEmpty())
                    .orElseGet(() -> live.events().stream().filter(StackInsight.Event::failed)
                            .map(e -> new LastChanges.Failure(e.logicalId(), e.type(), e.status(), e.reason())).toList()));
        }
        lastChange(html, last);
        resources(html, live);
        events(html, live);
    }

    /**
     * After a failed apply, the failure events come first: they are what explains it. Those the
     * failed apply recorded are shown, as a failed creation's stack is deleted with its events;
     * without them, the failures among the stack's recent events.
     */
    static void failures(StringBuilder html, List<LastChanges.Failure> failures) {
        if (failures.isEmpty()) {
            return;
        }
        html.append("<div class=\"failures\"><strong>What CloudFormation said</strong><ul>\n");
        for (LastChanges.Failure failure : failures) {
            html.append("<li><code>").append(Html.escape(failure.logicalId())).append("</code> (").append(Html.escape(failure.type()))
                    .append(") ").append(Html.escape(failure.status())).append(": <span class=\"msg\">").append(Html.escape(failure.reason()))
                    .append("</span></li>\n");
        }
        html.append("</ul></div>\n");
    }

    static void resources(StringBuilder html, StackReads.Live live) {
        html.append("<h2>Resources</h2>\n");
        if (live.error().isPresent()) {
            html.append("<p class=\"msg\">").append(Html.escape(live.error().get())).append("</p>\n");
            return;
        }
        if (live.resources().isEmpty()) {
            html.append("<p>No resources: the stack does not exist (yet).</p>\n");
            return;
        }
        html.append("<table class=\"resources\">\n<thead><tr><th>Resource</th><th>Type</th><th>Physical id</th><th>Status</th>"
                + "<th>Updated</th></tr></thead>\n<tbody>\n");
        for (StackInsight.Resource resource : live.resources()) {
            html.append("<tr").append(resource.status() != null && resource.status().endsWith("_FAILED") ? " class=\"event-failed\"" : "")
                    .append("><td><code>").append(Html.escape(resource.logicalId())).append("</code></td>")
                    .append("<td>").append(Html.escape(resource.type())).append("</td>")
                    .append("<td><code>").append(Html.escape(resource.physicalId())).append("</code></td>")
                    .append("<td class=\"status\">").append(Html.escape(resource.status()))
                    .append(resource.reason() == null ? "" : "<div class=\"msg\">" + Html.escape(resource.reason()) + "</div>")
                    .append("</td><td>").append(time(resource.updated())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        if (live.resources().size() >= StackInsight.MAX_RESOURCES) {
            html.append("<p class=\"left-out\">CloudFormation lists at most ").append(StackInsight.MAX_RESOURCES)
                    .append(" resources here; the stack may hold more.</p>\n");
        }
    }

    static void events(StringBuilder html, StackReads.Live live) {
        html.append("<h2>Recent CloudFormation events</h2>\n");
        if (live.error().isPresent()) {
            html.append("<p class=\"msg\">").append(Html.escape(live.error().get())).append("</p>\n");
            return;
        }
        if (live.events().isEmpty()) {
            html.append("<p>No events: the stack does not exist (yet).</p>\n");
            return;
        }
        html.append("<table class=\"events\">\n<thead><tr><th>When</th><th>Resource</th><th>Type</th><th>Status</th><th>Reason</th></tr></thead>\n<tbody>\n");
        for (StackInsight.Event event : live.events()) {
            html.append("<tr").append(event.failed() ? " class=\"event-failed\"" : "").append("><td>").append(time(event.at())).append("</td>")
                    .append("<td><code>").append(Html.escape(event.logicalId())).append("</code></td>")
                    .append("<td>").append(Html.escape(event.type())).append("</td>")
                    .append("<td class=\"status\">").append(Html.escape(event.status())).append("</td>")
                    .append("<td class=\"msg\">").append(Html.escape(event.reason())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n<p class=\"left-out\">The newest ").append(StackReads.EVENTS)
                .append(" events at most, newest first.</p>\n");
    }

    static void lastChange(StringBuilder html, LastChanges.Of last) {
        html.append("<h2>Last applied change</h2>\n");
        if (last.applied().isEmpty()) {
            html.append("<p>None since the daemon started: the sync has not changed this stack yet.</p>\n");
        } else {
            change(html, last.applied().get(), "Applied");
        }
        last.failed().ifPresent(failed -> {
            html.append("<h2>Change that failed</h2>\n");
            change(html, failed, "Attempted");
        });
    }

    private static void change(StringBuilder html, LastChanges.Change change, String verb) {
        UnitChanges changes = change.changes();
        html.append("<p>").append(verb).append(" from <code>").append(Html.escape(change.revision())).append("</code> at ")
                .append(time(change.at())).append(": ").append(Html.escape(summary(changes))).append(".</p>\n");
        if (changes.note() != null) {
            html.append("<p class=\"msg\">").append(Html.escape(changes.note())).append("</p>\n");
        }
        if (!changes.parameters().isEmpty()) {
            html.append("<p>Parameters:</p>").append(values(changes.parameters()));
        }
        if (changes.resources().isEmpty()) {
            return;
        }
        html.append("<table class=\"change\">\n<thead><tr><th></th><th>Resource</th><th>Type</th><th>Replacement</th><th>Properties</th></tr></thead>\n<tbody>\n");
        List<ResourcePlan> shown = changes.resources().stream().limit(MAX_CHANGED_RESOURCES).toList();
        for (ResourcePlan resource : shown) {
            html.append("<tr><td class=\"mark ").append(markClass(resource)).append("\">").append(Html.escape(resource.mark())).append("</td>")
                    .append("<td><code>").append(Html.escape(resource.logicalId())).append("</code></td>")
                    .append("<td>").append(Html.escape(resource.resourceType())).append("</td>")
                    .append("<td>").append(replacement(resource)).append("</td>")
                    .append("<td>").append(values(resource.changes())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        if (changes.resources().size() > shown.size()) {
            html.append("<p class=\"left-out\">").append(changes.resources().size() - shown.size())
                    .append(" more resources changed; not shown.</p>\n");
        }
    }

    /** {@code 1 to add, 2 to change, 1 replaced, 0 removed}, as the plan counts them. */
    static String summary(UnitChanges changes) {
        return changes.action().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": "
                + changes.count(ResourcePlan.Action.ADD) + " added, " + changes.count(ResourcePlan.Action.MODIFY) + " modified, "
                + changes.replacements() + " replaced, " + changes.count(ResourcePlan.Action.REMOVE) + " removed";
    }

    private static String markClass(ResourcePlan resource) {
        return switch (resource.action()) {
            case ADD, IMPORT -> "mark-add";
            case REMOVE -> "mark-remove";
            case MODIFY -> resource.replaces() ? "mark-replace" : "mark-modify";
        };
    }

    private static String replacement(ResourcePlan resource) {
        if (!resource.replaces()) {
            return "–";
        }
        return Html.escape(resource.replacement().name().toLowerCase(Locale.ROOT))
                + (resource.replacementCauses().isEmpty() ? "" : " (" + Html.escape(String.join(", ", resource.replacementCauses())) + ")");
    }

    private static String values(List<ValueChange> changes) {
        if (changes.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<ul class=\"values\">");
        changes.stream().limit(MAX_VALUE_CHANGES).forEach(change -> out.append("<li><code>").append(Html.escape(change.path()))
                .append("</code>: ").append(change.before() == null ? "" : "<span class=\"before\">" + Html.escape(cut(change.before())) + "</span>")
                .append(change.before() != null && change.after() != null ? " &rarr; " : change.before() == null ? "(added) " : " (removed)")
                .append(change.after() == null ? "" : "<span class=\"after\">" + Html.escape(cut(change.after())) + "</span>").append("</li>"));
        if (changes.size() > MAX_VALUE_CHANGES) {
            out.append("<li class=\"left-out\">").append(changes.size() - MAX_VALUE_CHANGES).append(" more; not shown</li>");
        }
        return out.append("</ul>").toString();
    }

    /** A value cut at {@link #MAX_VALUE_CHARS}, with an ellipsis. */
    static String cut(String value) {
        return value == null || value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS) + "…";
    }

    private static String time(Instant at) {
        return at == null ? "–" : "<time datetime=\"" + at + "\">" + TIME.format(at) + "</time>";
    }
}
