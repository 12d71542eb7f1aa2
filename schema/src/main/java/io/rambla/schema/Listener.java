package io.rambla.schema;

import java.util.List;

/**
 * Routes requests arriving at an endpoint to a web service.
 *
 * @param healthCheckPort the port health checks go to; null for the traffic port
 */
public record Listener(
        String endpoint,
        String healthCheckPath,
        int healthCheckInterval,
        int healthCheckTimeout,
        int healthyThreshold,
        int unhealthyThreshold,
        int rulePriority,
        List<RuleCondition> ruleConditions,
        Integer healthCheckPort) {

    public record RuleCondition(String type, String value) {}

    public Listener {
        ruleConditions = List.copyOf(ruleConditions);
    }

    public Listener(String endpoint, String healthCheckPath, int healthCheckInterval, int healthCheckTimeout,
                    int healthyThreshold, int unhealthyThreshold, int rulePriority, List<RuleCondition> ruleConditions) {
        this(endpoint, healthCheckPath, healthCheckInterval, healthCheckTimeout, healthyThreshold, unhealthyThreshold,
                rulePriority, ruleConditions, null);
    }
}
