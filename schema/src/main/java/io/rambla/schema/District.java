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
        Map<String, String> tags,
        int logRetentionDays,
        String logKmsKeyArn,
        ClusterAmi clusterAmi) {

    /** Where a district reports events; the Slack webhook URL is a secret reference, never the URL itself. */
    public record Notifications(String slackWebhookUrlSecret) {}

    /** {@code NONE} is a Rambla extension: private subnets without a route to the internet. */
    public enum NatType { INSTANCE, MANAGED_GATEWAY, MANAGED_GATEWAY_MULTI_AZ, NONE }

    /**
     * Which AMI the cluster's instances run. {@link Automatic}: the newest ECS-optimized AMI AWS
     * publishes, read at every plan, so a new one rolls out; {@link Manual}: the AMI the live stack
     * already runs, until an operator switches to {@code automatic} or pins one (a new district
     * starts on the newest); {@link Pinned}: exactly this id.
     */
    public sealed interface ClusterAmi permits ClusterAmi.Automatic, ClusterAmi.Manual, ClusterAmi.Pinned {
        record Automatic() implements ClusterAmi {}
        record Manual() implements ClusterAmi {}
        record Pinned(String imageId) implements ClusterAmi {}
    }

    public District {
        endpoints = List.copyOf(endpoints);
        tags = Map.copyOf(tags);
        clusterAmi = clusterAmi == null ? Defaults.CLUSTER_AMI : clusterAmi;
    }

    /** A district with the defaults for log retention, log encryption and AMI updates. */
    public District(String name, String file, String region, String cidrBlock, NatType natType, String clusterBackend,
            String clusterInstanceType, int clusterSize, boolean fargate, List<Endpoint> endpoints,
            Notifications notifications, Map<String, String> tags) {
        this(name, file, region, cidrBlock, natType, clusterBackend, clusterInstanceType, clusterSize, fargate, endpoints,
                notifications, tags, Defaults.LOG_RETENTION_DAYS, null, Defaults.CLUSTER_AMI);
    }
}
