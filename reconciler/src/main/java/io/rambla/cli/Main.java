package io.rambla.cli;

import io.micronaut.runtime.Micronaut;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** The {@code rambla} command line: one subcommand per job. */
public final class Main {

    static final String USAGE = """
            Usage: rambla <command> [options]

            Commands:
              serve                 run the daemon: follow the repository in rambla.git.url and keep AWS in line with it
              validate [DIR]        check the district files and barcelona.yml files of DIR (default: .)
              render [DIR] --out OUT
                                    write each unit's CloudFormation template to OUT/<stack-name>.json
              plan [DIR]            show every resource and property applying DIR would change (--offline: no AWS)
              schema [NAME] [--out DIR]
                                    print or write the JSON Schemas (barcelona, district, rambla) for editors and CI
              run APP ENV [--] COMMAND...
                                    run COMMAND once as a one-off task of an app environment, streaming its output
              bench KIND            measure Rambla against the aws-cli deploy loop on the AWS emulator (noop, change, apply, startup)
              demo                  run the daemon on example-infra-repo/ against a local AWS emulator (./rambla only)

            Run 'rambla <command> --help' for the options of a command.
            """;

    private Main() {}

    public static void main(String[] args) throws Exception {
        LogFormat.apply(System.getenv(), System.getProperties(), System.err);
        int code = run(args, System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Returns the exit code, or -1 when the command keeps running (the daemon). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "serve":
                if (rest.contains("--help")) {
                    out.print(ServeHelp.TEXT);
                    return 0;
                }
                var context = Micronaut.build(rest.toArray(String[]::new)).mainClass(Main.class).start();
                if (context.getProperty("rambla.git.url", String.class).filter(u -> !u.isBlank()).isEmpty()) {
                    err.println("rambla serve: no repository to follow; set rambla.git.url (RAMBLA_GIT_URL)");
                    context.close();
                    return 2;
                }
                return -1;
            case "validate":
                return new ValidateCommand(out, err).run(rest);
            case "render":
                return new RenderCommand(out, err).run(rest);
            case "plan":
                return new PlanCommand(out, err).run(rest);
            case "schema":
                return new SchemaCommand(out, err).run(rest);
            case "run":
                return new RunCommand(out, err).runStoppingOnInterrupt(rest);
            default:
                var plugged = PluggedCommand.find(args[0]);
                if (plugged.isPresent()) {
                    return plugged.get().run(rest, out, err);
                }
                if (args[0].equals("bench")) {
                    err.println("rambla bench: the benchmarks are not in this jar; run ./rambla bench from a source checkout");
                    return 2;
                }
                err.println("rambla: unknown command '" + args[0] + "'");
                err.print(USAGE);
                return 2;
        }
    }
}
