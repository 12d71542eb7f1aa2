package io.rambla.render;

/**
 * The value of a stack parameter: fixed at render time, read at apply time from an output of an
 * upstream unit's stack, or the AMI id an SSM parameter names when planning ({@link SsmAmi}, which
 * {@code plan.Amis} turns into a {@link Literal} before anything else reads the parameters). Wiring
 * stacks this way, rather than with exports, leaves every stack free to change on its own.
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
        if (this instanceof SsmAmi ami) {
            throw new IllegalStateException("the AMI of " + ami.ssmParameter() + " is resolved when planning (plan.Amis), not here");
        }
        var upstream = (UpstreamOutput) this;
        return outputsByUnit.getOrDefault(upstream.unitId(), java.util.Map.of()).get(upstream.outputKey());
    }

    record Literal(String value) implements ParameterValue {}

    record UpstreamOutput(String unitId, String outputKey) implements ParameterValue {}

    /**
     * The AMI id the SSM parameter {@code ssmParameter} holds in {@code region}, read when planning,
     * so a new AMI changes the desired state. With {@code keepLive}, the AMI the live stack already
     * runs (its output {@code liveOutput}) wins; the parameter is read only for a new stack.
     */
    record SsmAmi(String region, String ssmParameter, boolean keepLive, String liveOutput) implements ParameterValue {}

    static ParameterValue literal(String value) {
        return new Literal(value);
    }

    static ParameterValue output(String unitId, String outputKey) {
        return new UpstreamOutput(unitId, outputKey);
    }
}
