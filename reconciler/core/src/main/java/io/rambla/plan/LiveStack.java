package io.rambla.plan;

import java.time.Instant;
import java.util.Map;

/**
 * What CloudFormation says about a stack right now.
 *
 * @param driftStatus    the stack's {@code DriftInformation.StackDriftStatus} ({@code NOT_CHECKED},
 *                       {@code IN_SYNC}, {@code DRIFTED}, {@code UNKNOWN}); {@code NOT_CHECKED} when not given
 * @param driftCheckedAt when CloudFormation last finished a drift check of the stack, if ever
 */
public record LiveStack(String name, String stackId, String status, String statusReason, Map<String, String> tags,
        Map<String, String> outputs, String driftStatus, Instant driftCheckedAt) {

    public LiveStack {
        tags = Map.copyOf(tags);
        outputs = Map.copyOf(outputs);
        driftStatus = driftStatus == null ? "NOT_CHECKED" : driftStatus;
    }

    /** A stack whose drift was never checked. */
    public LiveStack(String name, String stackId, String status, String statusReason, Map<String, String> tags, Map<String, String> outputs) {
        this(name, stackId, status, statusReason, tags, outputs, "NOT_CHECKED", null);
    }

    /** The status, typed. */
    public StackStatus stackStatus() {
        return StackStatus.of(status);
    }

    public boolean inProgress() {
        return stackStatus().inProgress();
    }

    /** A creation that failed and rolled back: the stack holds nothing and can only be deleted. */
    public boolean failedCreation() {
        return stackStatus().failedCreation();
    }

    public boolean deleted() {
        return stackStatus().deleted();
    }

    public String tag(String key) {
        return tags.get(key);
    }
}
