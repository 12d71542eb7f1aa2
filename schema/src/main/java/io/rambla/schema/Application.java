package io.rambla.schema;

import java.util.List;

/** One {@code barcelona.yml}: an application with its environments. */
public record Application(String name, String file, List<AppEnvironment> environments) {

    public Application {
        environments = List.copyOf(environments);
    }
}
