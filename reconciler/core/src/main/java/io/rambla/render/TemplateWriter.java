package io.rambla.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Serialises a {@link Template} to pretty-printed JSON. Sections and resource attributes come in
 * CloudFormation's customary order; every other map is sorted by key, so the output depends only
 * on the tree's content and never on the order in which code happened to build it.
 */
public final class TemplateWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TemplateWriter() {}

    public static String toJson(Template template) {
        try {
            return JSON.writeValueAsString(toTree(template)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("template could not be serialised", e);
        }
    }

    /** The canonical JSON of one template value, for comparing values built in different ways. */
    static String valueJson(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("value could not be serialised", e);
        }
    }

    static Map<String, Object> toTree(Template template) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("AWSTemplateFormatVersion", "2010-09-09");
        root.put("Description", template.description());
        if (!template.parameters().isEmpty()) {
            Map<String, Object> parameters = new TreeMap<>();
            template.parameters().forEach((name, p) -> parameters.put(name, parameter(p)));
            root.put("Parameters", parameters);
        }
        if (!template.conditions().isEmpty()) {
            root.put("Conditions", value(template.conditions()));
        }
        Map<String, Object> resources = new TreeMap<>();
        template.resources().forEach((id, r) -> resources.put(id, resource(r)));
        root.put("Resources", resources);
        if (!template.outputs().isEmpty()) {
            Map<String, Object> outputs = new TreeMap<>();
            template.outputs().forEach((name, o) -> {
                Map<String, Object> output = new LinkedHashMap<>();
                if (o.description() != null) {
                    output.put("Description", o.description());
                }
                output.put("Value", value(o.value()));
                outputs.put(name, output);
            });
            root.put("Outputs", outputs);
        }
        return root;
    }

    private static Map<String, Object> parameter(Template.Parameter p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Type", p.type());
        if (p.description() != null) {
            out.put("Description", p.description());
        }
        if (p.defaultValue() != null) {
            out.put("Default", p.defaultValue());
        }
        if (!p.allowedValues().isEmpty()) {
            out.put("AllowedValues", p.allowedValues());
        }
        return out;
    }

    private static Map<String, Object> resource(Template.Resource r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Type", r.type());
        if (r.condition() != null) {
            out.put("Condition", r.condition());
        }
        if (!r.dependsOn().isEmpty()) {
            out.put("DependsOn", r.dependsOn().stream().sorted().toList());
        }
        if (r.deletionPolicy() != null) {
            out.put("DeletionPolicy", r.deletionPolicy());
        }
        if (r.updateReplacePolicy() != null) {
            out.put("UpdateReplacePolicy", r.updateReplacePolicy());
        }
        if (!r.updatePolicy().isEmpty()) {
            out.put("UpdatePolicy", value(r.updatePolicy()));
        }
        if (!r.properties().isEmpty()) {
            out.put("Properties", value(r.properties()));
        }
        return out;
    }

    private static Object value(Object v) {
        if (v instanceof Fn fn) {
            return value(fn.toJson());
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, val) -> sorted.put(String.valueOf(k), value(val)));
            return sorted;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(value(item)));
            return out;
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        throw new IllegalArgumentException("not a template value: " + (v == null ? "null" : v.getClass().getName()));
    }
}
