package io.rambla.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads one {@code barcelona.yml}. Districts are read first, so references to them can be checked here. */
final class ApplicationReader {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SCHEDULE = Pattern.compile("(cron|rate)\\(.+\\)");
    private static final Pattern IMAGE_NAME = Pattern.compile("[a-z0-9]([a-z0-9._/:-]*[a-z0-9])?");
    private static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern HEALTH_CHECK_PATH = Pattern.compile("/\\S*");
    private static final List<String> SERVICE_TYPES = List.of("default", "web");
    private static final List<String> CONDITION_TYPES = List.of("path-pattern", "host-header");

    /** What the loader knows about the repository's districts when it reads an application. */
    record Context(Settings settings, Map<String, Optional<District>> districts, RulePriorities priorities,
                   Map<String, District> asRead, Declarations declarations) {

        /** Whether the district's file loaded without errors; the apps of a district with errors are still checked. */
        boolean healthy(String district) {
            return districts.getOrDefault(district, Optional.empty()).isPresent();
        }
    }

    /** Which listener first claimed each rule priority on an endpoint: ALB refuses two rules with one priority. */
    static final class RulePriorities {
        private final Map<String, String> claimed = new HashMap<>();

        Optional<String> claim(String district, String endpoint, int priority, String where) {
            return Optional.ofNullable(claimed.putIfAbsent(district + "/" + endpoint + "/" + priority, where));
        }
    }

    private final String appName;
    private final Problems problems;
    private final Context context;

    private ApplicationReader(String appName, Problems problems, Context context) {
        this.appName = appName;
        this.problems = problems;
        this.context = context;
    }

    static Optional<Application> read(Node root, String appName, Problems problems, Context context) {
        return new ApplicationReader(appName, problems, context).application(root);
    }

