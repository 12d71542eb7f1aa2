package io.rambla.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A pure tree diff between a live template and a desired one, resource by resource and property by
 * property. References to parameters are replaced by the parameters' values first, so a changed
 * parameter shows where it lands (a task definition's image), and NoEcho parameters are masked
 * wherever they appear. No calls, no clock: the same two templates always give the same diff.
 *
 * <p>CloudFormation's change set is the authority on what is replaced; where there is none (offline,
 * or an emulator that gives no details), {@link #REPLACING} names the properties that force a
 * replacement for the types Rambla renders, from CloudFormation's resource reference.
 */
public final class TemplateDiff {

    /** What a masked value shows. */
    public static final String MASK = "****";

    /** Longest value shown; a longer one is cut, and says so. */
    static final int MAX_VALUE = 300;

    /** The properties whose change replaces the resource, per type; {@code *} means every property but Tags. */
    static final Map<String, Set<String>> REPLACING = Map.ofEntries(
            Map.entry("AWS::ECS::TaskDefinition", Set.of("*")),
            Map.entry("AWS::ECS::Service", Set.of("ServiceName", "Cluster", "LaunchType", "Role", "SchedulingStrategy")),
            Map.entry("AWS::ECS::Cluster", Set.of("ClusterName")),
            Map.entry("AWS::S3::Bucket", Set.of("BucketName", "ObjectLockEnabled")),
            Map.entry("AWS::Logs::LogGroup", Set.of("LogGroupName", "LogGroupClass")),
            Map.entry("AWS::EC2::VPC", Set.of("CidrBlock", "InstanceTenancy", "Ipv4IpamPoolId")),
            Map.entry("AWS::EC2::Subnet", Set.of("AvailabilityZone", "AvailabilityZoneId", "CidrBlock", "VpcId")),
            Map.entry("AWS::EC2::SecurityGroup", Set.of("GroupDescription", "GroupName", "VpcId")),
            Map.entry("AWS::EC2::RouteTable", Set.of("VpcId")),
            Map.entry("AWS::EC2::Route", Set.of("RouteTableId", "DestinationCidrBlock", "DestinationIpv6CidrBlock")),
            Map.entry("AWS::EC2::NatGateway", Set.of("AllocationId", "SubnetId", "ConnectivityType")),
            Map.entry("AWS::EC2::EIP", Set.of("Domain")),
            Map.entry("AWS::EC2::VPCEndpoint", Set.of("ServiceName", "VpcId", "VpcEndpointType")),
            Map.entry("AWS::EC2::FlowLog", Set.of("*")),
            Map.entry("AWS::EC2::LaunchTemplate", Set.of("LaunchTemplateName")),
            Map.entry("AWS::ElasticLoadBalancingV2::LoadBalancer", Set.of("Name", "Scheme", "Type")),
            Map.entry("AWS::ElasticLoadBalancingV2::TargetGroup", Set.of("Name", "Port", "Protocol", "ProtocolVersion", "TargetType", "VpcId")),
            Map.entry("AWS::ElasticLoadBalancingV2::ListenerRule", Set.of("ListenerArn")),
            Map.entry("AWS::ElasticLoadBalancingV2::Listener", Set.of("LoadBalancerArn")),
            Map.entry("AWS::IAM::Role", Set.of("RoleName", "Path")),
            Map.entry("AWS::IAM::InstanceProfile", Set.of("InstanceProfileName", "Path")),
            Map.entry("AWS::Events::Rule", Set.of("Name", "EventBusName")),
            Map.entry("AWS::AutoScaling::AutoScalingGroup", Set.of("AutoScalingGroupName")),
            Map.entry("AWS::ECS::CapacityProvider", Set.of("Name", "AutoScalingGroupProvider.AutoScalingGroupArn")),
            Map.entry("AWS::ApplicationAutoScaling::ScalableTarget", Set.of("ResourceId", "ScalableDimension", "ServiceNamespace")),
            Map.entry("AWS::ApplicationAutoScaling::ScalingPolicy", Set.of("PolicyName", "ResourceId", "ScalableDimension", "ServiceNamespace", "ScalingTargetId")));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Set<String> ATTRIBUTES = Set.of("Condition", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "Metadata");

    private TemplateDiff() {}

    /** The resource and parameter changes from the live stack to the desired one. */
    public record Result(List<ResourcePlan> resources, List<ValueChange> parameters) {
        public Result {
            resources = List.copyOf(resources);
            parameters = List.copyOf(parameters);
        }
    }

    /**
     * Diffs two templates. {@code liveTemplate} is null when the stack does not exist yet (every
     * resource is added), {@code desiredTemplate} is null when the stack is to be deleted.
     *
     * @throws IllegalArgumentException when a template is neither JSON nor YAML, or has no mapping at its root
     */
    public static Result between(String liveTemplate, Map<String, String> liveParameters,
                                 String desiredTemplate, Map<String, String> desiredParameters) {
        ObjectNode live = parse(liveTemplate, "live");
        ObjectNode desired = parse(desiredTemplate, "desired");
        Set<String> secret = new TreeSet<>();
        secret.addAll(noEcho(live));
        secret.addAll(noEcho(desired));
        JsonNode liveResources = resolve(live.path("Resources"), liveParameters, secret);
        JsonNode desiredResources = resolve(desired.path("Resources"), desiredParameters, secret);

        List<ResourcePlan> resources = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        liveResources.fieldNames().forEachRemaining(ids::add);
        desiredResources.fieldNames().forEachRemaining(ids::add);
        for (String id : ids) {
            JsonNode before = liveResources.get(id);
            JsonNode after = desiredResources.get(id);
            if (before == null || !before.isObject()) {
                resources.add(new ResourcePlan(ResourcePlan.Action.ADD, id, type(after), ResourcePlan.Replacement.FALSE,
                        List.of(), changesOf(after, true)));
            } else if (after == null || !after.isObject()) {
                resources.add(new ResourcePlan(ResourcePlan.Action.REMOVE, id, type(before), ResourcePlan.Replacement.FALSE,
                        List.of(), List.of()));
            } else if (!before.equals(after)) {
                List<ValueChange> changes = new ArrayList<>();
                String type = type(after);
                boolean typeChanged = !type.equals(type(before));
                if (typeChanged) {
                    changes.add(new ValueChange("Type", type(before), type));
                }
                diff("", before.path("Properties"), after.path("Properties"), changes);
                for (String attribute : ATTRIBUTES) {
                    diff(attribute, before.path(attribute), after.path(attribute), changes);
                }
                List<String> causes = typeChanged ? List.of("Type") : causes(type, changes);
                resources.add(new ResourcePlan(ResourcePlan.Action.MODIFY, id, type,
                        causes.isEmpty() ? ResourcePlan.Replacement.FALSE : ResourcePlan.Replacement.TRUE, causes, changes));
            }
        }

        List<ValueChange> parameters = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        names.addAll(liveParameters.keySet());
        names.addAll(desiredParameters.keySet());
        if (desiredTemplate == null) {
            names.clear();
        }
        for (String name : names) {
            String before = liveTemplate == null ? null : liveParameters.get(name);
            String after = desiredParameters.get(name);
            if (before != null && before.equals(after)) {
                continue;
            }
            if (secret.contains(name)) {
                parameters.add(new ValueChange(name, before == null ? null : MASK, after == null ? null : MASK + " (changed)"));
            } else if (before != null || after != null) {
                parameters.add(new ValueChange(name, cut(before), cut(after)));
            }
        }
        return new Result(resources, parameters);
    }

    /** The top-level properties among {@code changes} that force a replacement of a resource of {@code type}. */
    static List<String> causes(String type, List<ValueChange> changes) {
        Set<String> replacing = REPLACING.getOrDefault(type, Set.of());
        Set<String> causes = new TreeSet<>();
        for (ValueChange change : changes) {
            String top = topLevel(change.path());
            if (ATTRIBUTES.contains(top) || top.equals("Tags")) {
                continue;
            }
            if (replacing.contains("*") || replacing.contains(top) || replacing.contains(change.path())) {
                causes.add(top);
            }
        }
        return List.copyOf(causes);
    }

    private static String topLevel(String path) {
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return path.substring(0, end);
    }

    private static List<ValueChange> changesOf(JsonNode resource, boolean added) {
        List<ValueChange> changes = new ArrayList<>();
        JsonNode properties = resource == null ? null : resource.path("Properties");
        if (properties != null && properties.isObject()) {
            properties.fields().forEachRemaining(e ->
                    changes.add(added ? ValueChange.added(e.getKey(), show(e.getValue())) : ValueChange.removed(e.getKey(), show(e.getValue()))));
        }
        return changes;
    }

    private static void diff(String path, JsonNode before, JsonNode after, List<ValueChange> out) {
        if (before.equals(after)) {
            return;
        }
        boolean beforeMissing = before.isMissingNode() || before.isNull();
        boolean afterMissing = after.isMissingNode() || after.isNull();
        if (beforeMissing && afterMissing) {
            return;
        }
        if (beforeMissing) {
            if (after.isObject() && path.isEmpty()) {
                after.fields().forEachRemaining(e -> out.add(ValueChange.added(e.getKey(), show(e.getValue()))));
            } else {
                out.add(ValueChange.added(path, show(after)));
            }
            return;
        }
        if (afterMissing) {
            if (before.isObject() && path.isEmpty()) {
                before.fields().forEachRemaining(e -> out.add(ValueChange.removed(e.getKey(), show(e.getValue()))));
            } else {
                out.add(ValueChange.removed(path, show(before)));
            }
            return;
        }
        if (before.isObject() && after.isObject() && !isIntrinsic(before) && !isIntrinsic(after)) {
            Set<String> keys = new TreeSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                diff(path.isEmpty() ? key : path + "." + key, before.path(key), after.path(key), out);
            }
        } else if (before.isArray() && after.isArray()) {
            int n = Math.max(before.size(), after.size());
            for (int i = 0; i < n; i++) {
                diff(path + "[" + i + "]", before.path(i), after.path(i), out);
            }
        } else {
            out.add(new ValueChange(path, show(before), show(after)));
        }
    }

    private static boolean isIntrinsic(JsonNode node) {
        if (node.size() != 1) {
            return false;
        }
        String key = node.fieldNames().next();
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    /** Replaces {@code {"Ref": P}} by P's value for every known parameter; NoEcho parameters become the mask. */
    private static JsonNode resolve(JsonNode node, Map<String, String> parameters, Set<String> secret) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("Ref") && node.get("Ref").isTextual()) {
                String name = node.get("Ref").asText();
                if (secret.contains(name)) {
                    return JsonNodeFactory.instance.textNode(MASK);
                }
                String value = parameters.get(name);
                if (value != null) {
                    return JsonNodeFactory.instance.textNode(value);
                }
                return node;
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                copy.set(e.getKey(), resolve(e.getValue(), parameters, secret));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> copy.add(resolve(n, parameters, secret)));
            return copy;
        }
        return node;
    }

    private static Set<String> noEcho(ObjectNode template) {
        Set<String> names = new TreeSet<>();
        template.path("Parameters").fields().forEachRemaining(e -> {
            JsonNode flag = e.getValue().path("NoEcho");
            if (flag.asBoolean(false) || flag.asText("").equalsIgnoreCase("true")) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    private static String type(JsonNode resource) {
        return resource == null ? "" : resource.path("Type").asText("");
    }

    /** A value as a reader sees it: text as is, anything else as compact JSON; long values cut. */
    static String show(JsonNode value) {
        return cut(value.isTextual() ? value.asText() : value.toString());
    }

    private static String cut(String value) {
        if (value == null || value.length() <= MAX_VALUE) {
            return value;
        }
        return value.substring(0, MAX_VALUE) + "… (" + value.length() + " characters)";
    }

    private static ObjectNode parse(String template, String which) {
        if (template == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode root;
        try {
            root = JSON.readTree(template);
        } catch (JsonProcessingException json) {
            try {
                root = YAML.readTree(template);
            } catch (JsonProcessingException yaml) {
                throw new IllegalArgumentException("the " + which + " template is neither JSON nor YAML: " + json.getOriginalMessage());
            }
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the " + which + " template has no mapping at its root");
        }
        return (ObjectNode) root;
    }
}
