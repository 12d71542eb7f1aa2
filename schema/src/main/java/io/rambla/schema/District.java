package io.rambla.schema;

import java.util.List;
import java.util.Map;

/**
 * {@code clusterBackend} is Barcelona's {@code ec2}; {@code fargate} (a Rambla extension) adds
 * Fargate capacity providers to the cluster. {@code notifications} may be null.
 *
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
        boolean fargate,
        List<Endpoint> endpoints,
        Notifications notifications,
        Map<String, String> tags) {

    /** Where a district reports events; the Slack webhook URL is a secret reference, never the URL itself. */
    public record Notifications(String slackWebhookUrlSecret) {}

    /** {@code NONE} is a Rambla extension: private subnets without a route to the internet. */
    public enum NatType { INSTANCE, MANAGED_GATEWAY, MANAGED_GATEWAY_MULTI_AZ, NONE }

    public District {
        endpoints = List.copyOf(endpoints);
        tags = Map.copyOf(tags);
    }
}
