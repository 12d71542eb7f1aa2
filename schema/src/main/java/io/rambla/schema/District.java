package io.rambla.schema;

import java.util.List;
import java.util.Map;

/**
 * A district: the shared network and ECS cluster of one environment, read from
 * {@code districts/<name>.yml}. Field names follow Barcelona's district attributes.
 *
 * @param file the source file relative to the repository root
 */
public record District(
        String name,
        String file,
        String region,
        String cidrBlock,
        NatType natType,
        String clusterBackend,
        String clusterInstanceType,
        int clusterSize,
        List<Endpoint> endpoints,
        Map<String, String> tags) {

    public enum NatType { INSTANCE, MANAGED_GATEWAY, MANAGED_GATEWAY_MULTI_AZ }

    public District {
        endpoints = List.copyOf(endpoints);
        tags = Map.copyOf(tags);
    }
}
