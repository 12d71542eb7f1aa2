package io.rambla.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where golden files live and what each holds. */
final class Goldens {

    static final String UPDATE_PROPERTY = "rambla.golden.update";
    static final String TEMPLATE_SUFFIX = ".template.json";
    static final String STACK_SUFFIX = ".stack.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Goldens() {}

    static Path root() {
        return Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/render/golden");
    }

    /** Goldens of the Barcelona compatibility corpus: the app stacks of each valid corpus file, per district kind. */
    static Path corpusRoot() {
        return Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/render/corpus-golden");
    }

    static boolean updating() {
        return Boolean.parseBoolean(System.getProperty(UPDATE_PROPERTY, System.getenv().getOrDefault("RAMBLA_GOLDEN_UPDATE", "false")));
    }

    /** A stack's name, parameter sources and tags, the part of a {@link StackSpec} that is not the template. */
    static String stackJson(StackSpec stack) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("StackName", stack.stackName());
        Map<String, Object> parameters = new LinkedHashMap<>();
        stack.parameters().forEach((name, value) -> parameters.put(name,
                value instanceof ParameterValue.UpstreamOutput o
                        ? Map.of("Unit", o.unitId(), "Output", o.outputKey())
                        : Map.of("Literal", ((ParameterValue.Literal) value).value())));
        out.put("Parameters", parameters);
        out.put("Tags", stack.tags());
        return JSON.writeValueAsString(out) + "\n";
    }
}
