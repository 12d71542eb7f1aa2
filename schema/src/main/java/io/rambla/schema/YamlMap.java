package io.rambla.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A typed view of one YAML mapping. Merge keys ({@code <<:}) are resolved here, explicit keys
 * winning over merged ones. Every read records a diagnostic on a wrong type and returns empty,
 * so one pass finds every problem; {@link #finish()} then reports the keys nobody read.
 */
final class YamlMap {

    private static final int MAX_MERGE_DEPTH = 16;
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");

    private final MappingNode node;
    private final String path;
    private final KnownKeys section;
    private final Problems problems;
    private final Map<String, NodeTuple> entries;
    private final Set<String> read = new LinkedHashSet<>();

    private YamlMap(MappingNode node, String path, KnownKeys section, Problems problems) {
        this.node = node;
        this.path = path;
        this.section = section;
        this.problems = problems;
        this.entries = flatten(node, 0, Collections.newSetFromMap(new IdentityHashMap<>()), new IdentityHashMap<>());
    }

    /** The mapping at {@code node}, or empty (with an error) when it is something else. */
    static Optional<YamlMap> of(Node node, String path, KnownKeys section, Problems problems) {
        if (node instanceof MappingNode mapping) {
            return Optional.of(new YamlMap(mapping, path, section, problems));
        }
        problems.error(node, path, "expected a mapping (" + section.description() + "), found " + describe(node));
        return Optional.empty();
    }

    Node node() {
        return node;
    }

    KnownKeys section() {
        return section;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Problems problems() {
        return problems;
    }

    /** The keys in document order, explicit ones first. */
    List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    /** The value under {@code key}; YAML null counts as absent, as Barcelona's {@code ||=} defaults do. */
    Optional<Node> value(String key) {
        read.add(key);
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    /** The value node as written, null included, without counting the key as read. */
    Optional<Node> rawValue(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? Optional.empty() : Optional.of(tuple.getValueNode());
    }

    boolean has(String key) {
        return value(key).isPresent();
    }

    /** Any scalar, read as the text written in the file: {@code image_tag: 1.10} stays "1.10". */
    Optional<String> string(String key) {
        return value(key).flatMap(v -> {
            if (v instanceof ScalarNode s) {
                return Optional.of(s.getValue());
            }
            problems.error(v, pathOf(key), "`" + key + "` must be a string, found " + describe(v));
            return Optional.empty();
        });
    }

    Optional<String> requiredString(String key) {
        if (value(key).isEmpty()) {
            problems.error(node, pathOf(key), "missing required key `" + key + "` in " + section.description());
            return Optional.empty();
        }
        return string(key);
    }

    Optional<String> matching(String key, Pattern pattern, String rule) {
        return string(key).filter(s -> {
            if (pattern.matcher(s).matches()) {
                return true;
            }
            problems.error(entries.get(key).getValueNode(), pathOf(key), "`" + key + "` " + rule + ", found \"" + abbreviate(s) + "\"");
            return false;
        });
    }

    /** An integer within bounds; a quoted integer ("512") is accepted as Barcelona's Rails params were. */
    Optional<Integer> integer(String key, int min, int max) {
        return value(key).flatMap(v -> {
            if (v instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.STR))
                    && INTEGER.matcher(s.getValue()).matches()) {
                long parsed;
                try {
                    parsed = Long.parseLong(s.getValue().replace("+", ""));
                } catch (NumberFormatException e) {
                    parsed = Long.MAX_VALUE;
                }
                if (parsed < min || parsed > max) {
                    problems.error(v, pathOf(key), "`" + key + "` must be between " + min + " and " + max + ", found " + s.getValue());
                    return Optional.empty();
                }
                return Optional.of((int) parsed);
            }
            problems.error(v, pathOf(key), "`" + key + "` must be an integer, found " + describe(v));
            return Optional.empty();
        });
    }

    Optional<Boolean> bool(String key) {
        return value(key).flatMap(v -> {
            if (v instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
                String text = s.getValue().toLowerCase();
                return Optional.of(text.equals("true") || text.equals("yes") || text.equals("on") || text.equals("y"));
            }
            problems.error(v, pathOf(key), "`" + key + "` must be true or false, found " + describe(v));
            return Optional.empty();
        });
    }

    /** One of a fixed set of lowercase words; the error lists them. */
    Optional<String> oneOf(String key, List<String> allowed) {
        return string(key).filter(s -> {
            if (allowed.contains(s)) {
                return true;
            }
            problems.error(entries.get(key).getValueNode(), pathOf(key), "`" + key + "` must be one of "
                    + String.join(", ", allowed) + ", found \"" + abbreviate(s) + "\"" + Suggestions.didYouMean(s, allowed));
            return false;
        });
    }

    /** The items of a list, each with its path; a wrong type records an error and gives no items. */
    List<Item> list(String key) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.get() instanceof SequenceNode seq) {
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                items.add(new Item(seq.getValue().get(i), pathOf(key) + "[" + i + "]"));
            }
            return items;
        }
        problems.error(value.get(), pathOf(key), "`" + key + "` must be a list, found " + describe(value.get()));
        return List.of();
    }

    Optional<YamlMap> map(String key, KnownKeys nested) {
        return value(key).flatMap(v -> of(v, pathOf(key), nested, problems));
    }

    /** A mapping of names to values read by {@code reader}, in document order (environments, tags). */
    <T> Map<String, T> entriesOf(String key, Function<Item, Optional<T>> reader) {
        Map<String, T> result = new LinkedHashMap<>();
        value(key).ifPresent(v -> {
            if (!(v instanceof MappingNode mapping)) {
                problems.error(v, pathOf(key), "`" + key + "` must be a mapping, found " + describe(v));
                return;
            }
            YamlMap inner = new YamlMap(mapping, pathOf(key), section, problems);
            for (String name : inner.entries.keySet()) {
                NodeTuple tuple = inner.entries.get(name);
                reader.apply(new Item(tuple.getValueNode(), inner.pathOf(name), name, tuple.getKeyNode()))
                        .ifPresent(t -> result.put(name, t));
            }
        });
        return result;
    }

    /**
     * Reports every key that was not read: Barcelona keys Rambla ignores get a warning, anything
     * else an error with the nearest known key.
     */
    void finish() {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            String key = entry.getKey();
            if (read.contains(key)) {
                continue;
            }
            Node keyNode = entry.getValue().getKeyNode();
            if (section.barcelonaOnly().contains(key)) {
                problems.warning(keyNode, pathOf(key), "Barcelona key `" + key + "` is accepted but not acted on by Rambla"
                        + BarcelonaOnlyKeys.instead(section, key).map(instead -> "; " + instead).orElse(""));
            } else {
                problems.error(keyNode, pathOf(key), "unknown key `" + key + "` in " + section.description()
                        + Suggestions.didYouMean(key, section.keys()));
            }
        }
    }

    /** Where {@code key} itself is written, when present: diagnostics about the key rather than its value point here. */
    Optional<Node> keyNode(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getKeyNode);
    }

    /** Marks a key as handled by the caller (for keys whose treatment depends on context). */
    void markRead(String key) {
        read.add(key);
    }

    /** An element of a list or the value of a named entry, with its YAML path. */
    record Item(Node node, String path, String name, Node keyNode) {

        Item(Node node, String path) {
            this(node, path, null, node);
        }

        Optional<YamlMap> asMap(KnownKeys section, Problems problems) {
            return YamlMap.of(node, path, section, problems);
        }
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode s) {
            if (s.getTag().equals(Tag.INT)) {
                return "the integer " + s.getValue();
            }
            if (s.getTag().equals(Tag.FLOAT)) {
                return "the number " + s.getValue();
            }
            if (s.getTag().equals(Tag.BOOL)) {
                return "the boolean " + s.getValue();
            }
            if (s.getTag().equals(Tag.NULL)) {
                return "nothing";
            }
            return "the string \"" + abbreviate(s.getValue()) + "\"";
        }
        return "an unexpected value";
    }

    /** A short excerpt of a value for a message; the rest of the message machinery masks tokens in it. */
    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** Explicit keys in order, then keys brought in by {@code <<:} that the mapping does not set itself. */
    private Map<String, NodeTuple> flatten(MappingNode mapping, int depth, Set<MappingNode> merging,
                                           Map<MappingNode, Map<String, NodeTuple>> done) {
        // Each mapping is flattened once, however many merge keys name it: a "merge-key bomb"
        // (each level merging the one below several times) then costs its size, not its expansion.
        Map<String, NodeTuple> known = done.get(mapping);
        if (known != null) {
            return known;
        }
        Map<String, NodeTuple> explicit = new LinkedHashMap<>();
        Map<String, NodeTuple> merged = new LinkedHashMap<>();
        if (!merging.add(mapping)) {
            problems.error(mapping, path, "`<<:` merges a mapping into itself");
            return explicit;
        }
        if (depth > MAX_MERGE_DEPTH) {
            problems.error(mapping, path, "merge keys (`<<:`) nest deeper than " + MAX_MERGE_DEPTH + " levels");
            return explicit;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (key.getTag().equals(Tag.MERGE)) {
                Node value = tuple.getValueNode();
                List<Node> sources = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
                for (Node source : sources) {
                    if (source instanceof MappingNode sourceMapping) {
                        flatten(sourceMapping, depth + 1, merging, done).forEach(merged::putIfAbsent);
                    } else {
                        problems.error(source, path, "`<<:` must merge a mapping or a list of mappings, found " + describe(source));
                    }
                }
            } else if (key instanceof ScalarNode scalar) {
                // Duplicates were reported for the whole file before reading; the first one wins here.
                explicit.putIfAbsent(scalar.getValue(), tuple);
            } else if (depth == 0) {
                problems.error(key, path, "keys must be plain strings, found " + describe(key));
            }
        }
        merged.forEach(explicit::putIfAbsent);
        merging.remove(mapping);
        done.put(mapping, explicit);
        return explicit;
    }
}
