package io.rambla.plan;

import java.util.List;

/**
 * A computed change set. {@code empty} is CloudFormation's "no changes" answer, which is a success
 * for Rambla, not a failure.
 */
public record ChangeSet(String id, String name, String status, String statusReason, boolean empty, List<ResourceChange> changes) {

    public ChangeSet {
        changes = List.copyOf(changes);
    }

    public boolean failed() {
        return status.equals("FAILED") && !empty;
    }

    /** One resource's change. {@code replacement} is {@code True}, {@code Conditional} or {@code False}. */
    public record ResourceChange(String action, String logicalId, String resourceType, String replacement) {}
}
