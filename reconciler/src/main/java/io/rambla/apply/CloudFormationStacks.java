package io.rambla.apply;

import io.rambla.plan.ChangeSet;
import io.rambla.plan.DesiredState;
import io.rambla.plan.LiveStack;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The CloudFormation operations a sync needs, in Rambla's terms: reading stacks, and making,
 * running and deleting change sets. Drift ({@link DriftDetections}) and listing a stack's change
 * sets ({@link ChangeSetListing}) are ports of their own, for the jobs that need them.
 */
public interface CloudFormationStacks {

    Optional<LiveStack> describe(String stackName);

    /**
     * Reads the SSM parameters that name districts' AMIs, in the account and with the endpoint these
     * stacks live in; stand-ins without AWS have none.
     */
    default io.rambla.plan.Amis.Lookup amiLookup() {
        return io.rambla.plan.Amis.Lookup.UNAVAILABLE;
    }

    /**
     * Where the stacks about to be planned live, by stack name → region: a port that spans regions
     * ({@link RegionalStacks}) sends each stack's calls to its district's region; one bound to a
     * single region has nothing to do.
     */
    default void place(java.util.Map<String, String> regionByStack) {}

    /**
     * Runs {@code work} while no other job of this daemon works on the same stack through
     * {@link #exclusively}: the sync applying a stack and a pull-request review making a change set on
     * it must not overlap, or two CREATE change sets race to make the same stack. Ports with no
     * concurrent users have nothing to guard.
     */
    default <T> T exclusively(String stackName, java.util.function.Supplier<T> work) {
        return work.get();
    }

    /** Every live stack of the account and region, read in as few calls as CloudFormation allows. */
    List<LiveStack> list();

    /**
     * The live stacks for a sync's snapshot: a port that caches them ({@link RegionalStacks}) lists
     * afresh only when {@code full} or when its {@link ListingPolicy} says a full listing is due, and
     * otherwise answers from what it read, with the stacks it changed since read again. Without a
     * cache, {@link #list}.
     */
    default List<LiveStack> listing(boolean full) {
        return list();
    }

    /**
     * Whether {@link #busyStacks} can list every stack with an operation in progress in one go, so
     * that waiting for many stacks costs one listing per poll round instead of a call per stack.
     */
    default boolean listsBusyStacks() {
        return false;
    }

    /** The names of the stacks with an operation in progress (any {@code *_IN_PROGRESS} status), in as few calls as CloudFormation allows. */
    default java.util.Set<String> busyStacks() {
        throw new UnsupportedOperationException("busyStacks");
    }

    /**
     * Creates a stack that does not exist yet directly (CreateStack), without a change set: for a
     * new stack a change set can only add every resource of the template, so computing and reading
     * it first costs two calls and tells nothing the template does not. Returns
     * {@link DirectCreate#EXISTS} when a stack of that name exists (it may have appeared since the
     * listing), {@link DirectCreate#UNSUPPORTED} when this port only creates with change sets.
     */
    default DirectCreate createStack(DesiredState tagged, String clientRequestToken) {
        return DirectCreate.UNSUPPORTED;
    }

    /** What {@link #createStack} did. */
    enum DirectCreate { STARTED, EXISTS, UNSUPPORTED }

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

    record StackFailure(String logicalId, String resourceType, String status, String reason) {
        @Override
        public String toString() {
            return logicalId + " (" + resourceType + ") " + status + ": " + reason;
        }
    }
}
