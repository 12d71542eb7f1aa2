package io.rambla.apply;

import java.util.List;

/** The change sets of a stack, for pull-request review, which cleans up the ones it made. */
public interface ChangeSetListing {

    /**
     * The change sets that exist on the stack, executed or not, every page. Empty when the stack
     * does not exist.
     */
    List<ChangeSetSummary> listChangeSets(String stackName);

    /** One change set of a stack, as listed. */
    record ChangeSetSummary(String id, String name, String status, String executionStatus) {}
}
