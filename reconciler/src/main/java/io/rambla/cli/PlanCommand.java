package io.rambla.cli;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.config.AwsConfig;
import io.rambla.plan.LiveStack;
import io.rambla.plan.Ownership;
import io.rambla.plan.Planner;
import io.rambla.plan.Amis;
import io.rambla.plan.RepositoryId;
import io.rambla.plan.Snapshot;
import io.rambla.plan.UnitDecision;
import io.rambla.render.ParameterValue;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.retry.Backoff;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rambla plan [DIR]}: which stacks applying DIR would create or update, judged by the
 * desired-state hash tagged on each live stack. Reads only; never creates a change set.
 */
final class PlanCommand {

    static final String HELP = """
            Usage: rambla plan [DIR] [--region REGION] [--endpoint URL] [--repository ID]

            Validates and renders DIR (default: the current directory), reads the live stacks and prints,
            per unit, whether applying would create it, update it, or leave it alone. Nothing is changed.
            AWS settings default to RAMBLA_AWS_REGION and RAMBLA_AWS_ENDPOINT from the environment
            (an endpoint such as http://127.0.0.1:4566 points at a local emulator). --repository (or
            RAMBLA_REPOSITORY_ID) is the daemon's repository identity: a stack tagged for another is shown
            as refused; without it each stack is judged as its own daemon would.
            Exit status: 0 nothing to do, 3 changes pending, 1 errors, 2 bad usage.
            """;

    private final PrintStream out;
    private final PrintStream err;

    PlanCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args, Set.of("region", "endpoint", "repository"));
            if (arguments.help()) {
                out.print(HELP);
                return 0;
            }
            if (!Files.isDirectory(arguments.directory())) {
                throw new IllegalArgumentException(arguments.directory() + " is not a directory");
            }
        } catch (IllegalArgumentException e) {
            err.println("rambla plan: " + e.getMessage());
            err.print(HELP);
            return 2;
        }
        LoadResult result = RepositoryLoader.load(arguments.directory());
        result.diagnostics().forEach(d -> (d.isError() ? err : out).println(d));
        if (result.hasErrors()) {
            return 1;
        }
        String region = arguments.options().getOrDefault("region", env("RAMBLA_AWS_REGION", "us-east-1"));
        String endpoint = arguments.options().getOrDefault("endpoint", env("RAMBLA_AWS_ENDPOINT", null));
        var config = new AwsConfig(region, endpoint, null, null);
        try (var client = AwsClientFactory.cloudFormation(config, new AwsCallCounter())) {
            // Each stack is read in its district's region; the home region's client is shared.
            var counter = new AwsCallCounter();
            var stacks = new io.rambla.apply.RegionalStacks(region, r -> new AwsCloudFormationStacks(
                    r.equals(region) ? client : AwsClientFactory.cloudFormation(config.inRegion(r), counter), Backoff.standard()));
            List<RenderedUnit> rendered = new Renderer(result.repository().settings().stackPrefix()).render(result.repository());
            Map<String, String> regions = new HashMap<>();
            rendered.forEach(u -> regions.put(u.stack().stackName(), u.unit().region()));
            stacks.place(regions);
            Map<String, LiveStack> liveByName = new HashMap<>();
            for (RenderedUnit unit : rendered) {
                stacks.describe(unit.stack().stackName()).ifPresent(s -> liveByName.put(s.name(), s));
            }
            // The daemon adds its repository's tag; without --repository, judge as the stack's own daemon would.
            String repository = arguments.options().getOrDefault("repository", env("RAMBLA_REPOSITORY_ID", null));
            List<RenderedUnit> claimed = new ArrayList<>();
            for (RenderedUnit unit : rendered) {
                String owner = repository != null ? repository
                        : Optional.ofNullable(liveByName.get(unit.stack().stackName())).map(s -> s.tag(Ownership.TAG_REPOSITORY)).orElse(null);
                claimed.add(owner == null ? unit : Ownership.claim(List.of(unit), RepositoryId.of(owner, null)).get(0));
            }
            // The AMI each district runs is part of its desired state, read now (plan.Amis).
            List<RenderedUnit> units = Amis.resolve(claimed, liveByName, stacks.amiLookup());
            // Until its upstream stacks exist, a unit's parameters are not all known: it is planned as far as can be.
            int pending = 0;
            List<UnitDecision> decisions = Planner.plan(units, Snapshot.of(units, liveByName.values()));
            for (int i = 0; i < decisions.size(); i++) {
                UnitDecision decision = decisions.get(i);
                if (decision.pending()) {
                    pending++;
                }
                RenderedUnit unit = decision.unit();
                out.printf("%-40s %-45s %-15s %s%n", unit.id(), unit.stack().stackName(), unit.unit().region(), decision.describe());
                if (rendered.get(i).stack().parameters().get("EcsAmiId") instanceof ParameterValue.SsmAmi ami
                        && decision instanceof UnitDecision.Ready ready) {
                    out.printf("%-40s cluster AMI %s (%s)%n", "", ready.desired().parameters().get("EcsAmiId"),
                            ami.keepLive() ? "manual: kept from the live stack, or " + ami.ssmParameter() + " for a new one"
                                    : "from SSM parameter " + ami.ssmParameter() + " in " + ami.region());
                }
            }
            out.println(pending == 0 ? "no changes" : pending + " unit(s) to apply");
            return pending == 0 ? 0 : 3;
        } catch (RuntimeException e) {
            err.println("rambla plan: cannot read the live stacks: " + e.getMessage());
            return 1;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
