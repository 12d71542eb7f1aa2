package io.rambla.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Compares two JSON trees and names the first place they differ as a JSON pointer, such as
 * {@code /Resources/WebService/Properties/DesiredCount}, so a failing golden test points at the
 * resource and property that changed.
 */
final class JsonTreeAssert {

    private JsonTreeAssert() {}

    static void assertSameTree(String what, JsonNode expected, JsonNode actual) {
        firstDifference("", expected, actual).ifPresent(difference -> {
            throw new AssertionError(what + " differs at " + difference
                    + "\n(rerun with -Drambla.golden.update=true to accept the new rendering)");
        });
    }

    static Optional<String> firstDifference(String pointer, JsonNode expected, JsonNode actual) {
        if (expected == null || actual == null) {
            return Optional.of(pointer + ": " + (expected == null ? "unexpected " + actual : "missing, expected " + expected));
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            return Optional.of(pointer + ": expected " + expected + " but was " + actual);
        }
        if (expected.isObject()) {
            var names = new TreeSet<String>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                var child = firstDifference(pointer + "/" + escape(name), expected.get(name), actual.get(name));
                if (child.isPresent()) {
                    return child;
                }
            }
            return Optional.empty();
        }
        if (expected.isArray()) {
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                var child = firstDifference(pointer + "/" + i, expected.get(i), actual.get(i));
                if (child.isPresent()) {
                    return child;
                }
            }
            return Optional.empty();
        }
        return expected.equals(actual)
                ? Optional.empty()
                : Optional.of(pointer + ": expected " + expected + " but was " + actual);
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
