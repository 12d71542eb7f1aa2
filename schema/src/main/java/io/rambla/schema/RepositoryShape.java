package io.rambla.schema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether a directory is an infrastructure repository at all: it has {@code districts/} or {@code rambla.yml}. */
public final class RepositoryShape {

    private RepositoryShape() {}

    /** Why {@code root} is not an infrastructure repository, in one line; empty when it is one. */
    public static Optional<String> notAnInfrastructureRepository(Path root) {
        if (Files.isDirectory(root.resolve(RepositoryLoader.DISTRICTS_DIR))
                || Files.isRegularFile(root.resolve(RepositoryLoader.SETTINGS_FILE))) {
            return Optional.empty();
        }
        return Optional.of(root + " is not an infrastructure repository: it has neither a " + RepositoryLoader.DISTRICTS_DIR
                + "/ folder nor a " + RepositoryLoader.SETTINGS_FILE + " (see docs/reference/district-file.md)");
    }
}
