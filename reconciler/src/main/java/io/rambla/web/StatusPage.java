package io.rambla.web;

import io.rambla.cluster.ClusterView;
import io.rambla.drift.StackDrift;
import io.rambla.status.UnitCondition;
import io.rambla.status.UnitHistory;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the status pages as plain HTML, escaping every value that came from git, AWS or an
 * error message. No scripts: the overview reloads itself every {@value #REFRESH_SECONDS} seconds.
 */
final class StatusPage {

    static final int REFRESH_SECONDS = 5;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1b1f23}
            h1{font-size:1.4em}table{border-collapse:collapse;width:100%}
            th,td{text-align:left;padding:.35em .6em;border-bottom:1px solid #ddd;vertical-align:top}
            th{background:#f4f5f7}code{font-size:.95em}.msg{white-space:pre-wrap;word-break:break-word;max-width:50em}
            .state{display:inline-block;padding:.1em .5em;border-radius:.6em;font-weight:600;font-size:.85em;color:#fff}
            .pending{background:#6a737d}.applying{background:#0366d6}.applied{background:#22863a}
            .failed{background:#cb2431}.invalid{background:#b08800}.blocked{background:#6f42c1}.paused{background:#586069}
            .awaiting_approval{background:#e36209}.sync-awaiting_approval{color:#e36209}.approve{margin:1em 0}
            .drift{font-size:.85em;font-weight:600}.drift.drifted{color:#cb2431}.drift.in_sync{color:#22863a}
            .drift.unavailable,.drift.unknown,.drift.not_checked{color:#6a737d}
            .sync,.health{font-size:.85em;font-weight:600}.sync-in_sync,.health-healthy{color:#22863a}
            .sync-out_of_sync,.health-progressing{color:#0366d6}.sync-invalid_commit,.health-degraded{color:#b08800}
            .sync-waiting_on{color:#6f42c1}.sync-paused,.health-missing{color:#6a737d}.health-failed{color:#cb2431}
            .banner{border:1px solid #b08800;background:#fff8e1;padding:.6em 1em;margin:1em 0}
            .repo{background:#f6f8fa;border:1px solid #e1e4e8;padding:.2em 1em}.fetch-error{color:#cb2431;font-weight:600}
            """ + GraphSvg.STYLE + UnitSections.STYLE + """
            .summary span{margin-right:1em}footer{margin-top:2em;color:#6a737d}a{color:#0366d6}
            """;

    private StatusPage() {}

    /** The overview: one row per unit. */
    static String overview(List<UnitStatus> units, Instant now) {
        return overview(units, Optional.empty(), now);
    }

    /** The overview, with the cluster's daemons when this daemon is one of several. */
    static String overview(List<UnitStatus> units, Optional<ClusterView> cluster, Instant now) {
        return overview(units, cluster, Optional.empty(), now);
    }

    /** The overview under a header that says which repository, branch and commit are followed. */
    static String overview(List<UnitStatus> units, Optional<ClusterView> cluster, Optional<RepositoryHeader.View> repository, Instant now) {
        return overview(units, cluster, repository, Map.of(), now);
    }

    /** The overview with the dependency graph of the units declared by the last revision. */
    static String overview(List<UnitStatus> units, Optional<ClusterView> cluster, Optional<RepositoryHeader.View> repository,
            Map<String, List<String>> dependsOn, Instant now) {
        StringBuilder html = new StringBuilder();
        head(html, "Rambla status", true);
        html.append("<h1>Rambla: ").append(units.size()).append(units.size() == 1 ? " unit" : " units").append("</h1>\n");
        repository.filter(view -> !view.repository().isEmpty()).ifPresent(view -> repositoryHeader(html, view));
        html.append("<p class=\"summary\">");
        counts(units).forEach((state, n) -> html.append("<span>").append(badge(state)).append(' ').append(n).append("</span>"));
        html.append("</p>\n");
        cluster.ifPresent(view -> cluster(html, view));
        invalidCommitBanner(html, units);
        if (!dependsOn.isEmpty()) {
            Map<String, UnitStatus> byId = new java.util.HashMap<>();
            units.forEach(unit -> byId.put(unit.id(), unit));
            html.append(GraphSvg.render(dependsOn, byId));
        }
        if (units.isEmpty()) {
            html.append("<p>No units yet: the first sync has not read the repository, or it declares none.</p>\n");
        } else {
            html.append("<table>\n<thead><tr><th>Unit</th><th>Kind</th><th>Stack</th><th>State</th><th>Sync</th><th>Health</th>"
                    + "<th>Attempted</th><th>Applied</th><th>Changed</th><th>Drift</th><th>Message</th></tr></thead>\n<tbody>\n");
            for (UnitStatus unit : units) {
                html.append("<tr><td><a href=\"/units/").append(Html.escape(Html.pathOf(unit.id()))).append("\">")
                        .append(Html.escape(unit.id())).append("</a></td>")
                        .append("<td>").append(Html.escape(unit.kind())).append("</td>")
                        .append("<td><code>").append(Html.escape(unit.stack())).append("</code></td>")
                        .append("<td>").append(badge(unit.state())).append("</td>")
                        .append("<td>").append(sync(UnitCondition.of(unit).sync())).append("</td>")
                        .append("<td>").append(health(UnitCondition.of(unit).health())).append("</td>")
                        .append("<td>").append(revision(unit.lastAttemptedRevision())).append("</td>")
                        .append("<td>").append(revision(unit.lastAppliedRevision())).append("</td>")
                        .append("<td>").append(time(unit.updatedAt())).append("</td>")
                        .append("<td>").append(drift(unit.drift())).append("</td>")
                        .append("<td class=\"msg\">").append(Html.escape(unit.message())).append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        foot(html, now);
        return html.toString();
    }

    /**
     * A commit that does not validate is news about the commit, not about the units: one banner
     * with its errors, while every unit stays healthy at the revision it was last applied from.
     */
    static void invalidCommitBanner(StringBuilder html, List<UnitStatus> units) {
        units.stream().filter(u -> u.state() == UnitState.INVALID).findFirst().ifPresent(invalid -> html
                .append("<div class=\"banner\"><strong>Commit ").append(revision(invalid.lastAttemptedRevision()))
                .append(" does not validate; nothing of it is applied, and every unit stays at the revision it was last applied from.</strong>")
                .append("<pre class=\"msg\">").append(Html.escape(invalid.message())).append("</pre></div>\n"));
    }

    static String sync(UnitCondition.Sync sync) {
        String kind = sync instanceof UnitCondition.Sync.InSync ? "in_sync"
                : sync instanceof UnitCondition.Sync.InvalidCommit ? "invalid_commit"
                : sync instanceof UnitCondition.Sync.WaitingOn ? "waiting_on"
                : sync instanceof UnitCondition.Sync.Paused ? "paused"
                : sync instanceof UnitCondition.Sync.AwaitingApproval ? "awaiting_approval"
                : "out_of_sync";
        return "<span class=\"sync sync-" + kind + "\">" + Html.escape(sync.text()) + "</span>";
    }

    static String health(UnitCondition.Health health) {
        return "<span class=\"health health-" + health.text() + "\">" + health.text() + "</span>";
    }

    /** Repository, branch, head commit (linked to its host), last fetch or its error, sync in progress, next poll. */
    static void repositoryHeader(StringBuilder html, RepositoryHeader.View view) {
        html.append("<div class=\"repo\"><p>Following <code>").append(Html.escape(view.repository()))
                .append("</code>, branch <code>").append(Html.escape(view.branch())).append("</code>");
        if (view.head().isPresent()) {
            var commit = view.head().get();
            String sha = "<code>" + Html.escape(commit.revision().substring(0, Math.min(7, commit.revision().length()))) + "</code>";
            html.append(", at ").append(view.commitUrl()
                    .map(url -> "<a class=\"commit\" href=\"" + Html.escape(url) + "\">" + sha + "</a>").orElse(sha));
            if (commit.subject() != null) {
                html.append(" &ldquo;").append(Html.escape(commit.subject())).append("&rdquo;");
            }
            if (commit.author() != null) {
                html.append(" by ").append(Html.escape(commit.author()));
            }
            if (commit.time() != null) {
                html.append(", ").append(time(commit.time()));
            }
        } else {
            html.append(", no commit fetched yet");
        }
        html.append(".</p>\n<p>");
        if (view.fetchError().isPresent()) {
            html.append("<span class=\"fetch-error\">Fetching fails since ").append(time(view.failingSince().orElse(null)))
                    .append(": ").append(Html.escape(view.fetchError().get())).append("</span>");
        } else {
            html.append("Last fetch ").append(view.lastFetch().map(StatusPage::time).orElse("not yet"));
        }
        html.append(view.syncing() ? "; <strong>sync in progress</strong>" : "; no sync running");
        view.nextPoll().ifPresent(next -> html.append("; next poll ").append(time(next)));
        html.append(".</p></div>\n");
    }

    private static void cluster(StringBuilder html, ClusterView view) {
        html.append("<p class=\"cluster\">Cluster <code>").append(Html.escape(view.name())).append("</code>: ")
                .append(view.aliveCount()).append(" of ").append(view.daemons().size()).append(" daemons alive");
        for (ClusterView.Daemon daemon : view.daemons()) {
            html.append("; <code>").append(Html.escape(daemon.id())).append("</code> ")
                    .append(daemon.id().equals(view.self()) ? "(this one) " : "")
                    .append(daemon.alive() ? "alive" : "silent").append(", checked in ").append(time(daemon.lastCheckin()));
        }
        html.append("</p>\n");
    }

    /** One unit: its latest state and message, and its recent history, newest first. */
    static String unit(UnitStatus unit, List<UnitHistory.Entry> history, Instant now) {
        return unit(unit, history, null, io.rambla.status.LastChanges.Of.NONE, now);
    }

    /**
     * One unit with what CloudFormation says of its stack: {@code live} (null to leave the
     * resources and events out) and the last change applied to it.
     */
    static String unit(UnitStatus unit, List<UnitHistory.Entry> history, StackReads.Live live,
            io.rambla.status.LastChanges.Of lastChange, Instant now) {
        StringBuilder html = new StringBuilder();
        // A held unit's page does not reload itself: the reload would wipe the token being typed.
        head(html, "Rambla: " + unit.id(), unit.state() != UnitState.AWAITING_APPROVAL);
        html.append("<p><a href=\"/\">&larr; all units</a></p>\n");
        html.append("<h1>").append(Html.escape(unit.id())).append(' ').append(badge(unit.state())).append("</h1>\n");
        html.append("<table>\n")
                .append(row("Kind", Html.escape(unit.kind())))
                .append(row("Stack", "<code>" + Html.escape(unit.stack()) + "</code>"
                        + (unit.region() == null ? "" : " in " + Html.escape(unit.region()))))
                .append(row("Last attempted revision", fullRevision(unit.lastAttemptedRevision())))
                .append(row("Last applied revision", fullRevision(unit.lastAppliedRevision())))
                .append(row("Changed", time(unit.updatedAt())))
                .append(row("Sync", sync(UnitCondition.of(unit).sync())))
                .append(row("Health", health(UnitCondition.of(unit).health())))
                .append(row("Message", "<span class=\"msg\">" + Html.escape(unit.message()) + "</span>"))
                .append("</table>\n");
        if (unit.state() == UnitState.AWAITING_APPROVAL) {
            approveForm(html, unit);
        }
        if (live != null) {
            UnitSections.append(html, unit.state() == UnitState.FAILED, live, lastChange);
        }
        driftSection(html, unit.drift());
        html.append("<h2>History</h2>\n");
        if (history.isEmpty()) {
            html.append("<p>No operation recorded yet.</p>\n");
        } else {
            html.append("<table>\n<thead><tr><th>When</th><th>Outcome</th><th>Revision</th><th>Took</th><th>Message</th></tr></thead>\n<tbody>\n");
            for (UnitHistory.Entry entry : history) {
                html.append("<tr><td>").append(time(entry.at())).append("</td>")
                        .append("<td>").append(badge(entry.state())).append("</td>")
                        .append("<td>").append(revision(entry.revision())).append("</td>")
                        .append("<td>").append(took(entry.duration())).append("</td>")
                        .append("<td class=\"msg\">").append(Html.escape(entry.message())).append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        html.append("<p><a href=\"/api/units/").append(Html.escape(Html.pathOf(unit.id()))).append("\">as JSON</a></p>\n");
        foot(html, now);
        return html.toString();
    }

    /** How long an operation took, to the second: {@code 2m 05s}; a dash when it did not apply. */
    static String took(java.time.Duration duration) {
        if (duration == null) {
            return "&ndash;";
        }
        long seconds = Math.round(duration.toMillis() / 1000.0);
        return seconds < 60 ? seconds + "s" : String.format(java.util.Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    }

    /** The last drift check: when, what it found, and every drifted resource with its differences. */
    private static void driftSection(StringBuilder html, StackDrift drift) {
        html.append("<h2>Drift</h2>\n");
        if (drift == null) {
            html.append("<p>No drift check: the stack has not been applied since the daemon started.</p>\n");
            return;
        }
        html.append("<table>\n")
                .append(row("Status", drift(drift)))
                .append(row("Checked", time(drift.checkedAt())));
        if (drift.message() != null) {
            html.append(row("Note", "<span class=\"msg\">" + Html.escape(drift.message()) + "</span>"));
        }
        html.append("</table>\n");
        if (!drift.resources().isEmpty()) {
            html.append("<table>\n<thead><tr><th>Resource</th><th>Type</th><th>Drift</th><th>Differences</th></tr></thead>\n<tbody>\n");
            for (StackDrift.DriftedResource resource : drift.resources()) {
                html.append("<tr><td><code>").append(Html.escape(resource.logicalId())).append("</code></td>")
                        .append("<td>").append(Html.escape(resource.type())).append("</td>")
                        .append("<td>").append(Html.escape(resource.status().toLowerCase(Locale.ROOT))).append("</td>")
                        .append("<td class=\"msg\">").append(Html.escape(String.join("\n", resource.differences()))).append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
    }

    private static String drift(StackDrift drift) {
        if (drift == null) {
            return "–";
        }
        String name = drift.status().name().toLowerCase(Locale.ROOT);
        String text = name.replace('_', ' ') + (drift.status() == StackDrift.Status.DRIFTED ? " (" + drift.resources().size() + ")" : "");
        return "<span class=\"drift " + name + "\" title=\"" + Html.escape(drift.message() == null ? "" : drift.message()) + "\">"
                + Html.escape(text) + "</span>";
    }

    /**
     * The approve button of a held unit: approves the commit shown, not whatever is held when the
     * form arrives. No script: the operator token goes in the form (or the browser's credentials).
     */
    static void approveForm(StringBuilder html, UnitStatus unit) {
        String revision = unit.lastAttemptedRevision() == null ? "" : unit.lastAttemptedRevision();
        html.append("<form class=\"approve\" method=\"post\" action=\"/units/").append(Html.escape(Html.pathOf(unit.id())))
                .append("/approve\"><input type=\"hidden\" name=\"revision\" value=\"").append(Html.escape(revision)).append("\">")
                .append("<label>Operator token <input type=\"password\" name=\"token\" autocomplete=\"off\"></label> ")
                .append("<button type=\"submit\">Approve ").append(Html.escape(unit.id())).append(" at ")
                .append(Html.escape(revision.substring(0, Math.min(7, revision.length())))).append("</button></form>\n");
    }

    static String notFound(String id, Instant now) {
        StringBuilder html = new StringBuilder();
        head(html, "Rambla: unknown unit", false);
        html.append("<p><a href=\"/\">&larr; all units</a></p>\n<h1>No unit ").append(Html.escape(id)).append("</h1>\n")
                .append("<p>The daemon knows no unit with this id. Ids read like <code>district/main</code>, "
                        + "<code>endpoint/main/public</code> or <code>app/shop/production</code>.</p>\n");
        foot(html, now);
        return html.toString();
    }

    private static void head(StringBuilder html, String title, boolean refresh) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        if (refresh) {
            html.append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">\n");
        }
        html.append("<title>").append(Html.escape(title)).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
    }

    private static void foot(StringBuilder html, Instant now) {
        html.append("<footer>Rendered ").append(time(now))
                .append(". <a href=\"/api/units\">/api/units</a> · <a href=\"/health\">/health</a> · <a href=\"/prometheus\">/prometheus</a></footer>\n")
                .append("</body>\n</html>\n");
    }

    private static Map<UnitState, Integer> counts(List<UnitStatus> units) {
        Map<UnitState, Integer> counts = new EnumMap<>(UnitState.class);
        units.forEach(u -> counts.merge(u.state(), 1, Integer::sum));
        return counts;
    }

    private static String row(String name, String valueHtml) {
        return "<tr><th>" + Html.escape(name) + "</th><td>" + valueHtml + "</td></tr>\n";
    }

    private static String badge(UnitState state) {
        String name = state.name().toLowerCase(Locale.ROOT);
        return "<span class=\"state " + name + "\">" + name + "</span>";
    }

    private static String revision(String revision) {
        if (revision == null || revision.isEmpty()) {
            return "–";
        }
        String shortened = revision.length() > 7 ? revision.substring(0, 7) : revision;
        return "<code title=\"" + Html.escape(revision) + "\">" + Html.escape(shortened) + "</code>";
    }

    private static String fullRevision(String revision) {
        return revision == null || revision.isEmpty() ? "–" : "<code>" + Html.escape(revision) + "</code>";
    }

    private static String time(Instant at) {
        return at == null ? "–" : "<time datetime=\"" + at + "\">" + TIME.format(at) + "</time>";
    }
}
