package io.rambla.web;

/** Asks for a sync now rather than at the next poll. Returns at once; the sync runs elsewhere. */
public interface SyncTrigger {

    /** {@code reason} says why, for the log: {@code push 4f2c9e1 to main}. */
    void requestSync(String reason);
}
