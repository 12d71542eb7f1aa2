package io.rambla.apply;

import io.rambla.drift.DriftDetection;
import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;

/** CloudFormation's drift detection and drift-aware change sets: what the drift job needs beyond the stacks. */
public interface DriftDetections {

    /**
     * Runs CloudFormation's drift detection on the stack and waits for it to finish: every
     * resource that supports it is compared with its expected configuration. Returns the
     * detection's outcome and the resources found {@code MODIFIED} or {@code DELETED}.
     *
     * @throws DriftDetectionUnavailable when CloudFormation refuses or fails the detection calls
     */
    DriftDetection detectDrift(String stackName);

    /**
     * Creates a drift-aware change set ({@code DeploymentMode=REVERT_DRIFT}, type {@code UPDATE})
     * for the desired state and waits until CloudFormation has computed it: executed, it brings
     * drifted resources back to the template's values, which a plain change set of an unchanged
     * template cannot do (it comes back empty).
     */
    ChangeSet createDriftRevertChangeSet(DesiredState desired, String changeSetName);

    /** CloudFormation refused or failed a drift detection call; the message carries its error text. */
    final class DriftDetectionUnavailable extends RuntimeException {
        public DriftDetectionUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
