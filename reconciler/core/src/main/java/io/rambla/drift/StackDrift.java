package io.rambla.drift;

import java.time.Instant;
import java.util.List;

/**
 * What the last drift check of a unit's stack found: whether resources were changed outside
 * CloudFormation, which ones, and how. Built by {@link Drift} from CloudFormation's answer.
 *
 * @param checkedAt when the check finished or was last attempted; {@code null} when never checked
 * @param resources the resources found {@code MODIFIED} or {@code DELETED}, in CloudFormation's order
 * @param message   what a person should know: CloudFormation's error text when the check could not
 *                  run, a partial detection's reason, what self-healing did
 */
public record StackDrift(Status status, Instant checkedAt, List<DriftedResource> resources, String message) {

    /** The stack's drift, in the words of the status API. */
    public enum Status {
        /** No drift check has run since the stack was last changed by Rambla. */
        NOT_CHECKED,
        /** Every resource CloudFormation could check matches the template. */
        IN_SYNC,
        /** At least one resource differs from the template or was deleted. */
        DRIFTED,
        /** CloudFormation finished, but could not tell (e.g. no resource supports drift detection). */
        UNKNOWN,
        /** The check could not run: CloudFormation refused or failed it; {@code message} says how. */
        UNAVAILABLE
    }

    public StackDrift {
        // Serde leaves empty lists out of JSON; read back, they arrive as null.
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    public static StackDrift notChecked() {
        return new StackDrift(Status.NOT_CHECKED, null, List.of(), null);
    }

    public StackDrift withMessage(String newMessage) {
        return new StackDrift(status, checkedAt, resources, newMessage);
    }

    /**
     * One drifted resource.
     *
     * @param status      {@code MODIFIED} or {@code DELETED}
     * @param differences one line per differing property, e.g. {@code Value: "v1" → "v2"}
     */
    public record DriftedResource(String logicalId, String type, String status, List<String> differences) {
        public DriftedResource {
            differences = differences == null ? List.of() : List.copyOf(differences);
        }
    }
}
