package io.rambla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rambla.render.ParameterValue;
import io.rambla.render.RenderedUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The parameters and tags of a rendered stack, written beside its template. */
final class StackFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StackFile() {}

    static String json(RenderedUnit unit) {
        Map<String, Object> parameters = new TreeMap<>();
        unit.stack().parameters().forEach((name, value) -> parameters.put(name,
                value instanceof ParameterValue.Literal l ? l.value()
                        : Map.of("FromStackOutput", Map.of(
                                "Unit", ((ParameterValue.UpstreamOutput) value).unitId(),
                                "Output", ((ParameterValue.UpstreamOutput) value).outputKey()))));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("StackName", unit.stack().stackName());
        root.put("Unit", unit.id());
        root.put("DependsOn", unit.unit().dependsOn());
        root.put("Parameters", parameters);
        root.put("Tags", unit.stack().tags());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
