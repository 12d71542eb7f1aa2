package io.rambla.schema;

import java.util.List;

/**
 * One {@code barcelona.yml}: an application with its environments.
 *
 * @param review Barcelona's {@code review:} section, or null when the file has none
 */
public record Application(String name, String file, List<AppEnvironment> environments, Review review) {

    public Application {
        environments = List.copyOf(environments);
    }

    /** An application without review apps. */
    public Application(String name, String file, List<AppEnvironment> environments) {
        this(name, file, environments, null);
    }
}
