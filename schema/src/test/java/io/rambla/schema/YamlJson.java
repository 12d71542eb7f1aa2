package io.rambla.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Turns a YAML file into the JSON an editor's schema validator sees: anchors expanded, merge keys applied. */
final class YamlJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private YamlJson() {}

    static JsonNode read(Path file) throws Exception {
        Node root = YamlDocument.compose(Files.readString(file, StandardCharsets.UTF_8), LoaderLimits.defaults());
        return root == null ? JSON.nullNode() : toJson(root);
    }

    static JsonNode toJson(Node node) {
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JSON.objectNode();
            merge(mapping, object);
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            sequence.getValue().forEach(item -> array.add(toJson(item)));
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.INT)) {
            return JSON.numberNode(new BigInteger(scalar.getValue()));
        }
        if (tag.equals(Tag.FLOAT)) {
            return JSON.numberNode(Double.parseDouble(scalar.getValue()));
        }
        if (tag.equals(Tag.BOOL)) {
            return JSON.booleanNode(scalar.getValue().equalsIgnoreCase("true"));
        }
        if (tag.equals(Tag.NULL)) {
            return JSON.nullNode();
        }
        return JSON.textNode(scalar.getValue());
    }

    /** Explicit keys first, then merged keys the mapping does not set itself. */
    private static void merge(MappingNode mapping, ObjectNode into) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (!tuple.getKeyNode().getTag().equals(Tag.MERGE)) {
                into.set(((ScalarNode) tuple.getKeyNode()).getValue(), toJson(tuple.getValueNode()));
            }
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode().getTag().equals(Tag.MERGE)) {
                Node value = tuple.getValueNode();
                List<Node> sources = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
                for (Node source : sources) {
                    ObjectNode merged = JSON.objectNode();
                    merge((MappingNode) source, merged);
                    merged.properties().forEach(e -> {
                        if (!into.has(e.getKey())) {
                            into.set(e.getKey(), e.getValue());
                        }
                    });
                }
            }
        }
    }
}
