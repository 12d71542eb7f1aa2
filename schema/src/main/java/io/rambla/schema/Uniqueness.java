package io.rambla.schema;

import io.rambla.schema.Declarations.Place;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One unit, one stack; one name, one resource. Checks every name Rambla derives from the
 * repository before anything is rendered:
 * <ul>
 *   <li>each name (district, endpoint, application, environment, service) is at most
 *       {@link #MAX_NAME} characters, and each stack name at most {@link #MAX_STACK_NAME};</li>
 *   <li>no two units share a stack name (app {@code shop} env {@code prod-eu} and app
 *       {@code shop-prod} env {@code eu} would);</li>
 *   <li>within an app environment's template no two services, endpoints or listeners derive the
 *       same CloudFormation logical id, compared case-insensitively ({@code web-a} and
 *       {@code webA}), and none takes an id Rambla uses itself ({@code one-off});</li>
 *   <li>a service has at most one listener per endpoint.</li>
 * </ul>
 * Each conflict is an error at both places, each naming the other. The derivations mirror the
 * renderer's ({@code StackNames}, {@code AppTemplate}); a reconciler test renders every id and
 * checks this class predicts it.
 */
public final class Uniqueness {

    /** The longest district, endpoint, application, environment or service name (a DNS label's length). */
    static final int MAX_NAME = 63;
    /** The longest image repository (registry included) Docker accepts; it also keeps template descriptions within 1,024. */
    static final int MAX_IMAGE_NAME = 255;
    /** CloudFormation's limit on stack names. */
    static final int MAX_STACK_NAME = 128;

    /** Logical ids of an app template that come from no user name: Rambla's own. */
    static final List<String> RESERVED_IDS = List.of(
            "VpcId", "SubnetIds", "ClusterName", "CapacityProviderName", "ClusterArn", "CapacityProvider",
            "TaskRole", "ExecutionRole", "ScheduledTaskRole",
            "OneOffLogGroup", "OneOffTaskDefinition", "OneOffSecurityGroup",
            "OneOffTaskDefinitionArn", "OneOffContainerName", "OneOffSecurityGroupId");
    /** Container names and task families Rambla uses itself. */
    static final Set<String> RESERVED_SERVICE_NAMES = Set.of("one-off");

    /** Suffixes the renderer puts after a service's logical name (resources and outputs). */
    static final List<String> SERVICE_SUFFIXES = List.of("LogGroup", "TaskDefinition", "SecurityGroup", "Service",
            "ScalableTarget", "ScalingPolicy", "ServiceName", "TaskDefinitionArn", "SecurityGroupId");
    /** Suffixes after an endpoint's logical name (parameters). */
    static final List<String> ENDPOINT_SUFFIXES = List.of("ListenerArn", "LoadBalancerSecurityGroupId");
    /** Suffixes after service + endpoint logical names (one listener). */
    static final List<String> LISTENER_SUFFIXES = List.of("TargetGroup", "ListenerRule");

    private Uniqueness() {}

    static List<Diagnostic> check(InfraRepository repository, Declarations declarations) {
        List<Diagnostic> out = new ArrayList<>();
        names(repository, declarations, out);
        stackNames(repository, declarations, out);
        for (Application application : repository.applications()) {
            for (AppEnvironment environment : application.environments()) {
                logicalIds(application, environment, declarations, out);
            }
        }
        return out;
    }

    /**
     * Every logical id (parameters, resources, outputs) the app template of {@code environment}
     * derives, as this class predicts them; a reconciler test checks the renderer stays within it.
     */
    public static Set<String> appTemplateIds(AppEnvironment environment) {
        Set<String> ids = new java.util.TreeSet<>(RESERVED_IDS);
        for (int n = 1; n <= environment.scheduledTasks().size(); n++) {
            ids.add("ScheduledTask" + n + "Rule");
        }
        for (Service service : environment.services()) {
            String s = logicalName(service.name());
            SERVICE_SUFFIXES.forEach(suffix -> ids.add(s + suffix));
            for (Listener listener : service.listeners()) {
                String e = logicalName(listener.endpoint());
                LISTENER_SUFFIXES.forEach(suffix -> ids.add(s + e + suffix));
                ENDPOINT_SUFFIXES.forEach(suffix -> ids.add(e + suffix));
            }
        }
        return ids;
    }

    /** The stack name the renderer gives a unit: {@code <prefix>-<kind>-<names joined by ->}. */
    public static String stackName(String prefix, String kind, String... names) {
        return prefix + "-" + kind + "-" + String.join("-", names);
    }

    /** The renderer's logical name of a user's name: {@code internal-api} → {@code InternalApi}. */
    static String logicalName(String raw) {
        StringBuilder out = new StringBuilder();
        for (String part : raw.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------ lengths

    private static void names(InfraRepository repository, Declarations declarations, List<Diagnostic> out) {
        for (District district : repository.districts()) {
            length("district", district.name(), declarations.placeOf(district, district.file()), out);
            for (Endpoint endpoint : district.endpoints()) {
                length("endpoint", endpoint.name(), declarations.placeOf(endpoint, district.file()), out);
            }
        }
        for (Application application : repository.applications()) {
            length("application (folder)", application.name(), new Place(application.file(), 0, 0, ""), out);
            for (AppEnvironment environment : application.environments()) {
                length("environment", environment.environment(), declarations.placeOf(environment, application.file()), out);
                if (environment.imageName() != null && environment.imageName().length() > MAX_IMAGE_NAME) {
                    out.add(declarations.placeOf(environment, application.file()).error("`image_name` is "
                            + environment.imageName().length() + " characters long; an image repository is at most "
                            + MAX_IMAGE_NAME));
                }
                for (Service service : environment.services()) {
                    length("service", service.name(), declarations.placeOf(service, application.file()), out);
                }
            }
        }
    }

    private static void length(String what, String name, Place place, List<Diagnostic> out) {
        if (name.length() > MAX_NAME) {
            out.add(place.error(what + " name is " + name.length() + " characters long; names are at most " + MAX_NAME
                    + " so that every name Rambla derives from them fits AWS's limits"));
        }
    }

    // ------------------------------------------------------------ stacks

    private record Owner(String description, Place place) {}

    private static void stackNames(InfraRepository repository, Declarations declarations, List<Diagnostic> out) {
        String prefix = repository.settings().stackPrefix();
        Map<String, Owner> byName = new LinkedHashMap<>();
        for (District district : repository.districts()) {
            Place place = declarations.placeOf(district, district.file());
            claimStack(byName, stackName(prefix, "district", district.name()), new Owner("district `" + district.name() + "`", place), out);
            for (Endpoint endpoint : district.endpoints()) {
                claimStack(byName, stackName(prefix, "endpoint", district.name(), endpoint.name()),
                        new Owner("endpoint `" + district.name() + "/" + endpoint.name() + "`",
                                declarations.placeOf(endpoint, district.file())), out);
            }
        }
        for (Application application : repository.applications()) {
            for (AppEnvironment environment : application.environments()) {
                claimStack(byName, stackName(prefix, "app", application.name(), environment.environment()),
                        new Owner("app `" + application.name() + "` environment `" + environment.environment() + "`",
                                declarations.placeOf(environment, application.file())), out);
            }
        }
    }

    private static void claimStack(Map<String, Owner> byName, String stack, Owner owner, List<Diagnostic> out) {
        if (stack.length() > MAX_STACK_NAME) {
            out.add(owner.place().error("the stack name of " + owner.description() + " would be " + stack.length()
                    + " characters long; CloudFormation allows " + MAX_STACK_NAME + " (shorten the names)"));
            return;
        }
        Owner first = byName.putIfAbsent(stack.toLowerCase(Locale.ROOT), owner);
        if (first != null) {
            String rule = "; every unit needs a stack of its own: rename one of them";
            out.add(owner.place().error(owner.description() + " would get stack `" + stack + "`, the stack of "
                    + first.description() + " (" + first.place().where() + ")" + rule));
            out.add(first.place().error(first.description() + " would get stack `" + stack + "`, the stack of "
                    + owner.description() + " (" + owner.place().where() + ")" + rule));
        }
    }

    // ------------------------------------------------------------ logical ids

    private static void logicalIds(Application application, AppEnvironment environment, Declarations declarations,
                                   List<Diagnostic> out) {
        String file = application.file();
        Map<String, Owner> ids = new HashMap<>();
        Owner rambla = new Owner("Rambla's own resources", null);
        for (String id : RESERVED_IDS) {
            ids.put(id.toLowerCase(Locale.ROOT), rambla);
        }
        for (int n = 1; n <= environment.scheduledTasks().size(); n++) {
            ids.put(("ScheduledTask" + n + "Rule").toLowerCase(Locale.ROOT), rambla);
        }
        Set<Place> reported = new HashSet<>();
        Map<String, Owner> endpoints = new LinkedHashMap<>();
        for (Service service : environment.services()) {
            Place place = declarations.placeOf(service, file);
            Owner owner = new Owner("service `" + service.name() + "`", place);
            if (RESERVED_SERVICE_NAMES.contains(service.name().toLowerCase(Locale.ROOT))) {
                out.add(place.error("service name `" + service.name() + "` is reserved: Rambla names its own one-off task "
                        + "container and family so; rename the service"));
                reported.add(place);
                continue;
            }
            String s = logicalName(service.name());
            for (String suffix : SERVICE_SUFFIXES) {
                claimId(ids, s + suffix, owner, reported, out);
            }
            Map<String, Listener> onEndpoint = new HashMap<>();
            for (Listener listener : service.listeners()) {
                Place at = declarations.placeOf(listener, file);
                Listener previous = onEndpoint.putIfAbsent(listener.endpoint(), listener);
                if (previous != null) {
                    Place first = declarations.placeOf(previous, file);
                    String rule = "; use one listener with several `rule_conditions`";
                    out.add(at.error("service `" + service.name() + "` has a second listener on endpoint `" + listener.endpoint()
                            + "` (the first is at " + first.where() + ")" + rule));
                    out.add(first.error("service `" + service.name() + "` has a second listener on endpoint `"
                            + listener.endpoint() + "` at " + at.where() + rule));
                    continue;
                }
                String e = logicalName(listener.endpoint());
                endpoints.putIfAbsent(listener.endpoint(), new Owner("endpoint `" + listener.endpoint() + "`", at));
                Owner pair = new Owner("the listener of service `" + service.name() + "` on endpoint `" + listener.endpoint() + "`", at);
                for (String suffix : LISTENER_SUFFIXES) {
                    claimId(ids, s + e + suffix, pair, reported, out);
                }
            }
        }
        for (Map.Entry<String, Owner> endpoint : endpoints.entrySet()) {
            String e = logicalName(endpoint.getKey());
            for (String suffix : ENDPOINT_SUFFIXES) {
                claimId(ids, e + suffix, endpoint.getValue(), reported, out);
            }
        }
    }

    private static void claimId(Map<String, Owner> ids, String id, Owner owner, Set<Place> reported, List<Diagnostic> out) {
        Owner first = ids.putIfAbsent(id.toLowerCase(Locale.ROOT), owner);
        if (first == null || first == owner || first.place() != null && first.place().equals(owner.place())
                || reported.contains(owner.place())) {
            return;
        }
        reported.add(owner.place());
        String rule = " (ids are compared ignoring case and punctuation); rename one";
        if (first.place() == null) {
            out.add(owner.place().error(owner.description() + " would take CloudFormation logical id `" + id
                    + "`, which Rambla uses for its own resources; rename it"));
            return;
        }
        out.add(owner.place().error(owner.description() + " and " + first.description() + " (" + first.place().where()
                + ") would both become CloudFormation logical id `" + id + "`" + rule));
        if (reported.add(first.place())) {
            out.add(first.place().error(first.description() + " and " + owner.description() + " (" + owner.place().where()
                    + ") would both become CloudFormation logical id `" + id + "`" + rule));
        }
    }
}
