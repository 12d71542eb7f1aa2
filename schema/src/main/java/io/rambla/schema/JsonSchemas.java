package io.rambla.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The published JSON Schemas, as shipped in this jar under {@code /schemas/}. */
public final class JsonSchemas {

    /** barcelona.yml, district files, rambla.yml. */
    public static final List<String> NAMES = List.of("barcelona", "district", "rambla");

    private JsonSchemas() {}

    public static String fileName(String name) {
        return name + ".schema.json";
    }

    public static String text(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown schema " + name);
        }
        try (InputStream in = JsonSchemas.class.getResourceAsStream("/schemas/" + fileName(name))) {
            if (in == null) {
                throw new IllegalStateException("schema " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
