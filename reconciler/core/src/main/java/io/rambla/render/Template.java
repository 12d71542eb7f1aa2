package io.rambla.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CloudFormation template as a typed tree. Built with {@link #builder(String)}; turned into
 * JSON by {@link TemplateWriter}, which orders keys so that equal trees give identical bytes.
 */
public record Template(
        String description,
        Map<String, Parameter> parameters,
        Map<String, Object> conditions,
        Map<String, Resource> resources,
        Map<String, Output> outputs) {

    public Template {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        conditions = Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** A template parameter; {@code type} is a CloudFormation parameter type such as {@code String}. */
    public record Parameter(String type, String description, String defaultValue, List<String> allowedValues) {
        public Parameter {
            allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
        }

        public static Parameter string(String description) {
            return new Parameter("String", description, null, List.of());
        }

        public static Parameter of(String type, String description) {
            return new Parameter(type, description, null, List.of());
        }

        public Parameter withDefault(String value) {
            return new Parameter(type, description, value, allowedValues);
        }
    }

    /**
     * A resource. {@code properties} hold strings, numbers, booleans, lists, maps and {@link Fn}
     * values; {@code deletionPolicy} and {@code updateReplacePolicy} may be null.
     */
    public record Resource(
            String type,
            Map<String, Object> properties,
            List<String> dependsOn,
            String condition,
            String deletionPolicy,
            String updateReplacePolicy,
            Map<String, Object> updatePolicy) {

        public Resource {
            Objects.requireNonNull(type, "type");
            properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
            dependsOn = List.copyOf(dependsOn);
            updatePolicy = updatePolicy == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(updatePolicy));
        }

        public static Resource of(String type, Map<String, Object> properties) {
            return new Resource(type, properties, List.of(), null, null, null, Map.of());
        }

        public Resource dependingOn(String... logicalIds) {
            return new Resource(type, properties, List.of(logicalIds), condition, deletionPolicy, updateReplacePolicy, updatePolicy);
        }

        public Resource onCondition(String conditionName) {
            return new Resource(type, properties, dependsOn, conditionName, deletionPolicy, updateReplacePolicy, updatePolicy);
        }

        /** Keeps the resource (and its data) when it is removed from the template or replaced. */
        public Resource retained() {
            return new Resource(type, properties, dependsOn, condition, "Retain", "Retain", updatePolicy);
        }

        /** The resource's {@code UpdatePolicy} attribute, such as an Auto Scaling rolling update. */
        public Resource withUpdatePolicy(Map<String, Object> policy) {
            return new Resource(type, properties, dependsOn, condition, deletionPolicy, updateReplacePolicy, policy);
        }
    }

    public record Output(String description, Object value) {}

    public static Builder builder(String description) {
        return new Builder(description);
    }

    public static final class Builder {
        private final String description;
        private final Map<String, Parameter> parameters = new LinkedHashMap<>();
        private final Map<String, Object> conditions = new LinkedHashMap<>();
        private final Map<String, Resource> resources = new LinkedHashMap<>();
        private final Map<String, Output> outputs = new LinkedHashMap<>();

        private Builder(String description) {
            this.description = description;
        }

        public Builder parameter(String name, Parameter parameter) {
            putOnce(parameters, name, parameter, "parameter");
            return this;
        }

        public Builder condition(String name, Object expression) {
            putOnce(conditions, name, expression, "condition");
            return this;
        }

        public Builder resource(String logicalId, Resource resource) {
            putOnce(resources, logicalId, resource, "resource");
            return this;
        }

        public Builder output(String name, String description, Object value) {
            putOnce(outputs, name, new Output(description, value), "output");
            return this;
        }

        public Template build() {
            return new Template(description, parameters, conditions, resources, outputs);
        }

        private static <V> void putOnce(Map<String, V> map, String key, V value, String what) {
            if (map.putIfAbsent(key, value) != null) {
                throw new IllegalStateException("duplicate " + what + " " + key);
            }
        }
    }
}
