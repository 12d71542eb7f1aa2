package io.rambla.schema;

import java.util.List;

/** Routes requests arriving at an endpoint to a web service. */
public record Listener(
        String endpoint,
        String healthCheckPath,
        int healthCheckInterval,
        int healthCheckTimeout,
        int healthyThreshold,
        int unhealthyThreshold,
        int rulePriority,
        List<RuleCondition> ruleConditions) {

    public record RuleCondition(String type, String value) {}

    public Listener {
        ruleConditions = List.copyOf(ruleConditions);
    }
}
