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
 * @param file     the source file relative to the repository root
 * @param approval which of the district's commits wait for an operator; null follows {@code rambla.yml}
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
        ClusterAmi clusterAmi,
        Approval approval,
        List<ReviewGroup> reviewGroups) {

    /**
     * Barcelona's review group: review apps of {@code review: group: NAME} run in this district,
     * behind {@code endpoint}, at {@code <pull request>-<app>.<baseDomain>}.
     */
    public record ReviewGroup(String name, String endpoint, String baseDomain) {}

    /**
     * Where a district reports what happens to its units (its own, its endpoints' and its apps').
     * Every URL and key is a secret reference (an SSM parameter path or an SSM / Secrets Manager
     * ARN), never the value itself.
     *
     * @param slackWebhookUrlSecret a Slack incoming webhook's URL; null for none
     * @param webhookUrlSecret      a generic JSON webhook's URL; null for none
     * @param webhookSigningSecret  the HMAC-SHA256 key signing the JSON webhook's bodies; set when {@code webhookUrlSecret} is
     * @param events                the events sent, in a fixed order
     */
    public record Notifications(String slackWebhookUrlSecret, String webhookUrlSecret, String webhookSigningSecret,
            List<NotificationEvent> events) {

        public Notifications {
            events = events.stream().distinct().sorted().toList();
        }

        /** Slack only, with the default events. */
        public Notifications(String slackWebhookUrlSecret) {
            this(slackWebhookUrlSecret, null, null, Defaults.NOTIFICATION_EVENTS);
        }
    }

    /** What a district can be told about: a unit failed, recovered, was applied, or drifted. */
    public enum NotificationEvent {
        FAILED, RECOVERED, DRIFT, APPLIED, AWAITING_APPROVAL;

        /** The word used in district files and in webhook payloads. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code NONE} is a Rambla extension: private subnets without a route to the internet. */
    public enum NatType { INSTANCE, MANAGED_GATEWAY, MANAGED_GATEWAY_MULTI_AZ, NONE }

    /**
     * Which AMI the cluster's instances run. {@link Automatic}: the AMI an SSM parameter names, read
     * at every plan, so a new one rolls out (by default AWS's public parameter of the newest
     * ECS-optimized Amazon Linux 2023 AMI; a team may name its own, for a hardened image);
     * {@link Manual}: the AMI the live stack already runs, until an operator switches to automatic
     * or pins one (a new district starts on the newest); {@link Pinned}: exactly this id.
     */
    public sealed interface ClusterAmi permits ClusterAmi.Automatic, ClusterAmi.Manual, ClusterAmi.Pinned {
        /** AWS's public SSM parameter naming the newest ECS-optimized Amazon Linux 2023 AMI. */
        String ECS_OPTIMIZED_AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";

        /** @param ssmParameter the SSM parameter whose value is the AMI id, in the district's region */
        record Automatic(String ssmParameter) implements ClusterAmi {
            public Automatic() {
                this(ECS_OPTIMIZED_AL2023);
            }
        }

        record Manual() implements ClusterAmi {}

        record Pinned(String imageId) implements ClusterAmi {}
    }

    public District {
        endpoints = List.copyOf(endpoints);
        tags = Map.copyOf(tags);
        clusterAmi = clusterAmi == null ? Defaults.CLUSTER_AMI : clusterAmi;
        reviewGroups = reviewGroups == null ? List.of() : List.copyOf(reviewGroups);
    }

    /** A district without review groups that follows the repository's approval setting. */
    public District(String name, String file, String region, String cidrBlock, NatType natType, String clusterBackend,
            String clusterInstanceType, int clusterSize, boolean fargate, List<Endpoint> endpoints,
            Notifications notifications, Map<String, String> tags, int logRetentionDays, String logKmsKeyArn,
            ClusterAmi clusterAmi) {
        this(name, file, region, cidrBlock, natType, clusterBackend, clusterInstanceType, clusterSize, fargate, endpoints,
                notifications, tags, logRetentionDays, logKmsKeyArn, clusterAmi, null, List.of());
    }

    /** A district with the defaults for log retention, log encryption and AMI updates. */
    public District(String name, String file, String region, String cidrBlock, NatType natType, String clusterBackend,
            String clusterInstanceType, int clusterSize, boolean fargate, List<Endpoint> endpoints,
            Notifications notifications, Map<String, String> tags) {
        this(name, file, region, cidrBlock, natType, clusterBackend, clusterInstanceType, clusterSize, fargate, endpoints,
                notifications, tags, Defaults.LOG_RETENTION_DAYS, null, Defaults.CLUSTER_AMI, null, List.of());
    }

    /** The approval that holds this district's units: its own, else the repository's. */
    public Approval approvalUnder(Settings settings) {
        return approval != null ? approval : settings.approval();
    }
}
