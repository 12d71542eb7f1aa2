package io.rambla.status.github;

/**
 * Plans a pull request: creates the change sets of its head commit without executing them, and
 * posts the result for review. Called on the webhook's request thread, so an implementation
 * queues the work and returns at once.
 */
public interface PullRequestPlanner {

    /** The pull request was opened, reopened or received new commits; {@code headSha} is its new head. */
    void planPullRequest(int number, String headSha);

    /** The pull request was closed or merged: drop any change sets made for it. */
    void pullRequestClosed(int number);

    /** A label was put on or taken off the pull request: review apps may come or go. */
    default void pullRequestLabelsChanged(int number) {}
}
