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

    /**
     * One resource's change. {@code replacement} is {@code True}, {@code Conditional} or {@code False};
     * {@code replacementCauses} names the properties whose change may recreate the resource, when
     * CloudFormation gives details; {@code values} the property values it gives (AWS does for some
     * properties, the emulator for none).
     */
    public record ResourceChange(String action, String logicalId, String resourceType, String replacement,
                                 List<String> replacementCauses, List<ValueChange> values) {

        public ResourceChange {
            replacementCauses = replacementCauses == null ? List.of() : List.copyOf(replacementCauses);
            values = values == null ? List.of() : List.copyOf(values);
        }

        public ResourceChange(String action, String logicalId, String resourceType, String replacement) {
            this(action, logicalId, resourceType, replacement, List.of(), List.of());
        }
    }
}
