package io.rambla.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code rambla bench noop|change|apply|startup|scale|prplan}: Rambla measured against the aws-cli deploy loop on the local emulator. */
public final class BenchCommand {

    static final String HELP = """
            Usage: rambla bench <noop|change|apply|startup|scale|resync|prplan> [options]

            Generates a synthetic infrastructure repository (one district without NAT, one endpoint,
            N app environments) as a real git repository, applies it to the AWS emulator and measures:

              noop     a sync after a commit that changes nothing rendered, against the aws-cli
                       deploy loop over the same templates (wall time, AWS API calls)
              change   push a new image tag of one app, request a sync with a signed GitHub push
                       webhook to the in-process daemon, time until the unit is APPLIED (p50, p95)
              apply    the first apply of all units, Rambla against the aws-cli deploy loop,
                       each on its own fresh stack prefix
              startup  daemon start-up (process start to first sync complete) and resident memory
              scale    with --other-stacks stacks that are not Rambla's seeded in the region: the
                       first apply of all units (time, AWS calls per unit), then a no-op sync, and
                       the aws-cli loop's first apply on a subset (--baseline-max-units, default 2),
                       extrapolated; prints the machine's load average with the figures
              resync   Rambla alone: --trials syncs of commits that change only the README after
                       the initial apply (wall and CPU time of each, p50, p95)
              prplan   apply --units apps (default 1000), then push a pull request that changes
                       --changed of them (default 50, image_tag) and deliver a signed GitHub
                       pull_request webhook to the in-process daemon; time until the plan comment
                       is posted and every commit status on the head is final (WireMock GitHub)

            Options:
              --units N               app environments (default 10; prplan 1000; at most 1998: with the
                                      district and its endpoint, the loader's cap of 2000 units)
              --trials N              trials for change and resync (default 20) and prplan (default 1; each
                                      later trial pushes a new head to the same pull request)
              --changed M             prplan: apps the pull request changes, spread evenly (default 50)
              --review-concurrency L  prplan: rambla.review.concurrency values, comma-separated (e.g. 1,4),
                                      each run by a daemon of its own on the same stacks (default:
                                      the daemon's default)
              --change app|district   change: what each trial changes — one app's image_tag (default),
                                      or the district's cluster_size (the emulator cannot update app
                                      stacks, see docs/performance.md)
              --concurrency N         stacks Rambla applies at once (default 4)
              --endpoint URL          the AWS emulator (default http://127.0.0.1:4566)
              --baseline-max-units N  apply: let the aws-cli loop deploy at most N app units and
                                      extrapolate linearly (default: all)
              --venv DIR              where aws-cli is installed on first use (default .venv-bench)
              --other-stacks N        scale: stacks not Rambla's to seed first (default 2000)
              --jvm default|deploy    startup: the daemon's JVM options: the JVM's defaults, or those
                                      of deploy/rambla.service (heap cap, serial GC, its class-data-
                                      sharing archive taken from reconciler/target/rambla.jsa, which
                                      ./rambla records) (default: default)
              --profile               startup: run the daemon with Native Memory Tracking and print its
                                      summary, the heap after a GC and its threads after the first sync
              --keep                  keep the stacks (default: delete them at the end)
              --jfr FILE              resync: write a JFR recording (settings "profile") of the
                                      timed syncs to FILE

            The last line of the output is one JSON object with the figures.
            """;

    private final PrintStream out;
    private final PrintStream err;

    public BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Options of a benchmark run. */
    record Options(int units, int trials, String change, int concurrency, String endpoint, Integer baselineMaxUnits, Path venv, boolean keep,
                   int otherStacks, String jvm, boolean profile, Path jfr, int changed, List<Integer> reviewConcurrency) {}

    /**
     * {@code --review-concurrency}: comma-separated values of 1..64, each a daemon of its own in one
     * run; 0 stands for the daemon's default. Pure.
     */
    static List<Integer> reviewConcurrency(String text) {
        List<Integer> values = new java.util.ArrayList<>();
        for (String part : text.split(",", -1)) {
            int value = Integer.parseInt(part.strip());
            if (value < 0 || value > 64) {
                throw new IllegalArgumentException("--review-concurrency values are 1..64 (0: the default), not " + value);
            }
            values.add(value);
        }
        if (values.size() > 8) {
            throw new IllegalArgumentException("--review-concurrency takes at most 8 values");
        }
        return List.copyOf(values);
    }

    /**
     * The {@code changed} apps of {@code units} a pull request changes, 1-based and spread evenly
     * over the repository (the first, then every {@code units/changed}-th). Pure.
     */
    static List<Integer> spread(int units, int changed) {
        if (units < 1 || changed < 1 || changed > units) {
            throw new IllegalArgumentException("changed must be 1.." + units + ", got " + changed);
        }
        List<Integer> apps = new java.util.ArrayList<>(changed);
        for (int k = 0; k < changed; k++) {
            apps.add(1 + (int) ((long) k * units / changed));
        }
        return apps;
    }

