package io.rambla.render;

import static io.rambla.render.Cfn.allow;
import static io.rambla.render.Cfn.list;
import static io.rambla.render.Cfn.map;
import static io.rambla.render.Cfn.nameTag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rambla.schema.AppEnvironment;
import io.rambla.schema.Application;
import io.rambla.schema.District;
import io.rambla.schema.EnvironmentVariable;
import io.rambla.schema.Listener;
import io.rambla.schema.ScheduledTask;
import io.rambla.schema.Service;
import io.rambla.schema.TaskSizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Renders one environment of an application: per service a task definition, an ECS service on
 * the district's capacity, a security group, a log group, and for web services a target group and
 * listener rule per listener; a one-off task definition for {@code before_deploy} and scheduled
 * tasks; and the two roles every task runs with.
 */
final class AppTemplate {

    /** Output keys of an app stack that do not depend on service names. */
    static final class Outputs {
        static final String ONE_OFF_TASK_DEFINITION_ARN = "OneOffTaskDefinitionArn";
        static final String ONE_OFF_CONTAINER_NAME = "OneOffContainerName";
        static final String ONE_OFF_SECURITY_GROUP_ID = "OneOffSecurityGroupId";
        static final String SUBNET_IDS = "SubnetIds";
        static final String CLUSTER_NAME = "ClusterName";
        static final String CAPACITY_PROVIDER = "CapacityProvider";

        private Outputs() {}
    }

    /** The container of the one-off task definition; {@code before_deploy} overrides its command. */
    static final String ONE_OFF_CONTAINER = "one-off";

