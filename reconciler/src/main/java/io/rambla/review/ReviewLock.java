package io.rambla.review;

/**
 * Keeps pull-request reviews from overlapping. A single daemon's reviews already run one at a
 * time; in a cluster, two daemons reviewing the same pull request would delete each other's
 * change sets, so there the lock spans the daemons.
 */
public interface ReviewLock {

    /** Runs {@code review} once no other review holds the lock. */
    void runExclusively(Runnable review);

    ReviewLock NONE = Runnable::run;
}
