package io.rambla.plan;

import java.util.Objects;

/**
 * One value that changes: a resource property, a resource attribute or a stack parameter, at
 * {@code path} (such as {@code ContainerDefinitions[0].Image}). {@code before} is null when the value
 * is added, {@code after} is null when it is removed. Values are compact JSON for structures and
 * plain text for strings, already masked when secret.
 */
public record ValueChange(String path, String before, String after) {

    public ValueChange {
        Objects.requireNonNull(path, "path");
        if (before == null && after == null) {
            throw new IllegalArgumentException("a change needs a before or an after value: " + path);
        }
    }

    public static ValueChange added(String path, String after) {
        return new ValueChange(path, null, after);
    }

    public static ValueChange removed(String path, String before) {
        return new ValueChange(path, before, null);
    }
}
