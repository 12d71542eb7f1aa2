package io.rambla.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.RegionalStacks;
import io.rambla.config.AwsConfig;
import io.rambla.plan.Ownership;
import io.rambla.plan.RepositoryId;
import io.rambla.plan.PlanAssembly;
import io.rambla.plan.PlanDetails;
import io.rambla.plan.PlanText;
import io.rambla.plan.PullRequestPlan;
import io.rambla.plan.ResourcePlan;
import io.rambla.plan.TemplateDiff;
import io.rambla.plan.UnitChanges;
import io.rambla.render.ParameterValue;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.retry.Backoff;
import io.rambla.review.ChangeSetPlanner;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code rambla plan [DIR]}: what applying DIR would do, resource by resource and property by
 * property. Against the live stacks it asks CloudFormation for plan-only change sets on the same
 * path as pull-request review ({@link ChangeSetPlanner}) and deletes them; {@code --offline} diffs
 * the rendered templates against another directory's (or against nothing) without AWS.
 */
final class PlanCommand {

    static final String HELP = """
            Usage: rambla plan [DIR] [--format text|json] [--region REGION] [--endpoint URL] [--repository ID]
                   rambla plan [DIR] --offline [--against OTHER_DIR] [--format text|json]

            Validates and renders DIR (default: the current directory) and prints, per unit, every resource
            that applying it would add (+), change in place (~), replace (±) or remove (-), with each property's
            value before -> after, then "Plan: N to add, N to change, N to replace, N to remove."
            Against the live stacks it makes plan-only change sets and deletes them again: nothing is changed.
            AWS settings default to RAMBLA_AWS_REGION and RAMBLA_AWS_ENDPOINT from the environment
            (an endpoint such as http://127.0.0.1:4566 points at a local emulator). --repository (or
            RAMBLA_REPOSITORY_ID) is the daemon's repository identity: a stack tagged for another is shown
            as refused; without it each stack is judged as its own daemon would.
            --offline needs no AWS: it diffs DIR's templates against OTHER_DIR's (a checkout of the tracked
            branch), or against nothing when OTHER_DIR is not given; upstream outputs are not known then.
            --format json prints the plan as JSON for CI; progress goes to stderr.
            Exit status: 0 nothing to do, 3 changes pending, 1 errors, 2 bad usage.
            """;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;
    private final PrintStream err;
    private final boolean colour;
    /** DIR's stack prefix and prune setting, once read: which stacks merging would delete. */
    private ChangeSetPlanner.Pruning pruning;