    /** The checkout the jar was built in (the folder above {@code reconciler/bench/target/}), else the working directory. */
    static Path projectRoot() {
        try {
            Path location = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = location.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("example-infra-repo"))) {
                    return dir;
                }
            }
        } catch (Exception e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /**
     * The JVM options of {@code deploy/rambla.service}'s ExecStart: the words between {@code java}
     * and {@code -jar}. Empty when there is no such line.
     */
    static List<String> deployJvmOptions(String unit) {
        for (String line : unit.split("\\R")) {
            if (line.startsWith("ExecStart=")) {
                List<String> words = List.of(line.substring("ExecStart=".length()).trim().split("\\s+"));
                int jar = words.indexOf("-jar");
                if (jar > 0 && words.get(0).endsWith("java")) {
                    return words.subList(1, jar);
                }
            }
        }
        return List.of();
    }

    /** The {@code MALLOC_*} variables the systemd unit sets ({@code Environment=NAME=VALUE}): they shape the JVM's native memory too. */
    static java.util.Map<String, String> deployMallocEnvironment(String unit) {
        var env = new java.util.TreeMap<String, String>();
        for (String line : unit.split("\\R")) {
            var m = java.util.regex.Pattern.compile("Environment=(MALLOC_[A-Z_]+)=(\\S+)").matcher(line.trim());
            if (m.matches()) {
                env.put(m.group(1), m.group(2));
            }
        }
        return env;
    }

    /**
     * Deploy's options for a run from this checkout: a class-data-sharing archive named by
     * {@code -XX:SharedArchiveFile} (where the systemd unit records it on the host) is taken from
     * {@code archive} instead, the one {@code ./rambla} records next to the jar.
     */
    static List<String> withLocalArchive(List<String> options, Path archive) {
        return options.stream()
                .map(o -> o.startsWith("-XX:SharedArchiveFile=") ? "-XX:SharedArchiveFile=" + archive : o)
                .toList();
    }

    public int run(List<String> args) throws Exception {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            (args.isEmpty() ? err : out).print(HELP);
            return args.isEmpty() ? 2 : 0;
        }
        String which = args.get(0);
        Integer units = null;
        Integer trials = null;
        int changed = 50;
        List<Integer> reviewConcurrency = List.of(0);
        int concurrency = 4;
        String change = "app";
        String endpoint = "http://127.0.0.1:4566";
        Integer baselineMax = null;
        Path venv = projectRoot().resolve(".venv-bench");
        boolean keep = false;
        int otherStacks = 2000;
        String jvm = "default";
        boolean profile = false;
        Path jfr = null;
        try {
            for (int i = 1; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--units" -> units = Integer.parseInt(args.get(++i));
                    case "--trials" -> trials = Integer.parseInt(args.get(++i));
                    case "--change" -> change = args.get(++i);
                    case "--concurrency" -> concurrency = Integer.parseInt(args.get(++i));
                    case "--endpoint" -> endpoint = args.get(++i);
                    case "--baseline-max-units" -> baselineMax = Integer.parseInt(args.get(++i));
                    case "--venv" -> venv = Path.of(args.get(++i));
                    case "--keep" -> keep = true;
                    case "--other-stacks" -> otherStacks = Integer.parseInt(args.get(++i));
                    case "--jvm" -> jvm = args.get(++i);
                    case "--profile" -> profile = true;
                    case "--jfr" -> jfr = Path.of(args.get(++i)).toAbsolutePath();
                    case "--changed" -> changed = Integer.parseInt(args.get(++i));
                    case "--review-concurrency" -> reviewConcurrency = reviewConcurrency(args.get(++i));
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            err.println("rambla bench: " + (e instanceof IndexOutOfBoundsException ? "an option lacks its value" : e.getMessage()));
            err.print(HELP);
            return 2;
        }
        if (units == null) {
            units = which.equals("prplan") ? 1000 : 10;
        }
        if (trials == null) {
            trials = which.equals("prplan") ? 1 : 20;
        }
        if (!jvm.equals("default") && !jvm.equals("deploy")) {
            err.println("rambla bench: --jvm is default or deploy, not " + jvm);
            return 2;
        }
        if (!change.equals("app") && !change.equals("district")) {
            err.println("rambla bench: --change is app or district, not " + change);
            return 2;
        }
        int loadable = SyntheticRepository.maxLoadableApps(io.rambla.schema.LoaderLimits.defaults());
        if (units > loadable) {
            // Refused here, not after seeding --other-stacks stacks: the loader would refuse the whole repository.
            err.println("rambla bench: --units " + units + " makes a repository Rambla does not load: at most " + loadable
                    + " apps (with the district and its endpoint, " + (loadable + 2) + " units and YAML files, the loader's caps)");
            return 2;
        }
        if (units < 1 || units > SyntheticRepository.MAX_UNITS || trials < 1 || concurrency < 1 || otherStacks < 0 || otherStacks > 100_000) {
            err.println("rambla bench: --units must be 1.." + SyntheticRepository.MAX_UNITS
                    + ", --trials and --concurrency at least 1, --other-stacks 0..100000");
            return 2;
        }
        if (which.equals("prplan") && (changed < 1 || changed > units)) {
            err.println("rambla bench: --changed must be 1..--units (" + units + "), not " + changed);
            return 2;
        }
        var options = new Options(units, trials, change, concurrency, endpoint, baselineMax, venv.toAbsolutePath(), keep, otherStacks, jvm, profile, jfr, changed, reviewConcurrency);
        var benchmarks = new Benchmarks(options, out);
        return switch (which) {
            case "noop" -> benchmarks.noop();
            case "change" -> benchmarks.change();
            case "apply" -> benchmarks.apply();
            case "startup" -> benchmarks.startup();
            case "scale" -> benchmarks.scale();
            case "resync" -> benchmarks.resync();
            case "prplan" -> benchmarks.prplan();
            default -> {
                err.println("rambla bench: unknown benchmark '" + which + "'");
                err.print(HELP);
                yield 2;
            }
        };
    }
}
