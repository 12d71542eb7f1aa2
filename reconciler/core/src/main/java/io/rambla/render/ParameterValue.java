package io.rambla.render;

/**
 * The value of a stack parameter: fixed at render time, or read at apply time from an output of
 * an upstream unit's stack. Wiring stacks this way, rather than with exports, leaves every stack
 * free to change on its own.
 */
public sealed interface ParameterValue {

    /**
     * The value, given the outputs of upstream units' stacks by unit id; null when the upstream
     * unit or its output is not there.
     */
    default String resolve(java.util.Map<String, java.util.Map<String, String>> outputsByUnit) {
        if (this instanceof Literal literal) {
            return literal.value();
        }
        var upstream = (UpstreamOutput) this;
        return outputsByUnit.getOrDefault(upstream.unitId(), java.util.Map.of()).get(upstream.outputKey());
    }

    record Literal(String value) implements ParameterValue {}

    record UpstreamOutput(String unitId, String outputKey) implements ParameterValue {}

    static ParameterValue literal(String value) {
        return new Literal(value);
    }

    static ParameterValue output(String unitId, String outputKey) {
        return new UpstreamOutput(unitId, outputKey);
    }
}
