package io.rambla.drift;

import io.rambla.drift.DriftDetection.PropertyDifference;
import io.rambla.drift.StackDrift.DriftedResource;
import io.rambla.drift.StackDrift.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns CloudFormation's drift answers into a {@link StackDrift}, and decides what a change to the
 * stack means for what is known of its drift. Pure: no calls, no clock.
 */
public final class Drift {

    /** Differences listed per resource; the rest are counted. */
    static final int MAX_DIFFERENCES = 5;
    /** Longer property values (whole JSON objects) are cut to this length. */
    static final int MAX_VALUE_CHARS = 80;

    private Drift() {}

    /**
     * What a finished detection found. A detection that failed for some resources
     * ({@code DETECTION_FAILED}) still has results for the others; its reason goes into the message.
     */
    public static StackDrift fromDetection(DriftDetection detection, Instant now) {
        List<DriftedResource> resources = detection.drifted().stream()
                .filter(r -> "MODIFIED".equals(r.status()) || "DELETED".equals(r.status()))
                .map(r -> new DriftedResource(r.logicalId(), r.resourceType(), r.status(), differences(r.differences())))
                .toList();
        Status status;
        if (!resources.isEmpty() || "DRIFTED".equals(detection.stackDriftStatus())) {
            status = Status.DRIFTED;
        } else if ("IN_SYNC".equals(detection.stackDriftStatus())) {
            status = Status.IN_SYNC;
        } else {
            status = Status.UNKNOWN;
        }
        String message = null;
        if ("DETECTION_FAILED".equals(detection.detectionStatus())) {
            message = "drift detection failed for some resources"
                    + (blank(detection.reason()) ? "" : ": " + detection.reason());
        } else if (status == Status.UNKNOWN && !blank(detection.reason())) {
            message = detection.reason();
        }
        Instant at = detection.finishedAt() == null ? now : detection.finishedAt();
        return new StackDrift(status, at, resources, message);
    }

    /** The check could not run; it is tried again once the interval has passed. */
    public static StackDrift unavailable(String error, Instant now) {
        return new StackDrift(Status.UNAVAILABLE, now, List.of(), "drift detection unavailable: " + error);
    }

    /**
     * What is known of a stack's drift once a sync found it applied.
     *
     * @param current         what this daemon knew before (null or {@code NOT_CHECKED} after a start)
     * @param changed         the sync changed the stack: earlier results no longer describe it
     * @param liveDriftStatus the stack's own {@code DriftInformation} from the sync's listing
     * @param liveCheckedAt   when CloudFormation last finished a check of the stack
     */
    public static StackDrift afterApply(StackDrift current, boolean changed, String liveDriftStatus, Instant liveCheckedAt) {
        if (changed) {
            return StackDrift.notChecked();
        }
        if (current != null && current.status() != Status.NOT_CHECKED) {
            return current;
        }
        // After a restart CloudFormation still knows the last check: an in-sync result counts, so
        // a restart does not check every stack again. A drifted one is checked at once, for details.
        if ("IN_SYNC".equals(liveDriftStatus) && liveCheckedAt != null) {
            return new StackDrift(Status.IN_SYNC, liveCheckedAt, List.of(), "CloudFormation's last drift check, before this daemon started");
        }
        return StackDrift.notChecked();
    }

    /** Self-healing reverts a stack only when it is enabled and there are drifted resources to revert. */
    public static boolean shouldRevert(StackDrift drift, boolean selfHealing) {
        return selfHealing && drift.status() == Status.DRIFTED && !drift.resources().isEmpty();
    }

    /** One readable line per difference, at most {@value #MAX_DIFFERENCES}, then how many more. */
    static List<String> differences(List<PropertyDifference> differences) {
        List<String> lines = new ArrayList<>();
        for (PropertyDifference d : differences.subList(0, Math.min(MAX_DIFFERENCES, differences.size()))) {
            lines.add(difference(d));
        }
        if (differences.size() > MAX_DIFFERENCES) {
            lines.add("… and " + (differences.size() - MAX_DIFFERENCES) + " more");
        }
        return lines;
    }

    static String difference(PropertyDifference d) {
        String path = d.path() == null ? "?" : d.path();
        return switch (d.differenceType() == null ? "" : d.differenceType()) {
            case "ADD" -> path + ": added " + value(d.actual());
            case "REMOVE" -> path + ": removed " + value(d.expected());
            default -> path + ": expected " + value(d.expected()) + ", actual " + value(d.actual());
        };
    }

    private static String value(String value) {
        if (value == null) {
            return "(none)";
        }
        String oneLine = value.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_VALUE_CHARS ? oneLine : oneLine.substring(0, MAX_VALUE_CHARS - 1) + "…";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
