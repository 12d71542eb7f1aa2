package io.rambla.apply;

import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The few CloudFormation operations Rambla needs, in its own terms. */
public interface CloudFormationStacks {

    Optional<LiveStack> describe(String stackName);

    /** Every live stack of the account and region, read in as few calls as CloudFormation allows. */
    List<LiveStack> list();

    /** Creates a change set and waits until CloudFormation has computed it. */
    ChangeSet createChangeSet(DesiredState desired, String changeSetName, boolean create);

    void executeChangeSet(String changeSetId, String clientRequestToken);

    void deleteChangeSet(String changeSetId);

    void deleteStack(String stackName, String clientRequestToken);

    /** The newest failure events of the stack since {@code since}, oldest first. */
    List<StackFailure> failuresSince(String stackName, Instant since);

    /**
     * The change sets that exist on the stack, executed or not, every page. Empty when the stack
     * does not exist.
     */
    default List<ChangeSetSummary> listChangeSets(String stackName) {
        throw new UnsupportedOperationException("listChangeSets");
    }

    /** One change set of a stack, as listed. */
    record ChangeSetSummary(String id, String name, String status, String executionStatus) {}

    record StackFailure(String logicalId, String resourceType, String status, String reason) {
        @Override
        public String toString() {
            return logicalId + " (" + resourceType + ") " + status + ": " + reason;
        }
    }
}
