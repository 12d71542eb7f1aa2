package io.rambla.schema;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one YAML file into SnakeYAML's node tree, which keeps the line and column of every value
 * and resolves anchors and aliases. Size, aliases, nesting and length are bounded by
 * {@link LoaderLimits}; anything refused becomes a diagnostic, never an exception.
 */
final class YamlDocument {

    private YamlDocument() {}

    /** The root node, or empty when the file is empty or was refused (the reason is in {@code problems}). */
    static Optional<Node> read(RepositoryFiles files, Path file, LoaderLimits limits, Problems problems) {
        return files.read(file, problems).flatMap(bytes -> parse(bytes, limits, problems));
    }

    /** The root node of {@code bytes}, or empty when they hold no document or were refused. */
    static Optional<Node> parse(byte[] bytes, LoaderLimits limits, Problems problems) {
        try {
            if (bytes.length > limits.maxFileBytes()) {
                problems.fileError("file is " + bytes.length + " bytes, more than the limit of " + limits.maxFileBytes()
                        + " bytes; it was not read");
                return Optional.empty();
            }
            String text = decode(bytes);
            Node root;
            try {
                root = compose(text, limits);
            } catch (MarkedYAMLException e) {
                YamlSyntax.Located located = YamlSyntax.describe(e, text);
                problems.error(located.line(), located.column(), "", located.message());
                return Optional.empty();
            }
            if (root != null) {
                reportDuplicateKeys(root, problems);
            }
            return Optional.ofNullable(root);
        } catch (CharacterCodingException e) {
            problems.fileError("file is not valid UTF-8");
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message = "invalid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage());
            if (e.getContext() != null && e.getProblem() != null) {
                message = "invalid YAML: " + e.getProblem() + " (" + e.getContext() + ")";
            }
            problems.error(mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, "", message);
        } catch (YAMLException e) {
            // Alias, nesting and size limits end up here: the file is refused as a whole.
            problems.fileError("YAML refused: " + e.getMessage());
        } catch (StackOverflowError e) {
            problems.fileError("YAML refused: nested too deeply");
        }
        return Optional.empty();
    }

    static Node compose(String text, LoaderLimits limits) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(limits.maxAliasesForCollections());
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setCodePointLimit(limits.maxCodePoints());
        options.setProcessComments(false);
        try (Reader reader = new java.io.StringReader(text)) {
            return new Yaml(options).compose(reader);
        } catch (IOException e) {
            throw new YAMLException(e);
        }
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
    }

    /**
     * Every scalar of the file is also checked for CloudFormation dynamic references here (see
     * {@link DynamicReferences}), so no string the user wrote can reach a template with one.
     *
     * SnakeYAML checks duplicate keys only when constructing Java objects, which we do not do, so the
     * whole tree is checked here, each node once however many aliases point at it.
     */
    private static void reportDuplicateKeys(Node root, Problems problems) {
        record Pending(Node node, String path) {}
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.ArrayDeque<Pending> todo = new java.util.ArrayDeque<>();
        todo.push(new Pending(root, ""));
        while (!todo.isEmpty()) {
            Pending pending = todo.pop();
            if (!seen.add(pending.node())) {
                continue;
            }
            // Children are pushed in reverse so nodes are visited in document order, and a node
            // reached through an alias is named by the path where it was first written.
            List<Pending> children = new ArrayList<>();
            if (pending.node() instanceof MappingNode mapping) {
                Map<String, Node> first = new HashMap<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    String child = pending.path();
                    if (tuple.getKeyNode() instanceof ScalarNode key) {
                        DynamicReferences.check(key, pending.path(), problems);
                    }
                    if (tuple.getKeyNode() instanceof ScalarNode key && !key.getTag().equals(Tag.MERGE)) {
                        child = child.isEmpty() ? key.getValue() : child + "." + key.getValue();
                        Node previous = first.putIfAbsent(key.getValue(), key);
                        if (previous != null) {
                            problems.error(key, child, "duplicate key `" + key.getValue() + "` (first set on line "
                                    + (previous.getStartMark().getLine() + 1) + ")");
                        }
                    }
                    children.add(new Pending(tuple.getValueNode(), child));
                }
            } else if (pending.node() instanceof ScalarNode scalar) {
                DynamicReferences.check(scalar, pending.path(), problems);
            } else if (pending.node() instanceof SequenceNode sequence) {
                for (int i = 0; i < sequence.getValue().size(); i++) {
                    children.add(new Pending(sequence.getValue().get(i), pending.path() + "[" + i + "]"));
                }
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                todo.push(children.get(i));
            }
        }
    }
}
