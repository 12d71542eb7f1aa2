package io.rambla.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A credential that never prints itself: {@code toString} masks it, so a secret passed to a log
 * line or concatenated into an exception message shows as {@value #MASK}. Only {@link #reveal()}
 * gives the value, and only the code that sends it should call it.
 */
public final class Secret {

    public static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret cannot be blank");
        }
        return new Secret(value);
    }

    /** Reads a secret from a file such as a mounted Kubernetes or ECS secret; surrounding whitespace is dropped. */
    public static Secret fromFile(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // The exception text names the file only; the content was never read into it.
            throw new IllegalStateException("cannot read the secret file " + file + ": " + e.getClass().getSimpleName());
        }
        if (content.isEmpty()) {
            throw new IllegalStateException("the secret file " + file + " is empty");
        }
        return new Secret(content);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
