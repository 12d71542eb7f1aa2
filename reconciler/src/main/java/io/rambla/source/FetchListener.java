package io.rambla.source;

import java.time.Duration;

/** Told how long each fetch of the tracked branch took and what it found, for metrics and the status page. Must return quickly and never throw. */
public interface FetchListener {

    void fetched(Duration took, boolean succeeded);

    /** A fetch found the branch at {@code checkout}. */
    default void fetchedCommit(Checkout checkout) {}

    /** A fetch failed; {@code error} says why, without credentials. */
    default void fetchFailed(String error) {}
}
