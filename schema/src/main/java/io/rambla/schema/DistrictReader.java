package io.rambla.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads {@code districts/<name>.yml}. */
final class DistrictReader {

    /** Barcelona's rule for district, endpoint, service and heritage names. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?");
    static final String NAME_RULE = "must be letters, digits and inner hyphens";
    static final int MAX_TAG_KEY = 128;
    static final int MAX_TAG_VALUE = 256;
    /** CloudFormation allows 50 tags on a stack; Rambla sets 6 of its own. */
    static final int MAX_TAGS = 44;
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern ACM_ARN = Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+");
    static final Pattern SECRET_REFERENCE = Pattern.compile("(arn:aws[a-z-]*:(ssm|secretsmanager):\\S+|/\\S+)");
    private static final List<String> NAT_TYPES = List.of("instance", "managed_gateway", "managed_gateway_multi_az", "none");
    private static final List<String> BACKENDS = List.of("ec2", "fargate", "autoscaling");
    private static final List<String> SSL_POLICIES = List.of("old", "intermediate", "modern");
    /** The retention periods CloudWatch Logs accepts, in days. */
    static final List<Integer> LOG_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+");
    private static final Pattern AMI_ID = Pattern.compile("ami-[0-9a-f]{8}([0-9a-f]{9})?");
    /** An SSM parameter name: a path of letters, digits and {@code _.-}, at most 1011 characters as SSM allows. */
    private static final Pattern SSM_PARAMETER = Pattern.compile("(/[A-Za-z0-9_.-]+){1,15}");
    /** Which secrets the district's apps may read: see {@link SecretGrants}. */
    static final List<String> SECRET_SCOPES = List.of("district", "app");

    private DistrictReader() {}

    /**
     * The {@code notifications} block: at least one target (Slack, a JSON webhook), each named by a
     * secret reference; a JSON webhook needs its signing secret; {@code events} picks what is sent.
     */
    private static Optional<District.Notifications> notifications(YamlMap n, String district, Problems problems) {
        String slack = secretReference(n, "slack_webhook_url_secret", "webhook URL", district, problems);
        String webhook = secretReference(n, "webhook_url_secret", "webhook URL", district, problems);
        String signing = secretReference(n, "webhook_signing_secret", "signing key", district, problems);
        boolean ok = true;
        if (!n.has("slack_webhook_url_secret") && !n.has("webhook_url_secret")) {
            problems.error(n.node(), n.path(), "`notifications` names no target: set `slack_webhook_url_secret`, `webhook_url_secret` or both");
            ok = false;
        }
        if (n.has("webhook_url_secret") && !n.has("webhook_signing_secret")) {
            problems.error(n.node(), n.pathOf("webhook_signing_secret"),
                    "missing required key `webhook_signing_secret`: a JSON webhook's bodies are always signed (HMAC-SHA256)");
            ok = false;
        }
        if (n.has("webhook_signing_secret") && !n.has("webhook_url_secret")) {
            problems.error(n.value("webhook_signing_secret").orElseThrow(), n.pathOf("webhook_signing_secret"),
                    "`webhook_signing_secret` signs the JSON webhook: set `webhook_url_secret` too, or remove it");
            ok = false;
        }
        List<String> names = java.util.Arrays.stream(District.NotificationEvent.values()).map(District.NotificationEvent::key).toList();
        List<District.NotificationEvent> events = new ArrayList<>();
        List<YamlMap.Item> items = n.list("events");
        for (YamlMap.Item item : items) {
            if (item.node() instanceof ScalarNode scalar && names.contains(scalar.getValue())) {
                events.add(District.NotificationEvent.valueOf(scalar.getValue().toUpperCase(Locale.ROOT)));
            } else {
                String found = item.node() instanceof ScalarNode scalar ? "\"" + YamlMap.abbreviate(scalar.getValue()) + "\"" : YamlMap.describe(item.node());
                problems.error(item.node(), item.path(), "an event must be one of " + String.join(", ", names) + ", found " + found
                        + (item.node() instanceof ScalarNode scalar ? Suggestions.didYouMean(scalar.getValue(), names) : ""));
                ok = false;
            }
        }
        if (n.has("events") && items.isEmpty() && n.value("events").orElseThrow() instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
            problems.error(n.value("events").orElseThrow(), n.pathOf("events"), "`events` is empty: list at least one, or remove `notifications`");
            ok = false;
        }
        n.finish();
        if (!ok || (n.has("slack_webhook_url_secret") && slack == null) || (n.has("webhook_url_secret") && webhook == null)
                || (n.has("webhook_signing_secret") && signing == null)) {
            return Optional.empty();
        }
        return Optional.of(new District.Notifications(slack, webhook, signing,
                n.has("events") ? events : Defaults.NOTIFICATION_EVENTS));
    }

