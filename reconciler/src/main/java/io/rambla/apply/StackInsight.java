package io.rambla.apply;

import java.time.Instant;
import java.util.List;

/**
 * What a person looking at one unit wants to see of its stack: the resources it holds and what
 * CloudFormation recorded lately (DescribeStackResources, DescribeStackEvents). Read on request for
 * the unit's page, never on the sync's path; both answers are bounded.
 */
public interface StackInsight {

    /** DescribeStackResources answers at most this many; bigger stacks are cut there. */
    int MAX_RESOURCES = 100;

    /** The stack's resources, by logical id; empty when there is no stack. */
    List<Resource> resources(String stackName);

    /** The stack's newest {@code limit} events, newest first; empty when there is no stack. */
    List<Event> events(String stackName, int limit);

    /** One resource of the stack, as CloudFormation describes it; {@code physicalId} and {@code reason} may be null. */
    record Resource(String logicalId, String physicalId, String type, String status, String reason, Instant updated) {}

    /** One stack event; {@code reason} may be null. */
    record Event(Instant at, String logicalId, String type, String status, String reason) {

        /** A status that ends in {@code _FAILED}: what a person looks for after a failed apply. */
        public boolean failed() {
            return status != null && status.endsWith("_FAILED");
        }
    }
}
