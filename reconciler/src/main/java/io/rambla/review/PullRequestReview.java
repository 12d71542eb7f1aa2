package io.rambla.review;

import io.rambla.source.SourceException;
import io.rambla.plan.PullRequestPlan;
import java.util.Collection;
import java.util.Set;

/**
 * Plans one pull-request head and cleans up after it: the work {@link PullRequestReviewer} queues.
 * {@link ChangeSetReview} does it with plan-only CloudFormation change sets.
 */
public interface PullRequestReview {

    /** The plan, and the stacks it looked at (for the cleanup when the pull request closes). */
    record Result(PullRequestPlan plan, Set<String> stackNames) {
        public Result {
            stackNames = Set.copyOf(stackNames);
        }
    }

    /** The pull request's head moved on since the plan was asked for; the newer head gets its own plan. */
    final class StaleHeadException extends Exception {
        public StaleHeadException(String message) {
            super(message);
        }
    }

    static String headRef(int number) {
        return "refs/pull/" + number + "/head";
    }

    /** Every change set made for the pull request starts with this. */
    static String changeSetPrefix(int number) {
        return "rambla-pr" + number + "-";
    }

    /**
     * Plans the pull request's head.
     *
     * @param headSha the head the plan was asked for; null takes whatever the ref points at
     * @throws StaleHeadException when the ref points at another commit than {@code headSha}
     */
    Result review(int number, String headSha) throws SourceException, StaleHeadException;

    /** The stacks the pull request's current head renders to, without asking AWS anything; empty when it does not validate. */
    Set<String> stackNames(int number) throws SourceException;

    /**
     * Deletes what is left of the pull request's change sets on these stacks, and any stack that
     * only existed to hold them. Never throws: a stack that cannot be cleaned is logged.
     */
    void cleanUp(int number, Collection<String> stackNames);
}
