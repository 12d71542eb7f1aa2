package io.rambla.schema;

import java.util.List;

/**
 * Every default the loader applies, in one place. Barcelona's own defaults are kept where it had
 * one (degica/barcelona models); the rest are Rambla's and are documented as such in
 * docs/reference.
 */
public final class Defaults {

    private Defaults() {}

    // District (Barcelona: District#set_default_attributes)
    public static final String REGION = "us-east-1";
    public static final District.NatType NAT_TYPE = District.NatType.INSTANCE;
    /** Barcelona called its only backend {@code autoscaling}; Rambla names it {@code ec2}. */
    public static final String CLUSTER_BACKEND = "ec2";
    public static final String CLUSTER_INSTANCE_TYPE = "t3.small";
    public static final int CLUSTER_SIZE = 1;
    /** Rambla: days log groups keep their events; one year, as PCI DSS 10.5.1 asks of audit logs. */
    public static final int LOG_RETENTION_DAYS = 365;
    /** Notified unless a district lists its own {@code events}: everything but routine applies. */
    public static final List<District.NotificationEvent> NOTIFICATION_EVENTS =
            List.of(District.NotificationEvent.FAILED, District.NotificationEvent.RECOVERED, District.NotificationEvent.DRIFT,
                    District.NotificationEvent.AWAITING_APPROVAL);
    /** Rambla: new ECS-optimized AMIs (security patches) roll out on their own. */
    public static final District.ClusterAmi CLUSTER_AMI = new District.ClusterAmi.Automatic();

    // Endpoint (Barcelona: Endpoint after_initialize)
    public static final boolean ENDPOINT_PUBLIC = true;
    public static final Endpoint.SslPolicy SSL_POLICY = Endpoint.SslPolicy.INTERMEDIATE;
    /** Rambla: AWS refuses to delete a load balancer until this is turned off. */
    public static final boolean ENDPOINT_DELETION_PROTECTION = true;

    // Environment
    public static final String IMAGE_TAG = "latest";

    // Service (Barcelona: Service after_initialize, Service#web_container_port)
    public static final Service.ServiceType SERVICE_TYPE = Service.ServiceType.DEFAULT;
    /** Barcelona's services reserve no CPU unless {@code cpu} is set (app/models/service.rb: cpu allow_nil). */
    public static final Integer CPU = null;
    public static final int MEMORY = 512;
    public static final int WEB_CONTAINER_PORT = 3000;
    /**
     * Barcelona's one-off and scheduled tasks (app/models/heritage_task_definition.rb,
     * oneoff_definition and schedule_definition): 128 CPU units, 512 MiB.
     */
    public static final int ONE_OFF_CPU = 128;
    public static final int ONE_OFF_MEMORY = 512;
    /** Fargate's smallest task: used when a Fargate service sets no {@code cpu}. */
    public static final int FARGATE_MIN_CPU = 256;
    public static final boolean FORCE_SSL = false;
    /** Rambla extension: target of CPU target tracking when {@code auto_scaling} omits it. */
    public static final int TARGET_CPU_PERCENT = 70;

    // Listener (Barcelona: Listener before_validation)
    public static final String HEALTH_CHECK_PATH = "/";
    public static final int HEALTH_CHECK_INTERVAL = 10;
    public static final int HEALTH_CHECK_TIMEOUT = 5;
    public static final int HEALTHY_THRESHOLD = 2;
    public static final int UNHEALTHY_THRESHOLD = 2;
    public static final int RULE_PRIORITY = 100;
    public static final List<Listener.RuleCondition> RULE_CONDITIONS =
            List.of(new Listener.RuleCondition("path-pattern", "*"));

    // rambla.yml
    public static final Settings SETTINGS = Settings.defaults();
}
