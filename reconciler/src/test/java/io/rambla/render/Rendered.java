package io.rambla.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.schema.InfraRepository;
import java.util.List;

/** Test access to rendered stacks as JSON trees. */
final class Rendered {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Rendered() {}

    static List<RenderedUnit> units(InfraRepository repository) {
        return new Renderer().render(repository);
    }

    static RenderedUnit unit(InfraRepository repository, String unitId) {
        return units(repository).stream()
                .filter(u -> u.id().equals(unitId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no unit " + unitId));
    }

    static JsonNode template(InfraRepository repository, String unitId) {
        return tree(unit(repository, unitId).stack());
    }

    static JsonNode tree(StackSpec stack) {
        try {
            return JSON.readTree(stack.templateBody());
        } catch (Exception e) {
            throw new AssertionError("rendered template is not JSON", e);
        }
    }

    /** The resources of a template whose type is {@code type}. */
    static List<JsonNode> resourcesOfType(JsonNode template, String type) {
        return template.get("Resources").properties().stream()
                .map(java.util.Map.Entry::getValue)
                .filter(r -> r.get("Type").asText().equals(type))
                .toList();
    }
}