    /**
     * A key naming a secret (an SSM parameter path or an SSM / Secrets Manager ARN) that the district
     * grants its notifications ({@link NotificationSecrets}); null when absent or refused.
     */
    private static String secretReference(YamlMap n, String key, String what, String district, Problems problems) {
        return n.string(key).filter(s -> {
            if (!SECRET_REFERENCE.matcher(s).matches()) {
                problems.error(n.value(key).orElseThrow(), n.pathOf(key), "`" + key + "` must name a secret (an SSM parameter path or a Secrets"
                        + " Manager or SSM ARN), not the " + what + " itself");
                return false;
            }
            Optional<String> problem = NotificationSecrets.problem(s, key, district, null, Declarations.SecretScope.DISTRICT);
            problem.ifPresent(p -> problems.error(n.value(key).orElseThrow(), n.pathOf(key), p));
            return problem.isEmpty();
        }).orElse(null);
    }

    static Optional<District> read(Node root, String name, Problems problems) {
        return read(root, name, problems, new Declarations());
    }

    static Optional<District> read(Node root, String name, Problems problems, Declarations declarations) {
        Optional<YamlMap> read = YamlMap.of(root, "", KnownKeys.DISTRICT, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = read.get();
        if (!NAME.matcher(name).matches()) {
            problems.error(0, 0, "", "district name `" + name + "` (from the file name) " + NAME_RULE);
        }
        map.string("name").ifPresent(declared -> {
            if (!declared.equals(name)) {
                problems.error(map.value("name").orElseThrow(), "name", "`name` is \"" + declared
                        + "\" but the file declares district `" + name + "`; rename the file or drop `name`");
            }
        });
        String region = map.matching("region", REGION, "must be an AWS region such as ap-northeast-1").orElse(Defaults.REGION);
        String cidr = map.string("cidr_block").filter(c -> {
            Optional<String> problem = Cidr.problemWith(c);
            problem.ifPresent(p -> problems.error(map.value("cidr_block").orElseThrow(), "cidr_block", p));
            return problem.isEmpty();
        }).orElseGet(() -> Cidr.defaultFor(name));
        District.NatType natType = map.oneOf("nat_type", NAT_TYPES)
                .map(s -> District.NatType.valueOf(s.toUpperCase(Locale.ROOT))).orElse(Defaults.NAT_TYPE);
        String backend = map.oneOf("cluster_backend", BACKENDS)
                .map(b -> b.equals("autoscaling") ? "ec2" : b).orElse(Defaults.CLUSTER_BACKEND);
        String instanceType = map.matching("cluster_instance_type", INSTANCE_TYPE, "must be an EC2 instance type such as t3.small")
                .orElse(Defaults.CLUSTER_INSTANCE_TYPE);
        int clusterSize = map.integer("cluster_size", 0, 100).orElse(Defaults.CLUSTER_SIZE);
        List<Endpoint> endpoints = endpoints(map, problems, declarations);
        map.oneOf("secret_scope", SECRET_SCOPES).ifPresent(scope ->
                declarations.secretScope(name, Declarations.SecretScope.valueOf(scope.toUpperCase(Locale.ROOT))));
        District.Notifications notifications = map.map("notifications", KnownKeys.NOTIFICATIONS)
                .flatMap(n -> notifications(n, name, problems)).orElse(null);
        Map<String, String> tags = map.entriesOf("tags", item -> {
            String key = item.name();
            String lower = key.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("aws:") || lower.startsWith("rambla:")) {
                problems.error(item.keyNode(), item.path(), "tag `" + key + "`: keys starting with `" + key.substring(0, key.indexOf(':') + 1)
                        + "` are reserved (by AWS or by Rambla's own tags)");
                return Optional.empty();
            }
            if (key.length() > MAX_TAG_KEY) {
                problems.error(item.keyNode(), item.path(), "tag key is " + key.length() + " characters long; AWS allows at most " + MAX_TAG_KEY);
                return Optional.empty();
            }
            if (item.node() instanceof ScalarNode s && !YamlMap.isNull(s)) {
                if (s.getValue().length() > MAX_TAG_VALUE) {
                    problems.error(item.node(), item.path(), "tag `" + key + "` is " + s.getValue().length()
                            + " characters long; AWS allows at most " + MAX_TAG_VALUE);
                    return Optional.empty();
                }
                return Optional.of(s.getValue());
            }
            problems.error(item.node(), item.path(), "tag `" + item.name() + "` must be a string, found " + YamlMap.describe(item.node()));
            return Optional.empty();
        });
        if (tags.size() > MAX_TAGS) {
            map.value("tags").ifPresent(node -> problems.error(node, map.pathOf("tags"), tags.size() + " tags; at most " + MAX_TAGS
                    + " fit on a stack beside the 6 Rambla sets (CloudFormation allows 50)"));
        }
        int logRetention = map.integer("log_retention_days", 1, 3653).filter(days -> {
            if (LOG_RETENTION_DAYS.contains(days)) {
                return true;
            }
            problems.error(map.value("log_retention_days").orElseThrow(), "log_retention_days",
                    "`log_retention_days` must be one of the periods CloudWatch Logs keeps: " + LOG_RETENTION_DAYS
                            + ", found " + days);
            return false;
        }).orElse(Defaults.LOG_RETENTION_DAYS);
        String logKmsKey = map.matching("log_kms_key_arn", KMS_KEY_ARN,
                "must be a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
                .orElse(null);
        District.ClusterAmi ami = map.string("cluster_ami").flatMap(value -> switch (value) {
            case "automatic" -> Optional.of((District.ClusterAmi) new District.ClusterAmi.Automatic());
            case "manual" -> Optional.of((District.ClusterAmi) new District.ClusterAmi.Manual());
            default -> {
                if (AMI_ID.matcher(value).matches()) {
                    yield Optional.of((District.ClusterAmi) new District.ClusterAmi.Pinned(value));
                }
                if (value.length() <= 1011 && SSM_PARAMETER.matcher(value).matches()) {
                    yield Optional.of((District.ClusterAmi) new District.ClusterAmi.Automatic(value));
                }
                problems.error(map.value("cluster_ami").orElseThrow(), "cluster_ami",
                        "`cluster_ami` must be automatic, manual, an AMI id such as ami-0123456789abcdef0"
                                + " or an SSM parameter path such as /acme/ecs-ami, found \""
                                + value + "\"" + Suggestions.didYouMean(value, List.of("automatic", "manual")));
                yield Optional.empty();
            }
        }).orElse(Defaults.CLUSTER_AMI);
        Approval approval = map.oneOf("approval", Approval.WORDS).map(Approval::of).orElse(null);
        List<District.ReviewGroup> reviewGroups = reviewGroups(map, endpoints, problems);
        map.finish();
        return Optional.of(declarations.note(new District(name, problems.file(), region, cidr, natType, backend, instanceType, clusterSize,
                backend.equals("fargate"), endpoints, notifications, new LinkedHashMap<>(tags), logRetention, logKmsKey, ami, approval, reviewGroups),
                problems, root, ""));
    }

    /** A DNS name of lower-case labels, at least two; short enough that {@code <pr>-<app>.} still fits a host header. */
    static final Pattern BASE_DOMAIN = Pattern.compile("(?=.{4,100}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    /** Barcelona's review groups ({@code name}, {@code endpoint}, {@code base_domain}), each on an endpoint of this district. */
    private static List<District.ReviewGroup> reviewGroups(YamlMap district, List<Endpoint> endpoints, Problems problems) {
        List<District.ReviewGroup> groups = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (YamlMap.Item item : district.list("review_groups")) {
            item.asMap(KnownKeys.REVIEW_GROUP, problems).ifPresent(map -> {
                Optional<String> name = map.requiredString("name").filter(n -> {
                    Node at = map.value("name").orElseThrow();
                    if (!NAME.matcher(n).matches()) {
                        problems.error(at, map.pathOf("name"), "review group name `" + n + "` " + NAME_RULE);
                        return false;
                    }
                    Node previous = seen.putIfAbsent(n, at);
                    if (previous != null) {
                        problems.error(at, map.pathOf("name"), "review group `" + n + "` is declared twice (first on line "
                                + (previous.getStartMark().getLine() + 1) + ")");
                        return false;
                    }
                    return true;
                });
                Optional<String> endpoint = map.requiredString("endpoint").filter(e -> {
                    if (endpoints.stream().noneMatch(x -> x.name().equals(e))) {
                        List<String> names = endpoints.stream().map(Endpoint::name).toList();
                        problems.error(map.value("endpoint").orElseThrow(), map.pathOf("endpoint"), "unknown endpoint `" + e
                                + "`; this district's endpoints: " + (names.isEmpty() ? "none" : String.join(", ", names))
                                + Suggestions.didYouMean(e, names));
                        return false;
                    }
                    return true;
                });
                Optional<String> domain = map.requiredString("base_domain").filter(d -> {
                    if (!BASE_DOMAIN.matcher(d).matches()) {
                        problems.error(map.value("base_domain").orElseThrow(), map.pathOf("base_domain"), "`base_domain` must be a "
                                + "lower-case DNS name such as review.example.com, at most 100 characters, found \"" + d + "\"");
                        return false;
                    }
                    return true;
                });
                map.finish();
                if (name.isPresent() && endpoint.isPresent() && domain.isPresent()) {
                    groups.add(new District.ReviewGroup(name.get(), endpoint.get(), domain.get()));
                }
            });
        }
        return groups;
    }

    private static List<Endpoint> endpoints(YamlMap district, Problems problems, Declarations declarations) {
        List<Endpoint> endpoints = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (YamlMap.Item item : district.list("endpoints")) {
            item.asMap(KnownKeys.ENDPOINT, problems).ifPresent(map -> {
                Optional<String> name = map.requiredString("name");
                name.ifPresent(n -> {
                    Node at = map.value("name").orElseThrow();
                    if (!NAME.matcher(n).matches()) {
                        problems.error(at, map.pathOf("name"), "endpoint name `" + n + "` " + NAME_RULE);
                    }
                    Node previous = seen.putIfAbsent(n, at);
                    if (previous != null) {
                        problems.error(at, map.pathOf("name"), "endpoint `" + n + "` is declared twice (first on line "
                                + (previous.getStartMark().getLine() + 1) + ")");
                    }
                });
                boolean isPublic = map.bool("public").orElse(Defaults.ENDPOINT_PUBLIC);
                String certificate = map.matching("certificate_arn", ACM_ARN, "must be an ACM certificate ARN").orElse(null);
                Endpoint.SslPolicy policy = map.oneOf("ssl_policy", SSL_POLICIES)
                        .map(p -> Endpoint.SslPolicy.valueOf(p.toUpperCase(Locale.ROOT))).orElse(Defaults.SSL_POLICY);
                boolean deletionProtection = map.bool("deletion_protection").orElse(Defaults.ENDPOINT_DELETION_PROTECTION);
                if (isPublic && certificate == null && !map.value("certificate_arn").isPresent()) {
                    problems.warning(map.value("name").orElse(item.node()), item.path(), "public endpoint `" + name.orElse("")
                            + "` has no `certificate_arn`: it serves plain HTTP to the internet; add an ACM certificate"
                            + " to serve HTTPS (port 80 then redirects to it)");
                }
                map.finish();
                name.ifPresent(n -> endpoints.add(declarations.note(new Endpoint(n, isPublic, certificate, policy, deletionProtection), problems,
                        map.value("name").orElse(map.node()), map.pathOf("name"))));
            });
        }
        return endpoints;
    }
}