    private static final int DEREGISTRATION_DELAY_SECONDS = 30;
    private static final Pattern ECR_IMAGE =
            Pattern.compile("^(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([^:@]+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppTemplate() {}

    /** The image every task of the environment runs: {@code image_name:image_tag}. */
    static String image(AppEnvironment env) {
        return env.imageTag() == null || env.imageTag().isBlank()
                ? env.imageName()
                : env.imageName() + ":" + env.imageTag();
    }

    /** The one-off task's cpu: Barcelona's one-off size unless before_deploy sets one. */
    static int oneOffCpu(AppEnvironment env) {
        return env.beforeDeployCpu();
    }

    /** The one-off task's memory: Barcelona's one-off size unless before_deploy sets one. */
    static int oneOffMemory(AppEnvironment env) {
        return env.beforeDeployMemory();
    }

    static RenderedTemplate render(Application application, AppEnvironment env, District district) {
        return new AppTemplate.Build(application, env, district).run();
    }

    private static final class Build {
        private final Application application;
        private final AppEnvironment env;
        private final District district;
        private final String districtUnit;
        private final boolean fargate;
        private final Template.Builder b;
        private final Map<String, ParameterValue> parameters = new TreeMap<>();
        private final List<Object> logGroupArns = new ArrayList<>();
        private final Object image;

        Build(Application application, AppEnvironment env, District district) {
            this.application = application;
            this.env = env;
            this.district = district;
            this.districtUnit = Unit.districtId(district.name());
            this.fargate = district.fargate();
            this.image = image(env);
            this.b = Template.builder("Rambla app " + application.name() + "/" + env.environment()
                    + " on district " + district.name() + ": services, tasks and schedules of image " + image);
        }

        RenderedTemplate run() {
            districtParameters();
            endpointParameters();
            roles();
            for (Service service : env.services()) {
                service(service);
            }
            oneOff();
            scheduledTasks();
            executionRolePolicy();
            return new RenderedTemplate(b.build(), parameters);
        }

        // ------------------------------------------------------------ parameters

        private void fromDistrict(String name, String type, String description, String output) {
            b.parameter(name, Template.Parameter.of(type, description));
            parameters.put(name, ParameterValue.output(districtUnit, output));
        }

        private void districtParameters() {
            fromDistrict("VpcId", "AWS::EC2::VPC::Id", "The district's VPC", DistrictTemplate.Outputs.VPC_ID);
            // A comma-separated string, split where a list is needed: the output below can then hand it
            // on as it came, with no Fn::Join over a list parameter.
            fromDistrict("SubnetIds", "String", "The district's private subnets, where tasks run, comma-separated",
                    DistrictTemplate.Outputs.PRIVATE_SUBNET_IDS);
            fromDistrict("ClusterName", "String", "The district's ECS cluster", DistrictTemplate.Outputs.CLUSTER_NAME);
            if (!fargate) {
                fromDistrict("CapacityProviderName", "String", "The district's EC2 capacity provider",
                        DistrictTemplate.Outputs.CAPACITY_PROVIDER_NAME);
            }
            if (!env.scheduledTasks().isEmpty()) {
                fromDistrict("ClusterArn", "String", "The district's ECS cluster ARN, target of scheduled tasks",
                        DistrictTemplate.Outputs.CLUSTER_ARN);
            }
        }

        private void endpointParameters() {
            Set<String> endpoints = new TreeSet<>();
            env.services().forEach(s -> s.listeners().forEach(l -> endpoints.add(l.endpoint())));
            for (String endpoint : endpoints) {
                if (district.endpoints().stream().noneMatch(e -> e.name().equals(endpoint))) {
                    throw new IllegalArgumentException("app " + application.name() + "/" + env.environment()
                            + " listens on endpoint `" + endpoint + "`, which district " + district.name()
                            + " does not declare");
                }
                String unit = Unit.endpointId(district.name(), endpoint);
                String e = Cfn.logicalName(endpoint);
                b.parameter(e + "ListenerArn", Template.Parameter.string(
                        "Listener of endpoint " + endpoint + " that routes to this app's services"));
                parameters.put(e + "ListenerArn", ParameterValue.output(unit, EndpointTemplate.Outputs.LISTENER_ARN));
                b.parameter(e + "LoadBalancerSecurityGroupId", Template.Parameter.of("AWS::EC2::SecurityGroup::Id",
                        "Security group of endpoint " + endpoint + "'s load balancer"));
                parameters.put(e + "LoadBalancerSecurityGroupId",
                        ParameterValue.output(unit, EndpointTemplate.Outputs.LOAD_BALANCER_SECURITY_GROUP_ID));
            }
        }

        private Object capacityProvider() {
            return fargate ? "FARGATE" : Fn.ref("CapacityProviderName");
        }

        private List<Object> capacityProviderStrategy() {
            return list(map("CapacityProvider", capacityProvider(), "Weight", 1));
        }

        private List<Object> capacityProviderStrategy(Service service) {
            return service.fargateSpot() && fargate
                    ? list(map("CapacityProvider", "FARGATE_SPOT", "Weight", 1))
                    : capacityProviderStrategy();
        }

        private Map<String, Object> awsvpc(String securityGroup) {
            return map("AssignPublicIp", "DISABLED",
                    "SecurityGroups", list(Fn.getAtt(securityGroup, "GroupId")),
                    "Subnets", Fn.split(",", Fn.ref("SubnetIds")));
        }

        // ------------------------------------------------------------ roles

        private void roles() {
            // The app's own AWS permissions: none by default; attach policies to this role outside Rambla if needed.
            b.resource("TaskRole", Template.Resource.of("AWS::IAM::Role", map(
                    "Description", "Role of the containers of " + application.name() + "/" + env.environment(),
                    "AssumeRolePolicyDocument", Cfn.assumedByFromThisAccount("ecs-tasks.amazonaws.com"),
                    "PermissionsBoundary", Cfn.permissionsBoundary())));
        }

        /** Written last: it lists every log group and every secret the template references. */
        private void executionRolePolicy() {
            List<Object> statements = list(allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"), logGroupArns));
            var ecr = ECR_IMAGE.matcher(env.imageName());
            if (ecr.matches()) {
                statements.add(allow(List.of("ecr:GetAuthorizationToken"), "*"));
                statements.add(allow(List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                                "ecr:GetDownloadUrlForLayer"),
                        Fn.sub("arn:${AWS::Partition}:ecr:" + ecr.group(2) + ":" + ecr.group(1)
                                + ":repository/" + ecr.group(3))));
            }
            Map<String, List<Object>> byAction = new TreeMap<>();
            Set<String> seen = new LinkedHashSet<>();
            for (SecretReference secret : secrets()) {
                String key = secret.action() + " " + TemplateWriter.valueJson(secret.resource());
                if (seen.add(key)) {
                    byAction.computeIfAbsent(secret.action(), a -> new ArrayList<>()).add(secret.resource());
                }
            }
            byAction.forEach((action, resources) -> statements.add(allow(List.of(action), resources)));
            // A secret under a customer-managed KMS key also needs kms:Decrypt: granted per service,
            // only through that service and only for the granted secrets (the encryption context the
            // service sends names the parameter or secret), so the role decrypts nothing else.
            byAction.forEach((action, resources) -> {
                String service = action.substring(0, action.indexOf(':'));
                String contextKey = service.equals("ssm") ? "kms:EncryptionContext:PARAMETER_ARN" : "kms:EncryptionContext:SecretARN";
                statements.add(map("Effect", "Allow", "Action", List.of("kms:Decrypt"), "Resource", "*",
                        "Condition", map("StringLike", map("kms:ViaService", service + ".*.amazonaws.com",
                                contextKey, resources))));
            });
            b.resource("ExecutionRole", Template.Resource.of("AWS::IAM::Role", map(
                    "Description", "Lets ECS start the tasks of " + application.name() + "/" + env.environment()
                            + ": pull the image, write logs, read the referenced secrets and nothing else",
                    "AssumeRolePolicyDocument", Cfn.assumedByFromThisAccount("ecs-tasks.amazonaws.com"),
                    "PermissionsBoundary", Cfn.permissionsBoundary(),
                    "Policies", list(Cfn.inlinePolicy("start-tasks", statements)))));
        }

        private List<SecretReference> secrets() {
            return sortedVariables().stream()
                    .filter(v -> v.value() == null)
                    .map(v -> SecretReference.of(v, district.name()))
                    .toList();
        }

        private List<EnvironmentVariable> sortedVariables() {
            return env.environmentVariables().stream()
                    .sorted(Comparator.comparing(EnvironmentVariable::name))
                    .toList();
        }

        // ------------------------------------------------------------ services

        private void service(Service service) {
            String s = Cfn.logicalName(service.name());
            boolean web = service.serviceType() == Service.ServiceType.WEB && !service.listeners().isEmpty();
            logGroup(s + "LogGroup");
            taskDefinition(s + "TaskDefinition", service.name(), service.cpu(), service.memory(),
                    service.command() == null ? List.of() : service.command().containerCommand(),
                    web ? service.webContainerPort() : null,
                    // Barcelona's web services learn their port from PORT, listeners or not.
                    service.web() ? Map.of("PORT", String.valueOf(service.webContainerPort())) : Map.of(),
                    s + "LogGroup", TaskSizes.fargate(service.cpu(), service.memory()));

            List<Object> ingress = list();
            List<Object> loadBalancers = list();
            List<String> rules = new ArrayList<>();
            Set<String> endpointsSeen = new LinkedHashSet<>();
            if (web) {
                for (Listener listener : service.listeners()) {
                    if (!endpointsSeen.add(listener.endpoint())) {
                        throw new IllegalArgumentException("service " + service.name() + " has two listeners on endpoint "
                                + listener.endpoint() + "; use one listener with several rule conditions");
                    }
                    String e = Cfn.logicalName(listener.endpoint());
                    String targetGroup = s + e + "TargetGroup";
                    String rule = s + e + "ListenerRule";
                    targetGroup(targetGroup, service, listener);
                    listenerRule(rule, e, targetGroup, listener);
                    rules.add(rule);
                    ingress.add(map(
                            "Description", "From endpoint " + listener.endpoint(),
                            "IpProtocol", "tcp",
                            "FromPort", service.webContainerPort(),
                            "ToPort", service.webContainerPort(),
                            "SourceSecurityGroupId", Fn.ref(e + "LoadBalancerSecurityGroupId")));
                    loadBalancers.add(map(
                            "ContainerName", service.name(),
                            "ContainerPort", service.webContainerPort(),
                            "TargetGroupArn", Fn.ref(targetGroup)));
                }
            }
            securityGroup(s + "SecurityGroup", "Tasks of service " + service.name()
                    + (web ? ": traffic from its load balancers only" : ": no inbound traffic"), ingress);

            boolean scaled = service.autoScaling() != null;
            int desired = service.desiredCount() == null ? 1 : service.desiredCount();
            b.resource(s + "Service", Template.Resource.of("AWS::ECS::Service", map(
                    "Cluster", Fn.ref("ClusterName"),
                    "TaskDefinition", Fn.ref(s + "TaskDefinition"),
                    // With auto scaling, the count belongs to Application Auto Scaling: an update must not reset it.
                    "DesiredCount", scaled ? null : desired,
                    "CapacityProviderStrategy", capacityProviderStrategy(service),
                    "NetworkConfiguration", map("AwsvpcConfiguration", awsvpc(s + "SecurityGroup")),
                    "DeploymentConfiguration", map(
                            "DeploymentCircuitBreaker", map("Enable", true, "Rollback", true),
                            "MaximumPercent", 200,
                            "MinimumHealthyPercent", 100),
                    "LoadBalancers", web ? loadBalancers : null,
                    "HealthCheckGracePeriodSeconds", web ? 60 : null,
                    "EnableECSManagedTags", true,
                    "PropagateTags", "SERVICE",
                    "Tags", nameTag(application.name() + "-" + env.environment() + "-" + service.name())))
                    .dependingOn(rules.toArray(String[]::new)));

            if (scaled) {
                var scaling = service.autoScaling();
                b.resource(s + "ScalableTarget", Template.Resource.of("AWS::ApplicationAutoScaling::ScalableTarget", map(
                        "MinCapacity", scaling.minCount(),
                        "MaxCapacity", scaling.maxCount(),
                        "ResourceId", Fn.sub("service/${ClusterName}/${" + s + "Service.Name}"),
                        "ScalableDimension", "ecs:service:DesiredCount",
                        "ServiceNamespace", "ecs")));
                b.resource(s + "ScalingPolicy", Template.Resource.of("AWS::ApplicationAutoScaling::ScalingPolicy", map(
                        "PolicyName", Fn.sub("${AWS::StackName}-" + service.name() + "-cpu"),
                        "PolicyType", "TargetTrackingScaling",
                        "ScalingTargetId", Fn.ref(s + "ScalableTarget"),
                        "TargetTrackingScalingPolicyConfiguration", map(
                                "PredefinedMetricSpecification", map(
                                        "PredefinedMetricType", "ECSServiceAverageCPUUtilization"),
                                "TargetValue", scaling.targetCpuPercent(),
                                "ScaleInCooldown", 300,
                                "ScaleOutCooldown", 60))));
            }

            b.output(s + "ServiceName", "ECS service " + service.name(), Fn.getAtt(s + "Service", "Name"));
            b.output(s + "TaskDefinitionArn", "Task definition of service " + service.name(), Fn.ref(s + "TaskDefinition"));
            b.output(s + "SecurityGroupId", "Security group of service " + service.name() + "'s tasks",
                    Fn.getAtt(s + "SecurityGroup", "GroupId"));
        }

        private void logGroup(String logicalId) {
            b.resource(logicalId, Template.Resource.of("AWS::Logs::LogGroup", Cfn.logGroup(district)).retained());
            logGroupArns.add(Fn.getAtt(logicalId, "Arn"));
        }

        private void securityGroup(String logicalId, String description, List<Object> ingress) {
            b.resource(logicalId, Template.Resource.of("AWS::EC2::SecurityGroup", map(
                    "GroupDescription", description,
                    "VpcId", Fn.ref("VpcId"),
                    "SecurityGroupIngress", ingress.isEmpty() ? null : ingress,
                    "SecurityGroupEgress", list(map(
                            "Description", "Outbound to AWS APIs, databases and the internet through NAT",
                            "IpProtocol", "-1",
                            "CidrIp", "0.0.0.0/0")))));
        }

        /**
         * Sizes are the container's, as Barcelona set them (no cpu reservation unless given); on Fargate the
         * task also needs a task-level size, {@code fargateSize}.
         */
        private void taskDefinition(String logicalId, String container, Integer cpu, int memory, List<String> command,
                                    Integer port, Map<String, String> extraEnvironment, String logGroup,
                                    TaskSizes.Size fargateSize) {
            List<Object> environment = list();
            List<Object> secrets = list();
            Map<String, String> plain = new TreeMap<>();
            for (EnvironmentVariable v : sortedVariables()) {
                if (v.value() != null) {
                    plain.put(v.name(), v.value());
                }
            }
            plain.putAll(extraEnvironment);
            plain.forEach((name, value) -> environment.add(map("Name", name, "Value", value)));
            for (EnvironmentVariable v : sortedVariables()) {
                if (v.value() != null) {
                    continue;
                } else {
                    secrets.add(map("Name", v.name(), "ValueFrom", SecretReference.of(v, district.name()).valueFrom()));
                }
            }
            Map<String, Object> definition = map(
                    "Name", container,
                    "Image", image,
                    "Essential", true,
                    "Cpu", cpu,
                    "Memory", memory,
                    "Command", command.isEmpty() ? null : new ArrayList<Object>(command),
                    "PortMappings", port == null ? null : list(map("ContainerPort", port, "Protocol", "tcp")),
                    "Environment", environment.isEmpty() ? null : environment,
                    "Secrets", secrets.isEmpty() ? null : secrets,
                    "LogConfiguration", map(
                            "LogDriver", "awslogs",
                            "Options", map(
                                    "awslogs-group", Fn.ref(logGroup),
                                    "awslogs-region", Fn.REGION,
                                    "awslogs-stream-prefix", container)));
            b.resource(logicalId, Template.Resource.of("AWS::ECS::TaskDefinition", map(
                    "Family", Fn.sub("${AWS::StackName}-" + container),
                    "NetworkMode", "awsvpc",
                    "RequiresCompatibilities", list(fargate ? "FARGATE" : "EC2"),
                    "Cpu", fargate ? String.valueOf(fargateSize.cpu()) : null,
                    "Memory", fargate ? String.valueOf(fargateSize.memory()) : null,
                    "ExecutionRoleArn", Fn.getAtt("ExecutionRole", "Arn"),
                    "TaskRoleArn", Fn.getAtt("TaskRole", "Arn"),
                    "ContainerDefinitions", list(definition))));
        }

        private void targetGroup(String logicalId, Service service, Listener listener) {
            b.resource(logicalId, Template.Resource.of("AWS::ElasticLoadBalancingV2::TargetGroup", map(
                    "TargetType", "ip",
                    "Protocol", "HTTP",
                    "Port", service.webContainerPort(),
                    "VpcId", Fn.ref("VpcId"),
                    "HealthCheckProtocol", "HTTP",
                    "HealthCheckPath", listener.healthCheckPath(),
                    "HealthCheckPort", listener.healthCheckPort() == null ? null : String.valueOf(listener.healthCheckPort()),
                    "HealthCheckIntervalSeconds", listener.healthCheckInterval(),
                    "HealthCheckTimeoutSeconds", listener.healthCheckTimeout(),
                    "HealthyThresholdCount", listener.healthyThreshold(),
                    "UnhealthyThresholdCount", listener.unhealthyThreshold(),
                    "TargetGroupAttributes", list(map(
                            "Key", "deregistration_delay.timeout_seconds",
                            "Value", String.valueOf(DEREGISTRATION_DELAY_SECONDS))))));
        }

        private void listenerRule(String logicalId, String endpoint, String targetGroup, Listener listener) {
            // One condition per field, its values OR-ed; fields sorted so the template does not depend on YAML order.
            Map<String, List<Object>> byField = new TreeMap<>();
            for (Listener.RuleCondition c : listener.ruleConditions()) {
                byField.computeIfAbsent(c.type(), t -> new ArrayList<>()).add(c.value());
            }
            if (byField.isEmpty()) {
                byField.put("path-pattern", list("/*"));
            }
            List<Object> conditions = list();
            byField.forEach((field, values) -> conditions.add(map("Field", field, configKey(field), map("Values", values))));
            b.resource(logicalId, Template.Resource.of("AWS::ElasticLoadBalancingV2::ListenerRule", map(
                    "ListenerArn", Fn.ref(endpoint + "ListenerArn"),
                    "Priority", listener.rulePriority(),
                    "Conditions", conditions,
                    "Actions", list(map("Type", "forward", "TargetGroupArn", Fn.ref(targetGroup))))));
        }

        private static String configKey(String field) {
            return switch (field) {
                case "path-pattern" -> "PathPatternConfig";
                case "host-header" -> "HostHeaderConfig";
                default -> throw new IllegalArgumentException("rule condition `" + field
                        + "` is not supported; use path-pattern or host-header");
            };
        }

        // ------------------------------------------------------------ one-off and scheduled tasks

        private void oneOff() {
            logGroup("OneOffLogGroup");
            taskDefinition("OneOffTaskDefinition", ONE_OFF_CONTAINER, oneOffCpu(env), oneOffMemory(env),
                    List.of(), null, env.runEnv(), "OneOffLogGroup", TaskSizes.fargateOneOff(oneOffCpu(env), oneOffMemory(env)));
            securityGroup("OneOffSecurityGroup", "One-off and scheduled tasks of " + application.name() + "/"
                    + env.environment() + ": no inbound traffic", list());

            b.output(Outputs.ONE_OFF_TASK_DEFINITION_ARN,
                    "Task definition for before_deploy and one-off commands: override the command of container "
                            + ONE_OFF_CONTAINER, Fn.ref("OneOffTaskDefinition"));
            b.output(Outputs.ONE_OFF_CONTAINER_NAME, "The container whose command one-off runs override",
                    ONE_OFF_CONTAINER);
            b.output(Outputs.ONE_OFF_SECURITY_GROUP_ID, "Security group for one-off tasks",
                    Fn.getAtt("OneOffSecurityGroup", "GroupId"));
            b.output(Outputs.SUBNET_IDS, "Subnets tasks run in, comma-separated", Fn.ref("SubnetIds"));
            b.output(Outputs.CLUSTER_NAME, "The cluster tasks run on", Fn.ref("ClusterName"));
            b.output(Outputs.CAPACITY_PROVIDER, "The capacity provider tasks run on", capacityProvider());
        }

        private void scheduledTasks() {
            if (env.scheduledTasks().isEmpty()) {
                return;
            }
            b.resource("ScheduledTaskRole", Template.Resource.of("AWS::IAM::Role", map(
                    "Description", "Lets EventBridge run the scheduled tasks of " + application.name() + "/"
                            + env.environment(),
                    "AssumeRolePolicyDocument", Cfn.assumedByFromThisAccount("events.amazonaws.com"),
                    "PermissionsBoundary", Cfn.permissionsBoundary(),
                    "Policies", list(Cfn.inlinePolicy("run-scheduled-tasks", list(
                            map("Effect", "Allow",
                                    "Action", List.of("ecs:RunTask"),
                                    // Every revision of the one-off family: a rule may still point at the
                                    // previous revision while a deploy replaces it.
                                    "Resource", Fn.sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/${AWS::StackName}-"
                                            + ONE_OFF_CONTAINER + ":*"),
                                    "Condition", map("ArnEquals", map("ecs:cluster", Fn.ref("ClusterArn")))),
                            map("Effect", "Allow",
                                    "Action", List.of("iam:PassRole"),
                                    "Resource", list(Fn.getAtt("ExecutionRole", "Arn"), Fn.getAtt("TaskRole", "Arn")),
                                    "Condition", map("StringEquals",
                                            map("iam:PassedToService", "ecs-tasks.amazonaws.com")))))))));
            int n = 0;
            for (ScheduledTask task : env.scheduledTasks()) {
                n++;
                b.resource("ScheduledTask" + n + "Rule", Template.Resource.of("AWS::Events::Rule", map(
                        "Description", truncate("Scheduled task " + n + " of " + application.name() + "/"
                                + env.environment() + ": " + String.join(" ", task.command()), 512),
                        "ScheduleExpression", task.schedule(),
                        "State", "ENABLED",
                        "Targets", list(map(
                                "Id", "one-off",
                                "Arn", Fn.ref("ClusterArn"),
                                "RoleArn", Fn.getAtt("ScheduledTaskRole", "Arn"),
                                "Input", overrides(task, fargate),
                                "EcsParameters", map(
                                        "TaskDefinitionArn", Fn.ref("OneOffTaskDefinition"),
                                        "TaskCount", 1,
                                        "CapacityProviderStrategy", capacityProviderStrategy(),
                                        "NetworkConfiguration", map("AwsVpcConfiguration", awsvpc("OneOffSecurityGroup")),
                                        "EnableECSManagedTags", true,
                                        "PropagateTags", "TASK_DEFINITION"))))));
            }
        }

        /** The command and Barcelona's scheduled-task size, as RunTask overrides of the one-off task definition. */
        private static String overrides(ScheduledTask task, boolean fargate) {
            Map<String, Object> container = new LinkedHashMap<>();
            container.put("name", ONE_OFF_CONTAINER);
            container.put("command", task.command());
            container.put("cpu", task.cpu());
            container.put("memory", task.memory());
            Map<String, Object> overrides = new LinkedHashMap<>();
            overrides.put("containerOverrides", List.of(container));
            if (fargate) {
                TaskSizes.Size size = TaskSizes.fargateOneOff(task.cpu(), task.memory());
                overrides.put("cpu", String.valueOf(size.cpu()));
                overrides.put("memory", String.valueOf(size.memory()));
            }
            try {
                return JSON.writeValueAsString(overrides);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String truncate(String text, int max) {
            return text.length() <= max ? text : text.substring(0, max - 1) + "…";
        }
    }
}
