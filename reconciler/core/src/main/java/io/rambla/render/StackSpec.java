package io.rambla.render;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The desired state of one unit's stack: its name, its template, where its parameters come from
 * and the tags it carries.
 */
public record StackSpec(String stackName, Template template, Map<String, ParameterValue> parameters, Map<String, String> tags) {

    public StackSpec {
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    public String templateBody() {
        return TemplateWriter.toJson(template);
    }
}
