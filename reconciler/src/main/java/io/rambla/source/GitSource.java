package io.rambla.source;

/** Where the desired state comes from: the head of the tracked branch. */
public interface GitSource {

    /** Fetches the tracked branch and checks out its head. */
    Checkout fetch() throws SourceException;
}
