package io.rambla.apply;

import io.rambla.drift.DriftDetection;
import io.rambla.plan.ChangeSet;
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

    /** The stack's template and parameter values (GetTemplate, DescribeStacks); empty when there is no stack. */
    default Optional<io.rambla.plan.LiveTemplate> template(String stackName) {
        throw new UnsupportedOperationException("template");
    }

    /**
     * The change sets that exist on the stack, executed or not, every page. Empty when the stack
     * does not exist.
     */
    default List<ChangeSetSummary> listChangeSets(String stackName) {
        throw new UnsupportedOperationException("listChangeSets");
    }

    /**
     * Runs CloudFormation's drift detection on the stack and waits for it to finish: every
     * resource that supports it is compared with its expected configuration. Returns the
     * detection's outcome and the resources found {@code MODIFIED} or {@code DELETED}.
     *
     * @throws DriftDetectionUnavailable when CloudFormation refuses or fails the detection calls
     */
    default DriftDetection detectDrift(String stackName) {
        throw new UnsupportedOperationException("detectDrift");
    }

    /**
     * Creates a drift-aware change set ({@code DeploymentMode=REVERT_DRIFT}, type {@code UPDATE})
     * for the desired state and waits until CloudFormation has computed it: executed, it brings
     * drifted resources back to the template's values, which a plain change set of an unchanged
     * template cannot do (it comes back empty).
     */
    default ChangeSet createDriftRevertChangeSet(DesiredState desired, String changeSetName) {
        throw new UnsupportedOperationException("createDriftRevertChangeSet");
    }

    /** CloudFormation refused or failed a drift detection call; the message carries its error text. */
    final class DriftDetectionUnavailable extends RuntimeException {
        public DriftDetectionUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
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
