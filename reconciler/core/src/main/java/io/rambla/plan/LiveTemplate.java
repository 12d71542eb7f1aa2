package io.rambla.plan;

import java.util.Map;
import java.util.Objects;

/** A live stack's template, as CloudFormation holds it, and the values of its parameters (NoEcho ones as CloudFormation masks them). */
public record LiveTemplate(String body, Map<String, String> parameters) {

    public LiveTemplate {
        Objects.requireNonNull(body, "body");
        parameters = Map.copyOf(parameters);
    }
}
