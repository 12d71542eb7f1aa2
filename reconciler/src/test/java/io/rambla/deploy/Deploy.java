package io.rambla.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** The repository's {@code deploy/} folder, seen from the reconciler module. */
final class Deploy {

    private Deploy() {}

    static Path root() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().resolve("../deploy").normalize();
    }

    static Path mainSources() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().resolve("src/main/java");
    }

    static JsonNode json(String file) throws IOException {
        return new ObjectMapper().readTree(root().resolve(file).toFile());
    }
}
