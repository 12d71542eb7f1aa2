package io.rambla.drift;

import java.time.Instant;
import java.util.List;

/**
 * What a finished drift detection found, in CloudFormation's words.
 *
 * @param detectionStatus  {@code DETECTION_COMPLETE} or {@code DETECTION_FAILED} (failed for at
 *                         least one resource; the others still have results)
 * @param stackDriftStatus {@code IN_SYNC}, {@code DRIFTED}, {@code UNKNOWN} or {@code NOT_CHECKED}
 * @param reason           {@code DetectionStatusReason}, when CloudFormation gave one
 * @param drifted          the resources found {@code MODIFIED} or {@code DELETED}
 */
public record DriftDetection(String detectionStatus, String stackDriftStatus, String reason, Instant finishedAt,
        List<DriftDetection.ResourceDrift> drifted) {
    public DriftDetection {
        drifted = List.copyOf(drifted);
    }

    /** One drifted resource, as {@code DescribeStackResourceDrifts} lists it. */
    public record ResourceDrift(String logicalId, String resourceType, String status, List<PropertyDifference> differences) {
        public ResourceDrift {
            differences = List.copyOf(differences);
        }
    }

    /** @param differenceType {@code ADD}, {@code REMOVE} or {@code NOT_EQUAL} */
    public record PropertyDifference(String path, String expected, String actual, String differenceType) {}
}
