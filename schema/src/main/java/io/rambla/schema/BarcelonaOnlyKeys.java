package io.rambla.schema;

import java.util.Map;
import java.util.Optional;

/**
 * For each Barcelona key that Rambla accepts without acting on it, what Rambla does instead, so
 * the warning tells a reader what changes when the file moves from Barcelona to Rambla.
 */
final class BarcelonaOnlyKeys {

    private static final String CLASSIC_ELB = "Rambla has no classic ELB nor reverse proxy sidecar: "
            + "web services take traffic through `listeners` on an endpoint's load balancer";

    private static final Map<String, String> INSTEAD = Map.ofEntries(
            Map.entry("APPLICATION/bcnd", "Rambla deploys on commits to the infrastructure repository, not through bcnd"),
            Map.entry("APPLICATION/reviewapp", "Rambla reads review apps from `review:` (see docs/review-apps.md)"),
            Map.entry("ENVIRONMENT/notifications", "notifications are set per district (`notifications` in the district file)"),
            Map.entry("ENVIRONMENT/version", "Rambla has one backend, Barcelona's version 2 (CloudFormation, ALB listeners)"),
            Map.entry("SERVICE/public", CLASSIC_ELB),
            Map.entry("SERVICE/hosts", CLASSIC_ELB),
            Map.entry("SERVICE/port_mappings", CLASSIC_ELB),
            Map.entry("SERVICE/reverse_proxy_image", CLASSIC_ELB),
            Map.entry("SERVICE/health_check", CLASSIC_ELB + "; set health checks on the listener"),
            Map.entry("DISTRICT/aws_access_key_id", "Rambla uses the daemon's own AWS credentials"),
            Map.entry("DISTRICT/aws_secret_access_key", "Rambla uses the daemon's own AWS credentials"),
            Map.entry("DISTRICT/aws_role", "Rambla uses the daemon's own AWS credentials"),
            Map.entry("DISTRICT/s3_bucket_name", "Rambla names the district's bucket itself"),
            Map.entry("DISTRICT/stack_name", "Rambla names stacks rambla-district-<name> (see rambla.yml `stack_prefix`)"),
            Map.entry("DISTRICT/dockercfg", "pull private images from ECR with the task execution role"),
            Map.entry("DISTRICT/plugins", "Rambla has no plugins; the district template is fixed good practice"),
            Map.entry("DISTRICT/ssh_ca_public_key", "Rambla's instances take no SSH; use ECS Exec or SSM Session Manager"),
            Map.entry("DISTRICT/users", "Rambla's instances take no SSH; use ECS Exec or SSM Session Manager"),
            Map.entry("DISTRICT/slack_url", "set `notifications.slack_webhook_url_secret` instead"));

    private BarcelonaOnlyKeys() {}

    /** What Rambla does instead of acting on {@code key} of {@code section}, when known. */
    static Optional<String> instead(KnownKeys section, String key) {
        return Optional.ofNullable(INSTEAD.get(section.name() + "/" + key));
    }
}
