package io.rambla.render;

import java.util.Map;

/** A template and where each of its parameters gets its value from. */
record RenderedTemplate(Template template, Map<String, ParameterValue> parameters) {

    RenderedTemplate {
        parameters = Map.copyOf(parameters);
    }
}
