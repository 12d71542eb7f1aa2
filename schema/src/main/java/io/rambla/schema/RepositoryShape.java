package io.rambla.schema;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** Whether a directory is an infrastructure repository at all: it has {@code districts} or {@code rambla.yml}, in any form. */
public final class RepositoryShape {

    private RepositoryShape() {}

    /** Why {@code root} is not an infrastructure repository, in one line; empty when it is one. */
    public static Optional<String> notAnInfrastructureRepository(Path root) {
        // Present in any form (a file where the folder belongs, a link): the loader then says what is wrong with it.
        if (Files.exists(root.resolve(RepositoryLoader.DISTRICTS_DIR), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(root.resolve(RepositoryLoader.SETTINGS_FILE), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(root + " is not an infrastructure repository: it has neither a " + RepositoryLoader.DISTRICTS_DIR
                + "/ folder nor a " + RepositoryLoader.SETTINGS_FILE + " (see docs/reference/district-file.md)");
    }
}
