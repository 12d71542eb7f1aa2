package io.rambla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rambla.render.ParameterValue;
import io.rambla.render.RenderedUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters and tags of a rendered stack, written beside its template. Every object's keys are
 * written in sorted order, so two renders of the same commit give the same bytes (the JVM randomises
 * the iteration order of {@code Map.of} from run to run).
 */
final class StackFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private StackFile() {}

    static String json(RenderedUnit unit) {
        Map<String, Object> parameters = new TreeMap<>();
        unit.stack().parameters().forEach((name, value) -> parameters.put(name,
                value instanceof ParameterValue.Literal l ? l.value()
                        : value instanceof ParameterValue.SsmAmi ami ? Map.of("AmiFromSsmParameter", Map.of(
                                "Region", ami.region(), "Parameter", ami.ssmParameter(), "KeepLive", ami.keepLive()))
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