    PlanCommand(PrintStream out, PrintStream err) {
        this(out, err, System.console() != null && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM")));
    }

    PlanCommand(PrintStream out, PrintStream err, boolean colour) {
        this.out = out;
        this.err = err;
        this.colour = colour;
    }

    int run(List<String> args) {
        Arguments arguments;
        boolean offline = args.contains("--offline");
        String format;
        try {
            arguments = Arguments.parse(args.stream().filter(a -> !a.equals("--offline")).toList(),
                    Set.of("region", "endpoint", "format", "against", "repository"));
            if (arguments.help()) {
                out.print(HELP);
                return 0;
            }
            if (!Files.isDirectory(arguments.directory())) {
                throw new IllegalArgumentException(arguments.directory() + " is not a directory");
            }
            format = arguments.options().getOrDefault("format", "text");
            if (!format.equals("text") && !format.equals("json")) {
                throw new IllegalArgumentException("--format is text or json, not " + format);
            }
            if (arguments.options().containsKey("against") && !offline) {
                throw new IllegalArgumentException("--against goes with --offline");
            }
            if (offline && (arguments.options().containsKey("region") || arguments.options().containsKey("endpoint"))) {
                throw new IllegalArgumentException("--offline uses no AWS: drop --region and --endpoint");
            }
        } catch (IllegalArgumentException e) {
            err.println("rambla plan: " + e.getMessage());
            err.print(HELP);
            return 2;
        }
        List<RenderedUnit> units = render(arguments.directory());
        if (units == null) {
            return 1;
        }
        List<UnitChanges> plan;
        boolean failed;
        if (offline) {
            List<RenderedUnit> against = List.of();
            if (arguments.options().containsKey("against")) {
                Path other = Path.of(arguments.options().get("against"));
                against = Files.isDirectory(other) ? render(other) : null;
                if (against == null) {
                    err.println("rambla plan: --against " + other + " cannot be rendered");
                    return 1;
                }
            }
            try {
                plan = offline(units, against);
            } catch (IllegalArgumentException e) {
                err.println("rambla plan: " + e.getMessage());
                return 1;
            }
            failed = false;
        } else {
            String region = arguments.options().getOrDefault("region", env("RAMBLA_AWS_REGION", "us-east-1"));
            String endpoint = arguments.options().getOrDefault("endpoint", env("RAMBLA_AWS_ENDPOINT", null));
            var config = new AwsConfig(region, endpoint, null, null);
            String name = "rambla-plan-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
            try (var client = AwsClientFactory.cloudFormation(config, new AwsCallCounter())) {
                // Each stack is planned in its district's region; the home region's client is shared.
                var counter = new AwsCallCounter();
                var stacks = new RegionalStacks(region, r -> new AwsCloudFormationStacks(
                        r.equals(region) ? client : AwsClientFactory.cloudFormation(config.inRegion(r), counter), Backoff.standard()));
                List<RenderedUnit> claimed = claim(units, stacks, arguments.options().getOrDefault("repository", env("RAMBLA_REPOSITORY_ID", null)));
                var planner = new ChangeSetPlanner(stacks, stacks, (unit, stack) -> err.println("planning " + unit + " (change set on " + stack + ")"));
                PullRequestPlan counted = planner.plan("local", claimed, name, name, pruning);
                plan = counted.details();
                failed = !counted.failed().isEmpty();
            } catch (RuntimeException e) {
                err.println("rambla plan: cannot read the live stacks: " + e.getMessage());
                return 1;
            }
        }
        if (format.equals("json")) {
            out.println(json(plan));
        } else {
            out.print(PlanText.format(plan, PlanText.UNLIMITED, colour));
        }
        if (failed) {
            return 1;
        }
        return plan.stream().anyMatch(UnitChanges::changes) ? 3 : 0;
    }

    /**
     * The units tagged as the daemon tags them: with {@code repository} when given, else with the
     * repository each live stack already names, so adding the tag does not make every unit look changed.
     */
    private static List<RenderedUnit> claim(List<RenderedUnit> units, RegionalStacks stacks, String repository) {
        Map<String, String> regions = new LinkedHashMap<>();
        units.forEach(u -> regions.put(u.stack().stackName(), u.unit().region()));
        stacks.place(regions);
        List<RenderedUnit> claimed = new ArrayList<>();
        for (RenderedUnit unit : units) {
            String owner = repository != null ? repository
                    : stacks.describe(unit.stack().stackName()).map(s -> s.tag(Ownership.TAG_REPOSITORY)).orElse(null);
            claimed.add(owner == null ? unit : Ownership.claim(List.of(unit), RepositoryId.of(owner, null)).get(0));
        }
        return claimed;
    }

    /** The units of {@code directory}, or null after saying why they cannot be rendered. */
    private List<RenderedUnit> render(Path directory) {
        LoadResult result = RepositoryLoader.load(directory);
        result.diagnostics().forEach(d -> err.println(d));
        if (result.hasErrors()) {
            return null;
        }
        if (pruning == null) {
            pruning = new ChangeSetPlanner.Pruning(result.repository().settings().stackPrefix(), result.repository().settings().prune());
        }
        try {
            return new Renderer(result.repository().settings().stackPrefix()).render(result.repository());
        } catch (IllegalArgumentException e) {
            err.println("rambla plan: " + e.getMessage());
            return null;
        }
    }

    /** Every unit of {@code units} diffed against the unit of the same stack in {@code against}; stacks only there are deleted. */
    static List<UnitChanges> offline(List<RenderedUnit> units, List<RenderedUnit> against) {
        Map<String, RenderedUnit> before = new LinkedHashMap<>();
        against.forEach(u -> before.put(u.stack().stackName(), u));
        List<UnitChanges> plan = new ArrayList<>();
        for (RenderedUnit unit : units) {
            RenderedUnit old = before.remove(unit.stack().stackName());
            var diff = TemplateDiff.between(old == null ? null : old.stack().templateBody(), old == null ? Map.of() : parameters(old),
                    unit.stack().templateBody(), parameters(unit));
            boolean changes = !diff.resources().isEmpty() || !diff.parameters().isEmpty();
            var action = old == null ? UnitChanges.StackAction.CREATE : changes ? UnitChanges.StackAction.UPDATE : UnitChanges.StackAction.NONE;
            plan.add(PlanAssembly.fromDiff(unit.id(), unit.stack().stackName(), action, diff, null));
        }
        for (RenderedUnit gone : before.values()) {
            var diff = TemplateDiff.between(gone.stack().templateBody(), parameters(gone), null, Map.of());
            plan.add(PlanAssembly.fromDiff(gone.id(), gone.stack().stackName(), UnitChanges.StackAction.DELETE, diff,
                    "no longer declared: its stack is deleted when pruning is on"));
        }
        return plan;
    }

    private static Map<String, String> parameters(RenderedUnit unit) {
        Map<String, String> values = new TreeMap<>();
        unit.stack().parameters().forEach((name, value) -> values.put(name,
                value instanceof ParameterValue.Literal literal ? literal.value() : PlanDetails.KNOWN_AFTER_UPSTREAM));
        return values;
    }

    static String json(List<UnitChanges> plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Long> summary = new LinkedHashMap<>();
        summary.put("add", plan.stream().mapToLong(u -> u.count(ResourcePlan.Action.ADD) + u.count(ResourcePlan.Action.IMPORT)).sum());
        summary.put("change", plan.stream().mapToLong(u -> u.count(ResourcePlan.Action.MODIFY)).sum());
        summary.put("replace", plan.stream().mapToLong(UnitChanges::replacements).sum());
        summary.put("remove", plan.stream().mapToLong(u -> u.count(ResourcePlan.Action.REMOVE)).sum());
        root.put("summary", summary);
        root.put("units", plan);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plan could not be written as JSON", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
