package io.rambla.status.github;

import io.rambla.githost.CommitStatus;
import io.rambla.githost.GitHostConfigured;
import io.rambla.githost.github.GitHubConfig;
import io.micronaut.context.annotation.Requires;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Mirrors a sync onto the commit as statuses on the git host: one per unit ({@code rambla/<unit id>}),
 * pending while it waits or applies and then its outcome, and a summary ({@code rambla}) for the
 * whole commit. Only queues writes, so a slow or unreachable host never slows a sync.
 */
@Singleton
@Requires(condition = GitHostConfigured.class)
public class CommitStatusReporter implements SyncListener {

    /** The context of the summary status; unit statuses are {@code rambla/<unit id>}. */
    public static final String SUMMARY_CONTEXT = "rambla";

    private final GitHubOutbox outbox;
    private final String publicUrl;

    public CommitStatusReporter(GitHubOutbox outbox, GitHubConfig config) {
        this(outbox, config.publicUrl());
    }

    public CommitStatusReporter(GitHubOutbox outbox, String publicUrl) {
        this.outbox = outbox;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Override
    public void syncStarted(String revision, List<String> unitIds) {
        outbox.status(revision, summary(CommitStatus.State.PENDING, "syncing " + plural(unitIds.size(), "unit")));
        for (String id : unitIds) {
            outbox.status(revision, unit(id, CommitStatus.State.PENDING, "waiting for its turn"));
        }
    }

    @Override
    public void unitChanged(String revision, UnitStatus status) {
        outbox.status(revision, forUnit(status));
    }

    @Override
    public void syncFinished(String revision, List<UnitStatus> units) {
        // Repeats the final unit statuses: the duplicate check makes this free when nothing was missed.
        Map<UnitState, Long> counts = new EnumMap<>(UnitState.class);
        for (UnitStatus status : units) {
            CommitStatus unitStatus = finalStatus(status);
            outbox.status(revision, unitStatus);
            counts.merge(status.state(), 1L, Long::sum);
        }
        outbox.status(revision, summary(summaryState(counts), summaryText(counts)));
    }

    /** The held commit's unit status stops saying "pending" for ever: it says which commit came instead. */
    @Override
    public void unitSuperseded(String heldRevision, String unitId, String newerRevision) {
        outbox.status(heldRevision, unit(unitId, CommitStatus.State.ERROR, "superseded by "
                + newerRevision.substring(0, Math.min(7, newerRevision.length())) + " before it was approved; not applied"));
    }

    /** The status of one unit in its current state. */
    CommitStatus forUnit(UnitStatus status) {
        String stack = status.stack();
        return switch (status.state()) {
            case PENDING -> unit(status.id(), CommitStatus.State.PENDING, "waiting for its turn");
            case APPLYING -> unit(status.id(), CommitStatus.State.PENDING, "applying stack " + stack);
            case APPLIED -> unit(status.id(), CommitStatus.State.SUCCESS, orElse(status.message(), "stack " + stack + " is up to date"));
            case FAILED -> unit(status.id(), CommitStatus.State.FAILURE, orElse(status.message(), "stack " + stack + " failed"));
            case INVALID -> unit(status.id(), CommitStatus.State.FAILURE, orElse(status.message(), "the commit does not validate"));
            case BLOCKED -> unit(status.id(), CommitStatus.State.FAILURE, orElse(status.message(), "not attempted: an upstream unit failed"));
            case PLANNED -> unit(status.id(), CommitStatus.State.SUCCESS, orElse(status.message(), "plan only: nothing applied"));
            case ORPHANED -> unit(status.id(), CommitStatus.State.SUCCESS, orElse(status.message(), "removed from git; stack kept"));
            case PRUNED -> unit(status.id(), CommitStatus.State.SUCCESS, orElse(status.message(), "removed from git; stack deleted"));
            case PAUSED -> unit(status.id(), CommitStatus.State.PENDING, orElse(status.message(), "paused by an operator: not applied"));
            case AWAITING_APPROVAL -> unit(status.id(), CommitStatus.State.PENDING, orElse(status.message(), "awaiting approval"));
        };
    }

    /** At the end of a sync a unit still pending or applying was cut short: that is our error, not the commit's. */
    private CommitStatus finalStatus(UnitStatus status) {
        if (status.state() == UnitState.PENDING || status.state() == UnitState.APPLYING) {
            return unit(status.id(), CommitStatus.State.ERROR, "the sync ended before this unit finished");
        }
        return forUnit(status);
    }

    private static CommitStatus.State summaryState(Map<UnitState, Long> counts) {
        if (counts.containsKey(UnitState.FAILED) || counts.containsKey(UnitState.INVALID) || counts.containsKey(UnitState.BLOCKED)) {
            return CommitStatus.State.FAILURE;
        }
        if (counts.containsKey(UnitState.PENDING) || counts.containsKey(UnitState.APPLYING)) {
            return CommitStatus.State.ERROR;
        }
        // Not applied yet, and not failed: the commit is pending until an operator approves it.
        if (counts.containsKey(UnitState.AWAITING_APPROVAL)) {
            return CommitStatus.State.PENDING;
        }
        return CommitStatus.State.SUCCESS;
    }

    private static String summaryText(Map<UnitState, Long> counts) {
        if (counts.isEmpty()) {
            return "no units to reconcile";
        }
        if (counts.containsKey(UnitState.INVALID)) {
            return "the commit does not validate; nothing applied";
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(CommitStatusReporter::badNewsFirst)))
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase())
                .collect(Collectors.joining(", "));
    }

    private static int badNewsFirst(UnitState state) {
        return switch (state) {
            case FAILED -> 0;
            case BLOCKED -> 1;
            case INVALID -> 2;
            case APPLYING -> 3;
            case PENDING -> 4;
            case PLANNED -> 5;
            case ORPHANED -> 5;
            case APPLIED -> 6;
            case PRUNED -> 7;
            case PAUSED -> 3;
            case AWAITING_APPROVAL -> 3;
        };
    }

    private CommitStatus unit(String id, CommitStatus.State state, String description) {
        return new CommitStatus(state, unitUrl(id), description, SUMMARY_CONTEXT + "/" + id);
    }

    private CommitStatus summary(CommitStatus.State state, String description) {
        return new CommitStatus(state, publicUrl + "/api/units", description, SUMMARY_CONTEXT);
    }

    /** The unit's page on the daemon's status API; ids keep their slash ({@code district/main}). */
    String unitUrl(String id) {
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("%2F", "/").replace("+", "%20");
        return publicUrl + "/api/units/" + encoded;
    }

    private static String orElse(String message, String fallback) {
        return message == null || message.isBlank() ? fallback : message;
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
