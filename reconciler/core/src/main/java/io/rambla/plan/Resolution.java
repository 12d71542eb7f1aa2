package io.rambla.plan;

import io.rambla.render.ParameterValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A unit's stack parameters with every upstream output filled in, or the first one still missing.
 * The one place where a rendered stack's parameters meet the outputs of the stacks it depends on:
 * the sync, {@code rambla plan} and review all resolve through {@link #resolve}.
 */
public sealed interface Resolution {

    /** Every parameter has its value. */
    record Resolved(Map<String, String> parameters) implements Resolution {
        public Resolved {
            parameters = Map.copyOf(parameters);
        }
    }

    /** {@code parameter} reads output {@code outputKey} of {@code unitId}, which is not there (yet). */
    record AwaitingUpstream(String parameter, String unitId, String outputKey) implements Resolution {
        /** E.g. {@code parameter VpcId: district/main has no output VpcId}. */
        public String describe() {
            return "parameter " + parameter + ": " + unitId + " has no output " + outputKey;
        }
    }

    /**
     * @param spec    the rendered parameters, by name
     * @param outputs the outputs of upstream units' stacks, by unit id
     */
    static Resolution resolve(Map<String, ParameterValue> spec, Map<String, Map<String, String>> outputs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (var entry : spec.entrySet()) {
            String value = entry.getValue().resolve(outputs);
            if (value == null) {
                var upstream = (ParameterValue.UpstreamOutput) entry.getValue();
                return new AwaitingUpstream(entry.getKey(), upstream.unitId(), upstream.outputKey());
            }
            values.put(entry.getKey(), value);
        }
        return new Resolved(values);
    }
}
