package io.rambla.cli;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsClientFactory;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.config.AwsConfig;
import io.rambla.plan.LiveStack;
import io.rambla.plan.Planner;
import io.rambla.plan.Snapshot;
import io.rambla.plan.UnitDecision;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.retry.Backoff;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code rambla plan [DIR]}: which stacks applying DIR would create or update, judged by the
 * desired-state hash tagged on each live stack. Reads only; never creates a change set.
 */
final class PlanCommand {

    static final String HELP = """
            Usage: rambla plan [DIR] [--region REGION] [--endpoint URL]

            Validates and renders DIR (default: the current directory), reads the live stacks and prints,
            per unit, whether applying would create it, update it, or leave it alone. Nothing is changed.
            AWS settings default to RAMBLA_AWS_REGION and RAMBLA_AWS_ENDPOINT from the environment
            (an endpoint such as http://127.0.0.1:4566 points at a local emulator).
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
            arguments = Arguments.parse(args, Set.of("region", "endpoint"));
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
            var stacks = new AwsCloudFormationStacks(client, Backoff.standard());
            List<RenderedUnit> units = new Renderer(result.repository().settings().stackPrefix()).render(result.repository());
            List<LiveStack> live = new ArrayList<>();
            units.forEach(unit -> stacks.describe(unit.stack().stackName()).ifPresent(live::add));
            // Until its upstream stacks exist, a unit's parameters are not all known: it is planned as far as can be.
            int pending = 0;
            for (UnitDecision decision : Planner.plan(units, Snapshot.of(units, live))) {
                if (decision.pending()) {
                    pending++;
                }
                out.printf("%-40s %-45s %s%n", decision.unit().id(), decision.unit().stack().stackName(), decision.describe());
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
