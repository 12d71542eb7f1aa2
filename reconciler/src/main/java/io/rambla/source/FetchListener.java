package io.rambla.source;

import java.time.Duration;

/** Told how long each fetch of the tracked branch took, for metrics. Must return quickly and never throw. */
public interface FetchListener {

    void fetched(Duration took, boolean succeeded);
}
