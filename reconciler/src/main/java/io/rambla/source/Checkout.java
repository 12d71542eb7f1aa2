package io.rambla.source;

import java.nio.file.Path;

/** The tracked branch at one commit, checked out in {@code directory}. */
public record Checkout(String revision, Path directory) {

    public String shortRevision() {
        return revision.substring(0, Math.min(12, revision.length()));
    }
}
