package io.rambla.schema;

import java.util.List;

/**
 * Every key the loader reads, by the mapping it appears in, and the Barcelona keys it accepts
 * without acting on them. The JSON Schemas and the reference docs are tested against this list,
 * so the three stay in step.
 */
public enum KnownKeys {

    SETTINGS("rambla.yml", List.of("stack_prefix", "prune", "default_district", "approval"), List.of()),

    DISTRICT("district file",
            List.of("name", "region", "cidr_block", "nat_type", "cluster_backend", "cluster_instance_type",
                    "cluster_size", "endpoints", "notifications", "tags", "secret_scope", "log_retention_days",
                    "log_kms_key_arn", "cluster_ami", "approval", "review_groups"),
            List.of("aws_access_key_id", "aws_secret_access_key", "aws_role", "s3_bucket_name", "stack_name",
                    "dockercfg", "plugins", "ssh_ca_public_key", "users", "slack_url")),

    ENDPOINT("endpoint", List.of("name", "public", "certificate_arn", "ssl_policy", "deletion_protection"), List.of()),

    NOTIFICATIONS("notifications", List.of("slack_webhook_url_secret", "webhook_url_secret", "webhook_signing_secret", "events"),
            List.of()),

    APPLICATION("barcelona.yml", List.of("environments", "review"), List.of("bcnd", "reviewapp")),

    REVIEW("review", List.of("group", "image_name", "before_deploy", "environment", "services"), List.of()),

    REVIEW_GROUP("review group", List.of("name", "endpoint", "base_domain"), List.of()),

    ENVIRONMENT("environment",
            List.of("name", "district", "image_name", "image_tag", "before_deploy", "services", "environment",
                    "scheduled_tasks", "env_vars", "run_env", "slack_url"),
            List.of("notifications", "version")),

    RUN_ENV("run_env", List.of("vars"), List.of()),

    BEFORE_DEPLOY("before_deploy", List.of("command", "cpu", "memory"), List.of()),

    SERVICE("service",
            List.of("name", "service_type", "cpu", "memory", "command", "force_ssl", "web_container_port",
                    "desired_count", "auto_scaling", "listeners", "fargate_spot"),
            List.of("public", "hosts", "port_mappings", "reverse_proxy_image", "health_check")),

    AUTO_SCALING("auto_scaling", List.of("min_count", "max_count", "target_cpu_percent"), List.of()),

    LISTENER("listener",
            List.of("endpoint", "health_check_path", "health_check_interval", "health_check_timeout",
                    "healthy_threshold_count", "unhealthy_threshold_count", "rule_priority", "rule_conditions",
                    "health_check_port"),
            List.of()),

    RULE_CONDITION("rule condition", List.of("type", "value"), List.of()),

    ENVIRONMENT_VARIABLE("environment variable", List.of("name", "value", "value_from", "ssm_path"), List.of()),

    SCHEDULED_TASK("scheduled task", List.of("schedule", "command", "cpu", "memory"), List.of());

    private final String description;
    private final List<String> keys;
    private final List<String> barcelonaOnly;

    KnownKeys(String description, List<String> keys, List<String> barcelonaOnly) {
        this.description = description;
        this.keys = keys;
        this.barcelonaOnly = barcelonaOnly;
    }

    /** What the mapping is, in words, for messages: "service", "district file". */
    public String description() {
        return description;
    }

    /** Keys Rambla reads and acts on. */
    public List<String> keys() {
        return keys;
    }

    /** Barcelona keys that load with a warning because Rambla does not act on them. */
    public List<String> barcelonaOnly() {
        return barcelonaOnly;
    }
}
