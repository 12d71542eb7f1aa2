package io.rambla.schema;

import java.util.List;
import java.util.Locale;

/**
 * Which commits on the tracked branch wait for an operator before their change sets run:
 * {@code none} (the default) applies every commit; {@code replacements} holds a unit whose change
 * replaces a stateful resource (a VPC, a bucket, a load balancer: its data or address is lost);
 * {@code always} holds every unit that changes anything. Set repository-wide in {@code rambla.yml}
 * and per district in its file, where it covers the district, its endpoints and its apps.
 */
public enum Approval {
    NONE, REPLACEMENTS, ALWAYS;

    /** The words the files use, in order. */
    public static final List<String> WORDS = List.of("none", "replacements", "always");

    /** The word the files use. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Approval of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