    private Optional<Application> application(Node root) {
        Optional<YamlMap> read = YamlMap.of(root, "", KnownKeys.APPLICATION, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = read.get();
        for (String key : map.keys()) {
            // Real barcelona.yml files keep anchored blocks at the top (`web_base: &web_base`) to merge
            // into services; such holders, and `x-` keys, are not configuration and are skipped.
            boolean anchorHolder = map.rawValue(key).map(Node::getAnchor).isPresent();
            if (!KnownKeys.APPLICATION.keys().contains(key) && (anchorHolder || key.startsWith("x-"))) {
                map.markRead(key);
            }
        }
        if (map.value("environments").isEmpty()) {
            problems.error(map.node(), "environments", "missing required key `environments` in barcelona.yml");
        }
        Map<String, AppEnvironment> environments = map.entriesOf("environments", this::environment);
        Review review = map.map("review", KnownKeys.REVIEW).flatMap(this::review).orElse(null);
        map.finish();
        return Optional.of(new Application(appName, problems.file(), List.copyOf(environments.values()), review));
    }

    /**
     * Barcelona's {@code review:} section. Its group must be declared in a district file; exactly one
     * service is a web service (the review app's URL routes to it), and it takes no listeners: the
     * review group's endpoint and host name are its listener. A group that no district declares
     * (Barcelona kept its groups on the server) turns review apps off for the file with a warning,
     * and the rest of the section is not read, so a file that ran on Barcelona still loads.
     */
    private Optional<Review> review(YamlMap map) {
        Optional<String> group = map.requiredString("group");
        List<District> declaring = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (String name : context.districts().keySet()) {
            District d = context.districts().get(name).or(() -> Optional.ofNullable(context.asRead().get(name))).orElse(null);
            if (d != null) {
                d.reviewGroups().forEach(rg -> known.add(rg.name()));
                group.filter(g -> d.reviewGroups().stream().anyMatch(rg -> rg.name().equals(g))).ifPresent(g -> declaring.add(d));
            }
        }
        if (group.isPresent() && declaring.isEmpty()) {
            problems.warning(map.value("group").orElseThrow(), map.pathOf("group"), "`review` is not acted on: review group `"
                    + group.get() + "` is not declared in any district file (`review_groups`), so this application gets no review apps; review groups: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + Suggestions.didYouMean(group.get(), known));
            map.keys().forEach(map::markRead);
            map.finish();
            return Optional.empty();
        }
        if (declaring.size() > 1) {
            problems.error(map.value("group").orElseThrow(), map.pathOf("group"), "review group `" + group.get() + "` is declared in "
                    + declaring.size() + " districts; give each review group its own name");
        }
        Optional<District> district = declaring.size() == 1 ? Optional.of(declaring.get(0)) : Optional.empty();
        String imageName = map.requiredString("image_name").filter(i -> check(map, "image_name", IMAGE_NAME.matcher(i).matches(),
                "`image_name` must be an image repository such as 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop, without a tag"))
                .orElse(null);
        Optional<BarcelonaForms.BeforeDeploy> beforeDeploy = BarcelonaForms.beforeDeploy(map);
        List<Service> services = services(map, district);
        List<EnvironmentVariable> variables = environmentVariables(map);
        Node servicesAt = map.value("services").orElse(map.node());
        for (Service service : services) {
            if (!service.listeners().isEmpty()) {
                problems.error(servicesAt, map.pathOf("services"), "review service `" + service.name() + "` has `listeners`; a review"
                        + " app's web service is routed by its review group (endpoint and host name), so drop them");
            }
        }
        long web = services.stream().filter(s -> s.serviceType() == Service.ServiceType.WEB).count();
        if (web != 1) {
            problems.error(servicesAt, map.pathOf("services"), "`review` needs exactly one service with `service_type: web` (its URL"
                    + " routes there), found " + web);
        }
        map.finish();
        if (group.isEmpty() || district.isEmpty() || imageName == null) {
            return Optional.empty();
        }
        return Optional.of(new Review(group.get(), district.get().name(), imageName,
                beforeDeploy.map(BarcelonaForms.BeforeDeploy::command).orElse(null), services, variables));
    }

    private Optional<AppEnvironment> environment(YamlMap.Item item) {
        if (YamlMap.isNull(item.node())) {
            // `production:` with nothing under it: Barcelona's CLI read it as no heritage at all.
            problems.warning(item.keyNode(), item.path(), "environment `" + item.name() + "` is empty and is skipped");
            return Optional.empty();
        }
        Optional<YamlMap> read = item.asMap(KnownKeys.ENVIRONMENT, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = read.get();
        String environment = item.name();
        if (!DistrictReader.NAME.matcher(environment).matches()) {
            problems.error(item.keyNode(), item.path(), "environment name `" + environment + "` " + DistrictReader.NAME_RULE);
        }
        String name = map.matching("name", DistrictReader.NAME, DistrictReader.NAME_RULE).orElse(appName + "-" + environment);
        map.value("name").ifPresent(at -> problems.warning(at, map.pathOf("name"), HeritageName.warning(name, appName, environment)));
        Optional<District> district = district(map);
        String imageName = map.requiredString("image_name").filter(i -> check(map, "image_name", IMAGE_NAME.matcher(i).matches(),
                "`image_name` must be an image repository such as 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop, without a tag"))
                .orElse(null);
        String imageTag = map.matching("image_tag", IMAGE_TAG, "must be a Docker image tag").orElse(Defaults.IMAGE_TAG);
        Optional<BarcelonaForms.BeforeDeploy> beforeDeploy = BarcelonaForms.beforeDeploy(map);
        List<Service> services = services(map, district);
        List<EnvironmentVariable> variables = new ArrayList<>(environmentVariables(map));
        variables.addAll(BarcelonaForms.legacyEnvVars(map, variables));
        Map<String, String> runEnv = BarcelonaForms.runEnv(map);
        List<ScheduledTask> tasks = scheduledTasks(map, district);
        String slackUrlSecret = slackUrl(map, district);
        boolean fargate = district.map(District::fargate).orElse(false);
        beforeDeploy.ifPresent(b -> checkFargate(fargate, map, "before_deploy", "before_deploy",
                TaskSizes.fargateOneOff(b.cpu(), b.memory())));
        map.finish();
        if (district.isEmpty() || !context.healthy(district.get().name())) {
            return Optional.empty();
        }
        return Optional.of(context.declarations().note(new AppEnvironment(environment, name, district.get().name(), imageName, imageTag,
                beforeDeploy.map(BarcelonaForms.BeforeDeploy::command).orElse(null), services, variables, tasks, runEnv,
                beforeDeploy.map(BarcelonaForms.BeforeDeploy::cpu).orElse(Defaults.ONE_OFF_CPU),
                beforeDeploy.map(BarcelonaForms.BeforeDeploy::memory).orElse(Defaults.ONE_OFF_MEMORY), slackUrlSecret),
                problems, item.keyNode(), item.path()));
    }

    /**
     * Barcelona's per-environment {@code slack_url}: acted on when it names a secret holding the
     * webhook URL (an SSM parameter path or an SSM / Secrets Manager ARN); the URL itself, as
     * Barcelona files have it, would be a secret in git, so it only warns, as before.
     */
    private String slackUrl(YamlMap map, Optional<District> district) {
        Optional<String> value = map.string("slack_url");
        if (value.isEmpty()) {
            return null;
        }
        if (DistrictReader.SECRET_REFERENCE.matcher(value.get()).matches()) {
            if (district.isEmpty()) {
                return null;
            }
            String name = district.get().name();
            Optional<String> problem = NotificationSecrets.problem(value.get(), "slack_url", name, appName,
                    context.declarations().secretScope(name));
            problem.ifPresent(p -> problems.error(map.value("slack_url").orElseThrow(), map.pathOf("slack_url"), p));
            return problem.isEmpty() ? value.get() : null;
        }
        problems.warning(map.keyNode("slack_url").orElseThrow(), map.pathOf("slack_url"),
                "Barcelona key `slack_url` is accepted but not acted on by Rambla; " + SLACK_URL_IN_GIT);
        return null;
    }

    static final String SLACK_URL_IN_GIT = "a webhook URL in git is readable by anyone who can read the repository: store it in SSM"
            + " or Secrets Manager and name the parameter or secret here (`slack_url: /barcelona/<district>/shop-slack`) to send this environment's"
            + " notifications to it";

    /** The environment's district: its own `district`, else rambla.yml's default, else the only one. */
    private Optional<District> district(YamlMap map) {
        Map<String, Optional<District>> districts = context.districts();
        String available = districts.isEmpty() ? "none (add districts/<name>.yml)" : String.join(", ", districts.keySet());
        Optional<String> declared = map.string("district");
        String chosen;
        Node at;
        if (declared.isPresent()) {
            chosen = declared.get();
            at = map.value("district").orElseThrow();
        } else if (context.settings().defaultDistrict() != null) {
            chosen = context.settings().defaultDistrict();
            at = map.node();
        } else if (districts.size() == 1) {
            chosen = districts.keySet().iterator().next();
            at = map.node();
        } else {
            if (!map.rawValue("district").isPresent() || YamlMap.isNull(map.rawValue("district").get())) {
                problems.error(map.node(), map.pathOf("district"), "no `district` given and the repository has "
                        + (districts.isEmpty() ? "no district" : districts.size() + " districts")
                        + "; set `district` or rambla.yml's `default_district`; districts: " + available);
            }
            return Optional.empty();
        }
        if (!districts.containsKey(chosen)) {
            if (declared.isPresent()) {
                problems.error(at, map.pathOf("district"), "unknown district `" + chosen + "`; districts: " + available
                        + Suggestions.didYouMean(chosen, districts.keySet()));
            }
            // An unknown default_district is reported once, on rambla.yml.
            return Optional.empty();
        }
        // A district whose file has errors has been reported; its apps are checked against it as read, and
        // left out of the model until it is fixed.
        return districts.get(chosen).or(() -> Optional.ofNullable(context.asRead().get(chosen)));
    }

    private List<Service> services(YamlMap environment, Optional<District> district) {
        List<Service> services = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (YamlMap.Item item : environment.list("services")) {
            item.asMap(KnownKeys.SERVICE, problems).ifPresent(map -> {
                Optional<String> name = map.requiredString("name");
                name.ifPresent(n -> {
                    Node at = map.value("name").orElseThrow();
                    check(map, "name", DistrictReader.NAME.matcher(n).matches(), "service name `" + n + "` " + DistrictReader.NAME_RULE);
                    Node previous = seen.putIfAbsent(n, at);
                    if (previous != null) {
                        problems.error(at, map.pathOf("name"), "service `" + n + "` is declared twice (first on line "
                                + (previous.getStartMark().getLine() + 1) + ")");
                    }
                });
                Service.ServiceType type = map.oneOf("service_type", SERVICE_TYPES)
                        .map(t -> Service.ServiceType.valueOf(t.toUpperCase(Locale.ROOT))).orElse(Defaults.SERVICE_TYPE);
                Integer cpu = map.integer("cpu", 1, 16384).orElse(Defaults.CPU);
                int memory = map.integer("memory", 6, 131072).orElse(Defaults.MEMORY);
                Command command = BarcelonaForms.serviceCommand(map).orElse(null);
                boolean fargate = district.map(District::fargate).orElse(false);
                boolean spot = map.bool("fargate_spot").orElse(false);
                if (spot && district.isPresent() && !fargate) {
                    problems.error(map.value("fargate_spot").orElseThrow(), map.pathOf("fargate_spot"), "`fargate_spot` needs a "
                            + "district with `cluster_backend: fargate`; district `" + district.get().name() + "` runs on EC2");
                }
                checkFargate(fargate, map, "cpu", "service `" + name.orElse("?") + "`", TaskSizes.fargate(cpu, memory));
                boolean forceSsl = map.bool("force_ssl").orElse(Defaults.FORCE_SSL);
                int port = map.integer("web_container_port", 1, 65535).orElse(Defaults.WEB_CONTAINER_PORT);
                Integer desired = map.integer("desired_count", 0, 1000).orElse(null);
                Service.AutoScaling autoScaling = map.map("auto_scaling", KnownKeys.AUTO_SCALING).map(this::autoScaling).orElse(null);
                List<Listener> listeners = listeners(map, district);
                if (!listeners.isEmpty() && type != Service.ServiceType.WEB) {
                    problems.error(map.value("listeners").orElseThrow(), map.pathOf("listeners"),
                            "only web services take traffic from listeners; add `service_type: web`");
                }
                if (forceSsl) {
                    district.ifPresent(d -> ForceSsl.check(map, d, listeners));
                }
                map.finish();
                name.ifPresent(n -> services.add(context.declarations().note(new Service(n, type, cpu, memory, command, forceSsl,
                        port, desired, autoScaling, listeners, spot && fargate), problems, map.value("name").orElse(map.node()), map.pathOf("name"))));
            });
        }
        return services;
    }

    private Service.AutoScaling autoScaling(YamlMap map) {
        Optional<Integer> min = map.integer("min_count", 0, 1000);
        Optional<Integer> max = map.integer("max_count", 1, 1000);
        int target = map.integer("target_cpu_percent", 1, 100).orElse(Defaults.TARGET_CPU_PERCENT);
        if (!map.has("min_count")) {
            problems.error(map.node(), map.pathOf("min_count"), "missing required key `min_count` in auto_scaling");
        }
        if (!map.has("max_count")) {
            problems.error(map.node(), map.pathOf("max_count"), "missing required key `max_count` in auto_scaling");
        }
        map.finish();
        if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
            problems.error(map.value("min_count").orElseThrow(), map.pathOf("min_count"),
                    "`min_count` (" + min.get() + ") is more than `max_count` (" + max.get() + ")");
            return null;
        }
        return min.isPresent() && max.isPresent() ? new Service.AutoScaling(min.get(), max.get(), target) : null;
    }

    private List<Listener> listeners(YamlMap service, Optional<District> district) {
        List<Listener> listeners = new ArrayList<>();
        Map<String, Node> endpoints = new HashMap<>();
        for (YamlMap.Item item : service.list("listeners")) {
            item.asMap(KnownKeys.LISTENER, problems).ifPresent(map -> {
                Optional<String> endpoint = map.requiredString("endpoint");
                Optional<String> twice = endpoint.filter(e -> {
                    Node previous = endpoints.putIfAbsent(e, map.value("endpoint").orElseThrow());
                    if (previous != null) {
                        problems.error(map.value("endpoint").orElseThrow(), map.pathOf("endpoint"), "the service has two listeners "
                                + "on endpoint `" + e + "` (first on line " + (previous.getStartMark().getLine() + 1)
                                + "); use one listener with several rule_conditions");
                        return true;
                    }
                    return false;
                });
                district.ifPresent(d -> endpoint.ifPresent(e -> checkEndpoint(map, d, e)));
                String path = map.matching("health_check_path", HEALTH_CHECK_PATH, "must be a path starting with /")
                        .orElse(Defaults.HEALTH_CHECK_PATH);
                Optional<Integer> interval = map.integer("health_check_interval", 5, 300);
                Optional<Integer> timeout = map.integer("health_check_timeout", 2, 120);
                int healthy = map.integer("healthy_threshold_count", 2, 10).orElse(Defaults.HEALTHY_THRESHOLD);
                int unhealthy = map.integer("unhealthy_threshold_count", 2, 10).orElse(Defaults.UNHEALTHY_THRESHOLD);
                Optional<Integer> priority = map.integer("rule_priority", 1, 50000);
                Integer healthCheckPort = map.integer("health_check_port", 1, 65535).orElse(null);
                List<Listener.RuleCondition> conditions = ruleConditions(map);
                int intervalValue = interval.orElse(Defaults.HEALTH_CHECK_INTERVAL);
                int timeoutValue = timeout.orElse(Defaults.HEALTH_CHECK_TIMEOUT);
                if (timeoutValue >= intervalValue) {
                    Node at = map.value("health_check_timeout").or(() -> map.value("health_check_interval")).orElse(map.node());
                    problems.error(at, map.pathOf("health_check_timeout"), "`health_check_timeout` (" + timeoutValue
                            + ") must be less than `health_check_interval` (" + intervalValue + ")");
                }
                int priorityValue = priority.orElse(Defaults.RULE_PRIORITY);
                if (district.isPresent() && endpoint.isPresent() && twice.isEmpty()) {
                    Node at = map.value("rule_priority").orElse(map.node());
                    String where = problems.file() + ":" + (at.getStartMark().getLine() + 1) + " (" + map.path() + ")";
                    context.priorities().claim(district.get().name(), endpoint.get(), priorityValue, where).ifPresent(first ->
                            problems.error(at, map.pathOf("rule_priority"), "rule_priority " + priorityValue + " on endpoint `"
                                    + endpoint.get() + "` is already taken by " + first + "; give each listener on an endpoint its own"
                                    + (priority.isEmpty() ? " (the default is " + Defaults.RULE_PRIORITY + ")" : "")));
                }
                map.finish();
                endpoint.filter(e -> twice.isEmpty()).ifPresent(e -> listeners.add(context.declarations().note(new Listener(e, path,
                        intervalValue, timeoutValue, healthy, unhealthy, priorityValue, conditions, healthCheckPort), problems,
                        map.value("endpoint").orElse(map.node()), map.pathOf("endpoint"))));
            });
        }
        return listeners;
    }

    private void checkEndpoint(YamlMap listener, District district, String endpoint) {
        List<String> names = district.endpoints().stream().map(Endpoint::name).toList();
        if (!names.contains(endpoint)) {
            problems.error(listener.value("endpoint").orElseThrow(), listener.pathOf("endpoint"), "endpoint `" + endpoint
                    + "` is not declared in district `" + district.name() + "` (" + district.file() + "); endpoints: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + Suggestions.didYouMean(endpoint, names));
        }
    }

    private List<Listener.RuleCondition> ruleConditions(YamlMap listener) {
        if (listener.value("rule_conditions").isEmpty()) {
            listener.markRead("rule_conditions");
            return Defaults.RULE_CONDITIONS;
        }
        List<Listener.RuleCondition> conditions = new ArrayList<>();
        List<YamlMap.Item> items = listener.list("rule_conditions");
        if (items.isEmpty() && listener.value("rule_conditions").get() instanceof SequenceNode) {
            problems.error(listener.value("rule_conditions").get(), listener.pathOf("rule_conditions"),
                    "`rule_conditions` is empty; leave it out to route every path");
        }
        for (YamlMap.Item item : items) {
            item.asMap(KnownKeys.RULE_CONDITION, problems).ifPresent(map -> {
                Optional<String> type = map.value("type").isPresent() ? map.oneOf("type", CONDITION_TYPES) : missing(map, "type");
                Optional<String> value = map.requiredString("value");
                map.finish();
                if (type.isPresent() && value.isPresent()) {
                    conditions.add(new Listener.RuleCondition(type.get(), value.get()));
                }
            });
        }
        return conditions;
    }

    private List<EnvironmentVariable> environmentVariables(YamlMap environment) {
        List<EnvironmentVariable> variables = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        Optional<Node> value = environment.value("environment");
        if (value.isEmpty()) {
            return variables;
        }
        if (value.get() instanceof SequenceNode) {
            for (YamlMap.Item item : environment.list("environment")) {
                item.asMap(KnownKeys.ENVIRONMENT_VARIABLE, problems).ifPresent(map -> {
                    Optional<String> name = map.requiredString("name");
                    variable(map, name, map.value("name").orElse(map.node()), seen).ifPresent(variables::add);
                });
            }
        } else if (value.get() instanceof MappingNode) {
            // Map form: `NAME: value`, or `NAME: {value_from: arn}` for a secret.
            environment.entriesOf("environment", item -> {
                if (item.node() instanceof ScalarNode s) {
                    checkName(item.name(), item.keyNode(), item.path(), seen);
                    return Optional.of(new EnvironmentVariable(item.name(), s.getValue(), null, null));
                }
                return item.asMap(KnownKeys.ENVIRONMENT_VARIABLE, problems).flatMap(map -> {
                    map.string("name").filter(n -> !n.equals(item.name())).ifPresent(n -> problems.error(map.value("name").get(),
                            map.pathOf("name"), "`name` is \"" + n + "\" but the key says `" + item.name() + "`; drop `name`"));
                    return variable(map, Optional.of(item.name()), item.keyNode(), seen);
                });
            }).values().forEach(variables::add);
        } else {
            problems.error(value.get(), environment.pathOf("environment"),
                    "`environment` must be a list of {name, value} or a mapping of NAME: value, found " + YamlMap.describe(value.get()));
        }
        return variables;
    }

    private Optional<EnvironmentVariable> variable(YamlMap map, Optional<String> name, Node nameNode, Map<String, Node> seen) {
        name.ifPresent(n -> checkName(n, nameNode, map.pathOf("name"), seen));
        Optional<String> value = map.string("value");
        Optional<String> valueFrom = map.string("value_from").filter(v -> check(map, "value_from",
                BarcelonaForms.validValueFrom(v), BarcelonaForms.VALUE_FROM_RULE));
        Optional<String> ssmPath = map.string("ssm_path");
        long sources = java.util.stream.Stream.of("value", "value_from", "ssm_path").filter(k -> map.value(k).isPresent()).count();
        if (sources != 1) {
            problems.error(map.node(), map.path(), "environment variable `" + name.orElse("?") + "` needs exactly one of "
                    + "`value`, `value_from`, `ssm_path`" + (sources == 0 ? ", found none" : ", found " + sources));
        }
        map.finish();
        if (name.isEmpty() || sources != 1 || value.isEmpty() && valueFrom.isEmpty() && ssmPath.isEmpty()) {
            return Optional.empty();
        }
        Node source = map.value("value_from").or(() -> map.value("ssm_path")).orElse(map.node());
        return Optional.of(context.declarations().note(new EnvironmentVariable(name.get(), value.orElse(null), valueFrom.orElse(null),
                ssmPath.orElse(null)), problems, source, map.path()));
    }

    private void checkName(String name, Node at, String path, Map<String, Node> seen) {
        if (!ENV_NAME.matcher(name).matches()) {
            problems.error(at, path, "environment variable name `" + name + "` must be letters, digits and underscores, not starting with a digit");
        }
        Node previous = seen.putIfAbsent(name, at);
        if (previous != null) {
            problems.error(at, path, "environment variable `" + name + "` is set twice (first on line "
                    + (previous.getStartMark().getLine() + 1) + ")");
        }
    }

    private List<ScheduledTask> scheduledTasks(YamlMap environment, Optional<District> district) {
        List<ScheduledTask> tasks = new ArrayList<>();
        for (YamlMap.Item item : environment.list("scheduled_tasks")) {
            item.asMap(KnownKeys.SCHEDULED_TASK, problems).ifPresent(map -> {
                Optional<String> schedule = map.value("schedule").isPresent()
                        ? map.matching("schedule", SCHEDULE, "must be cron(…) or rate(…), as EventBridge expects")
                        : missing(map, "schedule");
                Optional<List<String>> command = command(map);
                int cpu = map.integer("cpu", 1, 16384).orElse(Defaults.ONE_OFF_CPU);
                int memory = map.integer("memory", 6, 131072).orElse(Defaults.ONE_OFF_MEMORY);
                checkFargate(district.map(District::fargate).orElse(false), map, "cpu", "scheduled task",
                        TaskSizes.fargateOneOff(cpu, memory));
                map.finish();
                if (schedule.isPresent() && command.isPresent()) {
                    tasks.add(new ScheduledTask(schedule.get(), command.get(), cpu, memory));
                }
            });
        }
        return tasks;
    }

    /** A string is split into words like a shell would (without running one); a list is taken word for word. */
    private Optional<List<String>> command(YamlMap task) {
        Optional<Node> value = task.value("command");
        if (value.isEmpty()) {
            return missing(task, "command");
        }
        Node node = value.get();
        String path = task.pathOf("command");
        if (node instanceof ScalarNode s) {
            CommandLine.Split split = CommandLine.split(s.getValue());
            if (split.error().isPresent()) {
                problems.error(node, path, "`command` cannot be split into words: " + split.error().get());
                return Optional.empty();
            }
            if (split.words().isEmpty()) {
                problems.error(node, path, "`command` is empty");
                return Optional.empty();
            }
            if (split.usesShellSyntax()) {
                problems.warning(node, path, "`command` uses shell syntax (pipes, &&, redirections or $VARIABLES) but runs "
                        + "without a shell; write it as [sh, -c, \"" + s.getValue().replace("\"", "\\\"") + "\"] if it needs one");
            }
            return Optional.of(split.words());
        }
        if (node instanceof SequenceNode seq) {
            List<String> words = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node word = seq.getValue().get(i);
                if (word instanceof ScalarNode s && !YamlMap.isNull(s)) {
                    words.add(s.getValue());
                } else {
                    problems.error(word, path + "[" + i + "]", "each word of `command` must be a string, found " + YamlMap.describe(word));
                    return Optional.empty();
                }
            }
            if (words.isEmpty()) {
                problems.error(node, path, "`command` is empty");
                return Optional.empty();
            }
            return Optional.of(words);
        }
        problems.error(node, path, "`command` must be a string or a list of strings, found " + YamlMap.describe(node));
        return Optional.empty();
    }

    /** On Fargate, a task size Fargate refuses is an error at the size's key (or the mapping when it is not set). */
    private void checkFargate(boolean fargate, YamlMap map, String key, String what, TaskSizes.Size size) {
        if (!fargate) {
            return;
        }
        TaskSizes.fargateProblem(size, map.has(key) || !key.equals("cpu")).ifPresent(problem -> {
            Node at = map.value(key).or(() -> map.value("memory")).orElse(map.node());
            problems.error(at, map.pathOf(key), what + ": " + problem);
        });
    }

    private <T> Optional<T> missing(YamlMap map, String key) {
        problems.error(map.node(), map.pathOf(key), "missing required key `" + key + "` in " + map.section().description());
        return Optional.empty();
    }

    private boolean check(YamlMap map, String key, boolean ok, String message) {
        if (!ok) {
            problems.error(map.value(key).orElse(map.node()), map.pathOf(key), message);
        }
        return ok;
    }
}
