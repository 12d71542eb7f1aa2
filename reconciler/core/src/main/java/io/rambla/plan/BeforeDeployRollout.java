package io.rambla.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first of the two steps an app environment with {@code before_deploy} is deployed in: the
 * desired template with its services held back, so that everything the one-off task needs (roles,
 * grants, log groups, security group, the new one-off task definition revision) exists before the
 * task runs, and no service runs the new revision before the task has succeeded. The second step
 * is the desired template itself.
 *
 * <p>Held back means: a service the live stack already has keeps its live task definition (the
 * step's template carries the live template's definition of that task definition resource, so
 * CloudFormation leaves it and the service alone); a service the live stack does not have yet —
 * every service on a stack's first creation — is left out, with what refers to it (its scaling
 * target and policy, its outputs). Pure: no calls, no clock.
 */
public final class BeforeDeployRollout {

    static final String SERVICE_TYPE = "AWS::ECS::Service";
    /** The resource whose metadata says the stack is between the two steps. */
    public static final String MARKED = "ExecutionRole";
    public static final String MARKER = "RamblaRollout";
    static final String MARKER_TEXT = "first step: the services wait until before_deploy has succeeded";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9]+)(?:\\.[A-Za-z0-9.]+)?}");

    private BeforeDeployRollout() {}

    /**
     * @param heldServices     services kept at their live task definition during the first step (logical ids)
     * @param deferredServices services created only in the second step (logical ids)
     * @param switchedEarly    services that could not be held back safely and get the new revision in
     *                         the first step, with why
     */
    public record Step(DesiredState state, List<String> heldServices, List<String> deferredServices, List<String> switchedEarly) {

        public Step {
            heldServices = List.copyOf(heldServices);
            deferredServices = List.copyOf(deferredServices);
            switchedEarly = List.copyOf(switchedEarly);
        }
    }

    /**
     * The first step towards {@code desired}.
     *
     * @param live the live stack's template; empty when the stack is being created
     * @throws IllegalArgumentException when a template is not JSON with a {@code Resources} object
     */
    public static Step prepare(DesiredState desired, Optional<LiveTemplate> live) {
        ObjectNode template = object(desired.templateBody(), "the desired template of " + desired.stackName());
        ObjectNode resources = (ObjectNode) template.get("Resources");
        ObjectNode liveResources = live.isPresent()
                ? (ObjectNode) object(live.get().body(), "the live template of " + desired.stackName()).get("Resources")
                : JSON.createObjectNode();

        List<String> held = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        List<String> early = new ArrayList<>();
        for (String id : names(resources)) {
            if (!SERVICE_TYPE.equals(resources.path(id).path("Type").asText())) {
                continue;
            }
            if (SERVICE_TYPE.equals(liveResources.path(id).path("Type").asText())) {
                hold(id, resources, liveResources, template).ifPresentOrElse(early::add, () -> held.add(id));
            } else {
                Set<String> dropped = dependents(id, template);
                List<String> alive = dropped.stream().filter(liveResources::has).toList();
                if (!alive.isEmpty()) {
                    early.add(id + ": leaving it out would delete " + String.join(", ", alive));
                    continue;
                }
                dropped.forEach(resources::remove);
                ObjectNode outputs = (ObjectNode) template.get("Outputs");
                if (outputs != null) {
                    for (String output : names(outputs)) {
                        if (!references(outputs.get(output), dropped).isEmpty()) {
                            outputs.remove(output);
                        }
                    }
                }
                deferred.add(id);
            }
        }
        mark(resources);
        String body = write(template);
        return new Step(new DesiredState(desired.stackName(), body, desired.parameters(), desired.tags()), held, deferred, early);
    }

    /**
     * Marks the step in the template itself, on {@link #MARKED} (or the first resource): a stack left
     * after the first step then differs from the desired template, so the next sync does not take it
     * as up to date and runs {@code before_deploy} again, and the second step is never an empty change
     * set that CloudFormation would refuse.
     */
    private static void mark(ObjectNode resources) {
        String id = resources.has(MARKED) ? MARKED : names(resources).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a template without resources"));
        JsonNode resource = resources.get(id);
        if (resource instanceof ObjectNode object) {
            ObjectNode metadata = object.get("Metadata") instanceof ObjectNode m ? m : object.putObject("Metadata");
            metadata.put(MARKER, MARKER_TEXT);
        }
    }

    /** Puts the live definition of {@code service}'s task definition into {@code resources}; says why not when it cannot. */
    private static Optional<String> hold(String service, ObjectNode resources, ObjectNode liveResources, ObjectNode template) {
        JsonNode ref = resources.path(service).path("Properties").path("TaskDefinition");
        JsonNode liveRef = liveResources.path(service).path("Properties").path("TaskDefinition");
        if (!ref.has("Ref") || !ref.equals(liveRef)) {
            return Optional.of(service + ": its task definition is not the same template resource as the live stack's");
        }
        String taskDefinition = ref.get("Ref").asText();
        JsonNode liveDefinition = liveResources.get(taskDefinition);
        if (liveDefinition == null || !resources.has(taskDefinition)) {
            return Optional.of(service + ": the live stack has no task definition " + taskDefinition);
        }
        Set<String> known = names(resources);
        template.path("Parameters").fieldNames().forEachRemaining(known::add);
        Set<String> missing = new TreeSet<>(references(liveDefinition, null));
        missing.removeIf(name -> known.contains(name) || name.startsWith("AWS::"));
        if (!missing.isEmpty()) {
            return Optional.of(service + ": its live task definition refers to " + String.join(", ", missing)
                    + ", which the new template no longer has");
        }
        resources.set(taskDefinition, liveDefinition.deepCopy());
        return Optional.empty();
    }

    /** {@code id} and every resource that refers to it, directly or through another. */
    static Set<String> dependents(String id, ObjectNode template) {
        JsonNode resources = template.get("Resources");
        Set<String> closure = new LinkedHashSet<>(List.of(id));
        boolean grown = true;
        while (grown) {
            grown = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
                var entry = it.next();
                if (!closure.contains(entry.getKey()) && !references(entry.getValue(), closure).isEmpty()) {
                    closure.add(entry.getKey());
                    grown = true;
                }
            }
        }
        return closure;
    }

    /**
     * The logical ids {@code node} refers to (Ref, Fn::GetAtt, Fn::Sub variables, DependsOn),
     * among {@code among}; all of them when {@code among} is null.
     */
    static Set<String> references(JsonNode node, Set<String> among) {
        Set<String> found = new TreeSet<>();
        collect(node, found);
        if (among != null) {
            found.retainAll(among);
        }
        return found;
    }

    private static void collect(JsonNode node, Set<String> found) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var entry = it.next();
                JsonNode value = entry.getValue();
                switch (entry.getKey()) {
                    case "Ref" -> found.add(value.asText());
                    case "Fn::GetAtt" -> found.add(value.isArray() ? value.path(0).asText() : value.asText().split("\\.", 2)[0]);
                    case "DependsOn" -> {
                        if (value.isArray()) {
                            value.forEach(v -> found.add(v.asText()));
                        } else {
                            found.add(value.asText());
                        }
                    }
                    case "Fn::Sub" -> {
                        JsonNode text = value.isArray() ? value.path(0) : value;
                        Matcher m = SUB_VARIABLE.matcher(text.asText());
                        Set<String> own = new TreeSet<>();
                        if (value.isArray() && value.path(1).isObject()) {
                            value.path(1).fieldNames().forEachRemaining(own::add);
                            collect(value.path(1), found);
                        }
                        while (m.find()) {
                            if (!own.contains(m.group(1))) {
                                found.add(m.group(1));
                            }
                        }
                    }
                    default -> collect(value, found);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, found));
        }
    }

    private static ObjectNode object(String body, String what) {
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree instanceof ObjectNode object && object.get("Resources") instanceof ObjectNode) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getOriginalMessage(), e);
        }
        throw new IllegalArgumentException(what + " has no Resources object");
    }

    private static String write(JsonNode template) {
        try {
            return JSON.writeValueAsString(template) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("template could not be serialised", e);
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
