package io.rambla.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.retry.Backoff;
import io.rambla.apply.StackApplier;
import io.rambla.cli.Main;
import io.rambla.reconcile.Reconciler;
import io.rambla.reconcile.SyncSettings;
import io.rambla.retry.Sleeper;
import io.rambla.retry.UnitRetry;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import io.rambla.source.JGitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** The benchmarks. Each prints progress, a summary and, last, one JSON line. */
final class Benchmarks {

    private static final long SYNC_TIMEOUT_MS = 30 * 60_000L;
    private static final String WEBHOOK_SECRET = "rambla-bench-" + UUID.randomUUID();

    private final BenchCommand.Options options;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Benchmarks(BenchCommand.Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        quiet("io.rambla");
        quiet("io.micronaut");
    }

    /** A synthetic repository on a fresh stack prefix, committed and pushed. */
    private record Setup(Path dir, BenchRepository repo, String prefix, String head, List<RenderedUnit> units) {}

    private Setup prepare(String label) throws Exception {
        try (var aws = new BenchAws(options.endpoint())) {
            aws.ensurePermissionsBoundary(BenchCommand.projectRoot().resolve("deploy/permissions-boundary.json"));
        }
        String prefix = SyntheticRepository.uniquePrefix(label);
        Path dir = Files.createTempDirectory("rambla-bench-" + label + "-");
        var repo = BenchRepository.create(dir);
        String head = repo.commitAndPush("Synthetic repository: " + options.units() + " apps",
                SyntheticRepository.files(prefix, options.units()));
        LoadResult loaded = RepositoryLoader.load(repo.workTree());
        if (loaded.hasErrors()) {
            throw new IllegalStateException("the synthetic repository does not validate: " + loaded.errors());
        }
        List<RenderedUnit> units = new Renderer(prefix).render(loaded.repository());
        out.printf("repository %s: %d units (1 district, 1 endpoint, %d apps), stack prefix %s%n",
                dir, units.size(), options.units(), prefix);
        return new Setup(dir, repo, prefix, head, units);
    }

    /** Statuses of the Rambla under test, for the failure messages a SyncReport does not carry. */
    private final UnitStatusStore statuses = new UnitStatusStore();

    /**
     * A fresh reconciler as the daemon wires it: its CloudFormation port caches the sync's listing
     * (the default {@code rambla.sync.listing-max-age}), so its first sync lists the region in full and
     * the next ones answer from the cache.
     */
    private Reconciler reconciler(Setup setup, CloudFormationClient client) {
        var backoff = Backoff.standard();
        var stacks = new io.rambla.apply.RegionalStacks(BenchAws.REGION, region -> new AwsCloudFormationStacks(client, backoff),
                new io.rambla.apply.ListingPolicy(Duration.ofMinutes(10)), Clock.systemUTC());
        var applier = new StackApplier(stacks, backoff, Duration.ofMinutes(10));
        return new Reconciler(new JGitSource(setup.repo().url(), BenchRepository.BRANCH, setup.repo().checkout("rambla")),
                applier, statuses, List.of(), new SyncSettings(options.concurrency(), UnitRetry.standard(), false,
                        // The daemon claims its repository in every stack's tags: so does the bench, or the daemon the
                        // change and startup benchmarks start would find every stack's desired hash different.
                        io.rambla.plan.RepositoryId.of(null, setup.repo().url()), io.rambla.plan.PruneGuard.standard()),
                Clock.systemUTC(), Sleeper.THREAD);
    }

    /** A timed no-op sync: its wall and CPU time, its AWS calls by operation, and what went wrong (null: nothing). */
    private record NoOp(long ms, long cpuMs, Map<String, Long> calls, String failed) {
        long total() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }

        String json(String name) {
            return String.format(java.util.Locale.ROOT, "\"%s_ms\":%d,\"%s_api_calls\":%d,\"%s_cpu_ms\":%d", name, ms, name, total(), name, cpuMs);
        }
    }

    private int editions = 0;

    /** Commits a change to the README only, then times the sync of it. */
    private NoOp noOp(Reconciler reconciler, Setup setup, AwsCallCounter calls) throws Exception {
        setup.repo().commitAndPush("Touch the README only", Map.of("README.md", SyntheticRepository.readme(++editions)));
        Map<String, Long> before = calls.snapshot();
        long started = System.nanoTime();
        long cpu = Machine.processCpuMs();
        var report = reconciler.sync();
        long ms = (System.nanoTime() - started) / 1_000_000;
        long cpuMs = Machine.processCpuMs() - cpu;
        return new NoOp(ms, cpuMs, minus(calls.snapshot(), before), report.skipped() ? "skipped" : failures(report));
    }

    /** Applies every unit; returns null when they all are APPLIED, else what went wrong. */
    private String failures(Reconciler.SyncReport report) {
        if (report.error() != null) {
            return report.error();
        }
        var bad = report.units().entrySet().stream().filter(e -> e.getValue() != UnitState.APPLIED)
                .map(e -> e.getKey() + " " + e.getValue() + statuses.get(e.getKey()).map(u -> " (" + u.message() + ")").orElse(""))
                .toList();
        return bad.isEmpty() ? null : bad.size() + " units not applied: " + bad.stream().limit(3).collect(Collectors.joining("; "));
    }

    /**
     * The untimed initial apply, with one forced retry: on the loaded shared emulator an endpoint
     * stack has been seen complete without its outputs yet, which fails every app once.
     */
    private String applyInitially(Reconciler reconciler) {
        long t = System.nanoTime();
        String failed = failures(reconciler.sync());
        if (failed != null) {
            out.println("  initial apply incomplete (" + failed + "); syncing once more");
            failed = failures(reconciler.sync(true));
        }
        out.printf("  done in %.1f s%n", (System.nanoTime() - t) / 1e9);
        return failed;
    }

    int noop() throws Exception {
        try (var aws = new BenchAws(options.endpoint())) {
            Setup setup = prepare("noop");
            boolean cleaned = false;
            try {
                var calls = new AwsCallCounter();
                var client = aws.countedClient(calls);
                Reconciler reconciler = reconciler(setup, client);
                out.printf("initial apply of %d units with Rambla (concurrency %d)...%n", setup.units().size(), options.concurrency());
                String failed = applyInitially(reconciler);
                if (failed != null) {
                    out.println("initial apply failed: " + failed);
                    return 1;
                }
                // A fresh reconciler, as a daemon just started: its first no-op lists the region in full
                // (cold); the next push is answered from the listing cache (warm).
                Reconciler fresh = reconciler(setup, client);
                out.println("no-op syncs with a fresh Rambla (commits that change only the README): cold, then warm...");
                NoOp cold = noOp(fresh, setup, calls);
                NoOp warm = noOp(fresh, setup, calls);
                for (NoOp run : List.of(cold, warm)) {
                    if (run.failed() != null) {
                        out.println("the no-op sync did not complete: " + run.failed());
                        return 1;
                    }
                }
                client.close();

                Path awsCli = AwsCliLoop.ensureInstalled(venv(), out);
                Map<String, Map<String, String>> tags = new LinkedHashMap<>();
                for (RenderedUnit unit : setup.units()) {
                    tags.put(unit.stack().stackName(), aws.liveTags(unit.stack().stackName()));
                }
                out.printf("no-op with the aws-cli loop: aws cloudformation deploy x %d, sequential...%n", setup.units().size());
                var baseline = new AwsCliLoop(awsCli, options.endpoint(), setup.dir().resolve("aws-cli")).deploy(setup.units(), tags, out);

                out.println();
                out.printf("no-op sync of %d units (%d apps)%n", setup.units().size(), options.units());
                out.printf("  Rambla, cold: %7d ms  %6d AWS API calls  %s  (first sync of a fresh reconciler: full listing; SDK interceptor)%n",
                        cold.ms(), cold.total(), cold.calls());
                out.printf("  Rambla, warm: %7d ms  %6d AWS API calls  %s  (the next push: listing cache)%n", warm.ms(), warm.total(), warm.calls());
                out.printf("  aws-cli loop: %7d ms  %6d AWS API calls  %s  (counted from aws --debug request lines)%n",
                        baseline.millis(), baseline.totalCalls(), baseline.calls());
                if (!baseline.failed().isEmpty()) {
                    out.println("  aws-cli deploy failed for " + baseline.failed().size() + " units: " + baseline.failed());
                }
                cleanup(aws, setup.units());
                cleaned = true;
                out.printf("{\"units\":%d,%s,%s,\"baseline_ms\":%d,\"baseline_api_calls\":%d,\"load_average\":\"%s\"}%n",
                        options.units(), cold.json("rambla_cold"), warm.json("rambla_warm"), baseline.millis(), baseline.totalCalls(),
                        Machine.loadAverage());
                return baseline.failed().isEmpty() ? 0 : 1;
            } finally {
                if (!cleaned) {
                    cleanup(aws, setup.units());
                }
                setup.repo().close();
            }
        }
    }

    /**
     * Rambla alone: after the untimed initial apply, {@code trials} syncs of commits that change only
     * the README, each timed (wall and this process's CPU). With {@code --jfr FILE} a JFR
     * recording (settings "profile") covers the timed syncs only, for {@code jfr print}.
     */
    int resync() throws Exception {
        try (var aws = new BenchAws(options.endpoint())) {
            Setup setup = prepare("rsync");
            try {
                var calls = new AwsCallCounter();
                Reconciler reconciler = reconciler(setup, aws.countedClient(calls));
                out.printf("initial apply of %d units with Rambla (concurrency %d)...%n", setup.units().size(), options.concurrency());
                String failed = applyInitially(reconciler);
                if (failed != null) {
                    out.println("initial apply failed: " + failed);
                    return 1;
                }
                String loadBefore = Machine.loadAverage();
                List<Long> wall = new ArrayList<>();
                List<Long> cpu = new ArrayList<>();
                Map<String, Long> before = calls.snapshot();
                jdk.jfr.Recording recording = null;
                if (options.jfr() != null) {
                    recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                    recording.setDestination(options.jfr());
                    recording.start();
                }
                try {
                    for (int trial = 1; trial <= options.trials(); trial++) {
                        setup.repo().commitAndPush("Touch the README only", Map.of("README.md", SyntheticRepository.readme(trial + 1)));
                        long cpuStart = Machine.processCpuMs();
                        long started = System.nanoTime();
                        var report = reconciler.sync();
                        wall.add((System.nanoTime() - started) / 1_000_000);
                        cpu.add(Machine.processCpuMs() - cpuStart);
                        String bad = report.skipped() ? "skipped" : failures(report);
                        if (bad != null) {
                            out.println("  no-op sync " + trial + " did not complete: " + bad);
                            return 1;
                        }
                        out.printf("  no-op sync %2d: %5d ms, %5d ms of CPU%n", trial, wall.get(wall.size() - 1), cpu.get(cpu.size() - 1));
                    }
                } finally {
                    if (recording != null) {
                        recording.stop();
                        recording.close();
                        out.println("  JFR recording of the timed syncs: " + options.jfr());
                    }
                }
                Map<String, Long> syncCalls = minus(calls.snapshot(), before);
                long total = syncCalls.values().stream().mapToLong(Long::longValue).sum();
                out.printf("{\"units\":%d,\"trials\":%d,\"p50_ms\":%d,\"p95_ms\":%d,\"cpu_p50_ms\":%d,\"cpu_p95_ms\":%d,"
                                + "\"api_calls_per_sync\":%.1f,\"machine\":\"%s\",\"load_before\":\"%s\",\"load_after\":\"%s\"}%n",
                        options.units(), wall.size(), Percentiles.of(wall, 50), Percentiles.of(wall, 95), Percentiles.of(cpu, 50),
                        Percentiles.of(cpu, 95), (double) total / wall.size(), Machine.describe(), loadBefore, Machine.loadAverage());
                return 0;
            } finally {
                cleanup(aws, setup.units());
                setup.repo().close();
            }
        }
    }

    int apply() throws Exception {
        try (var aws = new BenchAws(options.endpoint())) {
            Setup rambla = prepare("apply");
            Setup cli = prepare("cli");
            try {
                var calls = new AwsCallCounter();
                Reconciler reconciler = reconciler(rambla, aws.countedClient(calls));
                out.printf("first apply of %d units with Rambla (concurrency %d)...%n", rambla.units().size(), options.concurrency());
                long started = System.nanoTime();
                var report = reconciler.sync();
                long ramblaMs = (System.nanoTime() - started) / 1_000_000;
                String failed = failures(report);
                out.printf("  done in %.1f s%s%n", ramblaMs / 1e3, failed == null ? "" : ": " + failed);

                Path awsCli = AwsCliLoop.ensureInstalled(venv(), out);
                List<RenderedUnit> deployed = cli.units();
                Integer limit = options.baselineMaxUnits();
                if (limit != null && limit < options.units()) {
                    deployed = cli.units().subList(0, 2 + limit);
                }
                out.printf("first apply with the aws-cli loop: aws cloudformation deploy x %d, sequential...%n", deployed.size());
                var baseline = new AwsCliLoop(awsCli, options.endpoint(), cli.dir().resolve("aws-cli")).deploy(deployed, Map.of(), out);
                boolean extrapolated = deployed.size() < cli.units().size();
                double scale = (double) cli.units().size() / deployed.size();
                long baselineMs = Math.round(baseline.millis() * scale);
                long baselineCalls = Math.round(baseline.totalCalls() * scale);

                long ramblaTotal = calls.total();
                out.println();
                out.printf("first apply of %d units (%d apps)%n", rambla.units().size(), options.units());
                out.printf("  Rambla:       %8d ms  %6d AWS API calls  %s  (SDK interceptor)%n", ramblaMs, ramblaTotal, calls.snapshot());
                out.printf("  aws-cli loop: %8d ms  %6d AWS API calls  %s  (aws --debug request lines)%s%n", baselineMs, baselineCalls,
                        baseline.calls(), extrapolated ? "  EXTRAPOLATED from " + deployed.size() + " stacks in "
                                + baseline.millis() + " ms, " + baseline.totalCalls() + " calls" : "");
                if (!baseline.failed().isEmpty()) {
                    out.println("  aws-cli deploy failed for " + baseline.failed().size() + " units: " + baseline.failed());
                }
                cleanup(aws, rambla.units());
                cleanup(aws, deployed);
                out.printf("{\"units\":%d,\"rambla_ms\":%d,\"rambla_api_calls\":%d,\"baseline_ms\":%d,\"baseline_api_calls\":%d%s,"
                                + "\"machine\":\"%s\",\"load\":\"%s\"}%n",
                        options.units(), ramblaMs, ramblaTotal, baselineMs, baselineCalls,
                        extrapolated ? ",\"baseline_extrapolated_from_stacks\":" + deployed.size() : "", Machine.describe(), Machine.loadAverage());
                return failed == null && baseline.failed().isEmpty() ? 0 : 1;
            } finally {
                rambla.repo().close();
                cli.repo().close();
            }
        }
    }

    /**
     * The first apply and a no-op of {@code --units} apps among {@code --other-stacks} stacks that
     * are not Rambla's, with the aws-cli loop's first apply of a subset extrapolated, in one run.
     */
    int scale() throws Exception {
        try (var aws = new BenchAws(options.endpoint())) {
            String loadBefore = Machine.loadAverage();
            List<String> others = OtherStacks.names(SyntheticRepository.uniquePrefix("other"), options.otherStacks());
            var seeding = aws.countedClient(new AwsCallCounter());
            out.printf("machine: %s; load average %s%n", Machine.describe(), loadBefore);
            out.printf("seeding %d stacks that are not Rambla's...%n", others.size());
            long t = System.nanoTime();
            OtherStacks.seed(seeding, others, 8, out);
            out.printf("  done in %.1f s%n", (System.nanoTime() - t) / 1e9);
            Setup rambla = prepare("scale");
            Setup cli = prepare("cli");
            List<RenderedUnit> deployed = cli.units().subList(0, 2 + Math.min(options.units(),
                    options.baselineMaxUnits() == null ? 2 : options.baselineMaxUnits()));
            try {
                var calls = new AwsCallCounter();
                Reconciler reconciler = reconciler(rambla, aws.countedClient(calls));
                out.printf("first apply of %d units with Rambla (concurrency %d)...%n", rambla.units().size(), options.concurrency());
                long started = System.nanoTime();
                long cpu = Machine.processCpuMs();
                var report = reconciler.sync();
                long applyMs = (System.nanoTime() - started) / 1_000_000;
                long applyCpuMs = Machine.processCpuMs() - cpu;
                String failed = failures(report);
                Map<String, Long> applyCalls = calls.snapshot();
                long applyTotal = calls.total();
                out.printf("  done in %.1f s%s%n", applyMs / 1e3, failed == null ? "" : ": " + failed);
                long heapMb = Machine.heapUsedAfterGcMb();

                // A fresh reconciler, as a daemon just started: its first no-op lists the region in full
                // (cold); the next push is answered from the listing cache (warm).
                Reconciler fresh = reconciler(rambla, aws.countedClient(calls));
                out.println("no-op syncs with a fresh Rambla (commits that change only the README): cold, then warm...");
                NoOp cold = noOp(fresh, rambla, calls);
                NoOp warm = noOp(fresh, rambla, calls);
                // The listing alone, to tell the emulator's share of the no-op from Rambla's.
                long listed;
                long listingMs;
                try (var listing = aws.countedClient(new AwsCallCounter())) {
                    long t0 = System.nanoTime();
                    listed = new AwsCloudFormationStacks(listing, Backoff.standard()).list().size();
                    listingMs = (System.nanoTime() - t0) / 1_000_000;
                }
                String noopFailed = cold.failed() != null ? cold.failed() : warm.failed();

                Path awsCli = AwsCliLoop.ensureInstalled(venv(), out);
                out.printf("first apply with the aws-cli loop: aws cloudformation deploy x %d of %d, sequential...%n",
                        deployed.size(), cli.units().size());
                var baseline = new AwsCliLoop(awsCli, options.endpoint(), cli.dir().resolve("aws-cli")).deploy(deployed, Map.of(), out);
                double factor = (double) cli.units().size() / deployed.size();
                long baselineMs = Math.round(baseline.millis() * factor);
                long baselineCalls = Math.round(baseline.totalCalls() * factor);
                String loadAfter = Machine.loadAverage();

                int stacks = rambla.units().size();
                out.println();
                out.printf("scale: %d units (%d apps) among %d other stacks; load average %s before, %s after%n",
                        stacks, options.units(), others.size(), loadBefore, loadAfter);
                out.printf("  first apply, Rambla:       %8d ms  %6d AWS API calls (%.2f per unit)  %s%n", applyMs, applyTotal,
                        (double) applyTotal / stacks, applyCalls);
                out.printf("  first apply, aws-cli loop: %8d ms  %6d AWS API calls (%.2f per unit)  EXTRAPOLATED from %d stacks in %d ms, %d calls %s%n",
                        baselineMs, baselineCalls, (double) baselineCalls / stacks, deployed.size(), baseline.millis(), baseline.totalCalls(),
                        baseline.calls());
                out.printf("  no-op sync, Rambla, cold:  %8d ms  %6d AWS API calls  %s  (first sync of a fresh reconciler: full listing)%n",
                        cold.ms(), cold.total(), cold.calls());
                out.printf("    one DescribeStacks listing of the region's %d stacks, timed alone: %d ms%n", listed, listingMs);
                out.printf("  no-op sync, Rambla, warm:  %8d ms  %6d AWS API calls  %s  (the next push: listing cache)%n",
                        warm.ms(), warm.total(), warm.calls());
                out.printf("  CPU time of this process: first apply %d ms, cold no-op %d ms, warm no-op %d ms (less sensitive to the load than wall time)%n",
                        applyCpuMs, cold.cpuMs(), warm.cpuMs());
                out.printf("  heap used after the first apply and a full GC (this process, Rambla's reconciler in it): %d MB%n", heapMb);
                if (failed != null || noopFailed != null) {
                    out.println("  NOT every unit applied: " + (failed != null ? failed : noopFailed));
                }
                if (!baseline.failed().isEmpty()) {
                    out.println("  aws-cli deploy failed for " + baseline.failed().size() + " units: " + baseline.failed());
                }
                out.printf(java.util.Locale.ROOT, "{\"units\":%d,\"stacks\":%d,\"other_stacks\":%d,\"concurrency\":%d,\"apply_ms\":%d,"
                                + "\"apply_api_calls\":%d,\"apply_calls_per_unit\":%.2f,%s,%s,\"listing_ms\":%d,\"listed_stacks\":%d,"
                                + "\"apply_cpu_ms\":%d,"
                                + "\"baseline_apply_ms\":%d,\"baseline_apply_api_calls\":%d,\"baseline_extrapolated_from_stacks\":%d,"
                                + "\"heap_after_gc_mb\":%d,\"machine\":\"%s\",\"load_before\":\"%s\",\"load_after\":\"%s\",\"all_applied\":%b}%n",
                        options.units(), stacks, others.size(), options.concurrency(), applyMs, applyTotal, (double) applyTotal / stacks,
                        cold.json("cold_noop"), warm.json("warm_noop"), listingMs, listed, applyCpuMs, baselineMs, baselineCalls, deployed.size(), heapMb, Machine.describe(), loadBefore, loadAfter,
                        failed == null && noopFailed == null);
                return failed == null && noopFailed == null && baseline.failed().isEmpty() ? 0 : 1;
            } finally {
                cleanup(aws, rambla.units());
                cleanup(aws, deployed);
                if (!options.keep()) {
                    OtherStacks.delete(seeding, others, 8, out);
                }
                seeding.close();
                rambla.repo().close();
                cli.repo().close();
            }
        }
    }

    int change() throws Exception {
        try (var aws = new BenchAws(options.endpoint())) {
            Setup setup = prepare("chg");
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("micronaut.server.port", -1);
            properties.put("rambla.git.url", setup.repo().url());
            properties.put("rambla.git.workdir", setup.repo().checkout("daemon").toString());
            properties.put("rambla.git.poll-interval", "1h");
            properties.put("rambla.aws.endpoint", options.endpoint());
            properties.put("rambla.aws.region", BenchAws.REGION);
            properties.put("rambla.apply.concurrency", options.concurrency());
            properties.put("rambla.github.webhook-secret", WEBHOOK_SECRET);
            properties.put("logger.levels.io.rambla", "WARN");
            properties.put("logger.levels.io.micronaut", "WARN");
            out.printf("initial apply of %d units with Rambla in this process (not measured)...%n", setup.units().size());
            String initial = applyInitially(reconciler(setup, aws.countedClient(new AwsCallCounter())));
            if (initial != null) {
                out.println("initial apply failed: " + initial);
                cleanup(aws, setup.units());
                setup.repo().close();
                return 1;
            }
            out.println("starting the daemon in-process (poll interval 1h; syncs come from webhooks); its first sync finds nothing to do...");
            List<Long> samples = new ArrayList<>();
            int failedTrials = 0;
            try (ApplicationContext daemon = Micronaut.build(new String[0]).mainClass(Main.class).properties(properties).banner(false).start()) {
                var daemonStatuses = daemon.getBean(UnitStatusStore.class);
                int port = daemon.getBean(EmbeddedServer.class).getPort();
                long t = System.nanoTime();
                String first = awaitAllApplied(daemonStatuses, setup.units().size(), setup.head(), SYNC_TIMEOUT_MS);
                out.printf("  first sync done in %.1f s%s%n", (System.nanoTime() - t) / 1e9, first == null ? "" : ": " + first);
                if (first != null) {
                    return 1;
                }
                for (int trial = 1; trial <= options.trials(); trial++) {
                    String unitId;
                    String commit;
                    if (options.change().equals("district")) {
                        unitId = SyntheticRepository.districtUnitId();
                        int size = 1 + trial % 2;
                        commit = setup.repo().commitAndPush("Resize the cluster to " + size,
                                Map.of(SyntheticRepository.districtPath(), SyntheticRepository.district(size)));
                    } else {
                        int app = (trial - 1) % options.units() + 1;
                        unitId = SyntheticRepository.appUnitId(app);
                        commit = setup.repo().commitAndPush("Deploy image bench-" + trial + " to " + SyntheticRepository.appName(app),
                                Map.of(SyntheticRepository.appPath(app), SyntheticRepository.app(app, "bench-" + trial)));
                    }
                    long started = System.nanoTime();
                    int answer = postPushWebhook(port, commit);
                    if (answer != 202) {
                        out.println("  trial " + trial + ": the webhook was answered " + answer + "; stopping");
                        return 1;
                    }
                    UnitStatus status = awaitUnit(daemonStatuses, unitId, commit, 5 * 60_000L);
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    if (status != null && status.state() == UnitState.APPLIED) {
                        samples.add(ms);
                        out.printf("  trial %2d: %s applied in %d ms (%s)%n", trial, unitId, ms, status.message());
                    } else {
                        failedTrials++;
                        out.printf("  trial %2d: %s not applied after %d ms: %s%n", trial, unitId, ms, status);
                    }
                }
            } finally {
                setup.repo().close();
                cleanup(aws, setup.units());
            }
            if (samples.isEmpty()) {
                out.println("no trial succeeded");
                return 1;
            }
            long p50 = Percentiles.of(samples, 50);
            long p95 = Percentiles.of(samples, 95);
            out.println();
            out.printf("change of %s, %d units: push + signed GitHub push webhook -> change set executed, unit APPLIED%n",
                    options.change().equals("district") ? "the district's cluster_size" : "one app's image_tag", setup.units().size());
            out.printf("  %d trials (%d failed): p50 %d ms, p95 %d ms, min %d ms, max %d ms%n", samples.size(), failedTrials, p50, p95,
                    samples.stream().mapToLong(Long::longValue).min().orElse(0), samples.stream().mapToLong(Long::longValue).max().orElse(0));
            out.printf("{\"units\":%d,\"trials\":%d,\"p50_ms\":%d,\"p95_ms\":%d,\"changed\":\"%s\",\"machine\":\"%s\",\"load\":\"%s\"}%n",
                    options.units(), samples.size(), p50, p95, options.change(), Machine.describe(), Machine.loadAverage());
            return failedTrials == 0 ? 0 : 1;
        }
    }

    /** The pull request the prplan benchmark opens, and the branch it comes from. */
    static final int PULL_REQUEST = 1;
    private static final String PR_BRANCH = "bench-pr";

    /**
     * A pull request that changes {@code --changed} apps' image_tag in a repository of
     * {@code --units} apps already applied: timed from its signed pull_request webhook to the
     * in-process daemon until the plan comment is posted and every commit status on its head is
     * final, on a WireMock stand-in for GitHub.
     */
    int prplan() throws Exception {
        try (var aws = new BenchAws(options.endpoint()); var github = new BenchGitHub()) {
            String loadBefore = Machine.loadAverage();
            out.printf("machine: %s; load average %s%n", Machine.describe(), loadBefore);
            Setup setup = prepare("pr");
            int stacks = setup.units().size();
            List<Integer> changedApps = BenchCommand.spread(options.units(), options.changed());
            // rambla.review.* caps what one pull request may cost: the changing units (default 200) and the calls
            // (default 2,000: one for reading the live stacks, six per change set). The defaults hold unless
            // --changed asks for more; then the bench raises them to what this pull request needs.
            int maxUnits = Math.max(200, changedApps.size() + 2);
            int maxCalls = Math.max(2_000, 1 + 6 * (changedApps.size() + 2));
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("micronaut.server.port", -1);
            properties.put("rambla.git.url", setup.repo().url());
            properties.put("rambla.git.workdir", setup.repo().checkout("daemon").toString());
            properties.put("rambla.git.poll-interval", "1h");
            properties.put("rambla.aws.endpoint", options.endpoint());
            properties.put("rambla.aws.region", BenchAws.REGION);
            properties.put("rambla.apply.concurrency", options.concurrency());
            properties.put("rambla.github.api-url", github.url());
            properties.put("rambla.github.repository", BenchGitHub.REPOSITORY);
            properties.put("rambla.github.token", "ghp_rambla_bench_" + UUID.randomUUID().toString().replace("-", ""));
            properties.put("rambla.github.webhook-secret", WEBHOOK_SECRET);
            properties.put("rambla.github.pull-request-poll-interval", "1h");
            properties.put("rambla.review.max-units", maxUnits);
            properties.put("rambla.review.max-calls", maxCalls);
            properties.put("logger.levels.io.rambla", "WARN");
            properties.put("logger.levels.io.micronaut", "WARN");
            // Its one line per plan says where the time went: stacks read, change sets made, templates read.
            properties.put("logger.levels.io.rambla.review.ChangeSetPlanner", "INFO");
            out.printf("initial apply of %d units with Rambla in this process (not measured)...%n", stacks);
            String initial = applyInitially(reconciler(setup, aws.countedClient(new AwsCallCounter())));
            if (initial != null) {
                out.println("initial apply failed: " + initial);
                cleanup(aws, setup.units());
                setup.repo().close();
                return 1;
            }
            List<String> results = new ArrayList<>();
            int failedTrials = 0;
            int[] trial = {0};
            try {
                for (int concurrency : options.reviewConcurrency()) {
                    Map<String, Object> run = new LinkedHashMap<>(properties);
                    if (concurrency > 0) {
                        run.put("rambla.review.concurrency", concurrency);
                    }
                    PrPlanRun result = prplanRun(run, setup, github, changedApps, trial);
                    if (result == null) {
                        return 1;
                    }
                    failedTrials += result.failed();
                    results.add(result.summary(concurrency));
                }
            } finally {
                setup.repo().close();
                cleanup(aws, setup.units());
            }
            String loadAfter = Machine.loadAverage();
            out.println();
            out.printf("pull-request plan, %d of %d units changed (one app's image_tag each): signed pull_request webhook -> "
                    + "plan comment posted and every commit status on the head final; load average %s before, %s after%n",
                    changedApps.size(), stacks, loadBefore, loadAfter);
            out.printf(java.util.Locale.ROOT, "{\"units\":%d,\"stacks\":%d,\"changed\":%d,\"failed_trials\":%d,\"runs\":[%s],"
                            + "\"machine\":\"%s\",\"load_before\":\"%s\",\"load_after\":\"%s\"}%n",
                    options.units(), stacks, changedApps.size(), failedTrials, String.join(",", results), Machine.describe(), loadBefore, loadAfter);
            return failedTrials == 0 ? 0 : 1;
        }
    }

    /** The figures of one daemon's trials; {@link #summary} prints them and returns their JSON object. */
    private record PrPlanRun(List<Long> planned, List<Long> commented, List<Long> calls, int failed, PrintStream out) {
        String summary(int concurrency) {
            String label = concurrency > 0 ? Integer.toString(concurrency) : "default";
            if (planned.isEmpty()) {
                out.printf("  rambla.review.concurrency %s: no trial succeeded%n", label);
                return "{\"review_concurrency\":\"" + label + "\",\"trials\":0,\"failed_trials\":" + failed + "}";
            }
            long p50 = Percentiles.of(planned, 50);
            long max = planned.stream().mapToLong(Long::longValue).max().orElse(0);
            long min = planned.stream().mapToLong(Long::longValue).min().orElse(0);
            out.printf("  rambla.review.concurrency %s: %d trials (%d failed): p50 %d ms, min %d ms, max %d ms (comment posted: p50 %d ms); "
                    + "AWS calls per trial %s%n", label, planned.size(), failed, p50, min, max, Percentiles.of(commented, 50), calls);
            return "{\"review_concurrency\":\"" + label + "\",\"trials\":" + planned.size() + ",\"failed_trials\":" + failed
                    + ",\"p50_ms\":" + p50 + ",\"min_ms\":" + min + ",\"max_ms\":" + max + ",\"comment_p50_ms\":" + Percentiles.of(commented, 50)
                    + ",\"api_calls_last_trial\":" + calls.get(calls.size() - 1) + "}";
        }
    }

    /** Starts the daemon with {@code properties}, waits for its first sync, runs {@code --trials} pushes to the pull request; null if it never got ready. */
    private PrPlanRun prplanRun(Map<String, Object> properties, Setup setup, BenchGitHub github, List<Integer> changedApps, int[] trial)
            throws Exception {
        int stacks = setup.units().size();
        out.printf("starting the daemon in-process (git host: WireMock GitHub at %s; rambla.review.max-units %s, max-calls %s, concurrency %s)...%n",
                github.url(), properties.get("rambla.review.max-units"), properties.get("rambla.review.max-calls"),
                properties.getOrDefault("rambla.review.concurrency", "default"));
        List<Long> planned = new ArrayList<>();
        List<Long> commented = new ArrayList<>();
        List<Long> callsPerTrial = new ArrayList<>();
        int failedTrials = 0;
        try (ApplicationContext daemon = Micronaut.build(new String[0]).mainClass(Main.class).properties(properties).banner(false).start()) {
            var daemonStatuses = daemon.getBean(UnitStatusStore.class);
            var daemonCalls = daemon.getBean(AwsCallCounter.class);
            int port = daemon.getBean(EmbeddedServer.class).getPort();
            long t = System.nanoTime();
            String first = awaitAllApplied(daemonStatuses, stacks, setup.head(), SYNC_TIMEOUT_MS);
            // Statuses recovered from the stacks' tags can say APPLIED before the first sync ends: the trials start once
            // the daemon is ready (its first sync finished) and has posted the first sync's commit statuses.
            var outbox = daemon.getBean(io.rambla.status.github.GitHubOutbox.class);
            long deadline = System.currentTimeMillis() + SYNC_TIMEOUT_MS;
            while (first == null && (getJson("http://127.0.0.1:" + port + "/health/readiness") == null || outbox.backlog() > 0)) {
                if (System.currentTimeMillis() > deadline) {
                    first = "the daemon was not ready, or its statuses not posted, within " + SYNC_TIMEOUT_MS + " ms";
                }
                BenchAws.sleep(50);
            }
            out.printf("  first sync done in %.1f s, %d statuses posted on its commit%s%n", (System.nanoTime() - t) / 1e9,
                    github.statuses(setup.head()).size(), first == null ? "" : ": " + first);
            if (first != null) {
                return null;
            }
            for (int i = 1; i <= options.trials(); i++) {
                int n = ++trial[0];
                Map<String, String> files = new LinkedHashMap<>();
                for (int app : changedApps) {
                    files.put(SyntheticRepository.appPath(app), SyntheticRepository.app(app, "pr-" + n));
                }
                String head = setup.repo().commitAndPushPullRequest(PULL_REQUEST, PR_BRANCH,
                        "Deploy image pr-" + n + " to " + changedApps.size() + " apps", files);
                int commentsBefore = github.comments(PULL_REQUEST).size();
                Map<String, Long> callsBefore = daemonCalls.snapshot();
                long started = System.nanoTime();
                int answer = postPullRequestWebhook(port, n == 1 ? "opened" : "synchronize", head);
                if (answer != 202) {
                    out.println("  trial " + n + ": the webhook was answered " + answer + "; stopping");
                    return null;
                }
                List<BenchGitHub.Received> statuses = awaitSettled(github, head, 10 * 60_000L);
                Map<String, Long> calls = minus(daemonCalls.snapshot(), callsBefore);
                var comments = github.comments(PULL_REQUEST);
                if (statuses == null || comments.size() <= commentsBefore) {
                    failedTrials++;
                    out.printf("  trial %d: no final plan after %d ms (statuses %s, %d comments)%n", n,
                            (System.nanoTime() - started) / 1_000_000, github.statuses(head), comments.size() - commentsBefore);
                    continue;
                }
                long commentMs = (comments.get(comments.size() - 1).nanos() - started) / 1_000_000;
                long finalMs = (statuses.stream().mapToLong(BenchGitHub.Received::nanos).max().orElseThrow() - started) / 1_000_000;
                JsonNode plan = BenchGitHub.last(statuses, BenchGitHub.PLAN_CONTEXT);
                String expected = changedApps.size() + " unit" + (changedApps.size() == 1 ? "" : "s") + " change, "
                        + (stacks - changedApps.size()) + " unchanged";
                String description = plan.path("description").asText();
                long total = calls.values().stream().mapToLong(Long::longValue).sum();
                callsPerTrial.add(total);
                if (plan.path("state").asText().equals("success") && description.equals(expected)) {
                    planned.add(finalMs);
                    commented.add(commentMs);
                    out.printf("  trial %d: plan comment posted after %d ms, every status final after %d ms: %s %s; %d AWS calls %s%n",
                            n, commentMs, finalMs, plan.path("state").asText(), description, total, calls);
                } else {
                    failedTrials++;
                    out.printf("  trial %d: plan %s \"%s\", expected success \"%s\" (after %d ms)%n", n,
                            plan.path("state").asText(), description, expected, finalMs);
                }
            }
        }
        return new PrPlanRun(planned, commented, callsPerTrial, failedTrials, out);
    }

    /** The statuses on {@code sha} once every context's last one is final, or null at the timeout. */
    private static List<BenchGitHub.Received> awaitSettled(BenchGitHub github, String sha, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            var statuses = github.statuses(sha);
            if (BenchGitHub.settled(statuses)) {
                return statuses;
            }
            BenchAws.sleep(10);
        }
        return null;
    }

    private int postPullRequestWebhook(int port, String action, String head) throws IOException, InterruptedException {
        byte[] body = json.writeValueAsBytes(Map.of(
                "action", action,
                "number", PULL_REQUEST,
                "pull_request", Map.of(
                        "number", PULL_REQUEST,
                        "state", "open",
                        "head", Map.of("ref", PR_BRANCH, "sha", head, "repo", Map.of("full_name", BenchGitHub.REPOSITORY)),
                        "base", Map.of("ref", BenchRepository.BRANCH, "repo", Map.of("full_name", BenchGitHub.REPOSITORY))),
                "repository", Map.of("full_name", BenchGitHub.REPOSITORY)));
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + hmac(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    int startup() throws Exception {
        try (var aws = new BenchAws(options.endpoint())) {
            Setup setup = prepare("start");
            Process daemon = null;
            try {
                out.printf("initial apply of %d units with Rambla in this process (not measured)...%n", setup.units().size());
                String failed = applyInitially(reconciler(setup, aws.countedClient(new AwsCallCounter())));
                if (failed != null) {
                    out.println("initial apply failed: " + failed);
                    return 1;
                }
                int port;
                try (var socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                Path log = setup.dir().resolve("daemon.log");
                String java = ProcessHandle.current().info().command().orElse("java");
                List<String> jvmOptions = options.jvm().equals("deploy")
                        ? BenchCommand.deployJvmOptions(Files.readString(BenchCommand.projectRoot().resolve("deploy/rambla.service")))
                        : List.of();
                if (options.jvm().equals("deploy") && jvmOptions.isEmpty()) {
                    out.println("deploy/rambla.service names no JVM options");
                    return 1;
                }
                Path archive = BenchCommand.projectRoot().resolve("reconciler/target/rambla.jsa");
                jvmOptions = BenchCommand.withLocalArchive(jvmOptions, archive);
                List<String> command = new ArrayList<>(List.of(java));
                command.addAll(jvmOptions);
                if (options.profile()) {
                    command.add("-XX:NativeMemoryTracking=summary");
                }
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
                var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                if (!jvmOptions.isEmpty()) {
                    builder.environment().remove("JAVA_TOOL_OPTIONS"); // the options measured are deploy's, not the caller's
                }
                var env = builder.environment();
                if (options.jvm().equals("deploy")) {
                    env.putAll(BenchCommand.deployMallocEnvironment(Files.readString(BenchCommand.projectRoot().resolve("deploy/rambla.service"))));
                }
                env.put("RAMBLA_GIT_URL", setup.repo().url());
                env.put("RAMBLA_GIT_WORKDIR", setup.repo().checkout("daemon").toString());
                env.put("RAMBLA_GIT_POLL_INTERVAL", "1h");
                env.put("RAMBLA_AWS_ENDPOINT", options.endpoint());
                env.put("RAMBLA_AWS_REGION", BenchAws.REGION);
                env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
                out.printf("starting the daemon as a child process (%s, JVM options: %s%s), port %d...%n", java,
                        jvmOptions.isEmpty() ? "the JVM's defaults" : String.join(" ", jvmOptions),
                        env.containsKey("MALLOC_ARENA_MAX") ? ", MALLOC_ARENA_MAX=" + env.get("MALLOC_ARENA_MAX") : "", port);
                long started = System.nanoTime();
                daemon = builder.start();
                long httpMs = -1;
                long syncedMs = -1;
                long deadline = started + SYNC_TIMEOUT_MS * 1_000_000L;
                while (System.nanoTime() < deadline && daemon.isAlive()) {
                    JsonNode units = getJson("http://127.0.0.1:" + port + "/api/units");
                    if (units != null && httpMs < 0) {
                        httpMs = (System.nanoTime() - started) / 1_000_000;
                    }
                    if (units != null && allApplied(units, setup.units().size(), setup.head())) {
                        syncedMs = (System.nanoTime() - started) / 1_000_000;
                        break;
                    }
                    BenchAws.sleep(20);
                }
                if (syncedMs < 0) {
                    out.println("the daemon did not complete its first sync; see " + log);
                    return 1;
                }
                Map<String, Long> memory = procStatus(daemon.pid());
                long rssMb = memory.getOrDefault("VmRSS", 0L) / 1024;
                long hwmMb = memory.getOrDefault("VmHWM", 0L) / 1024;
                // The daemon gives its start-up heap back in a full collection right after the first sync
                // (SyncScheduler.afterSync), a moment after the units read APPLIED: read again 2 s later.
                BenchAws.sleep(2000);
                long rssLaterMb = procStatus(daemon.pid()).getOrDefault("VmRSS", 0L) / 1024;
                long threads = threadCount(daemon.pid());
                // Mapped, Rambla's archive is in use (the JDK's own classes.jsa is mapped either way); the JVM
                // ignores a missing or stale one without failing.
                boolean cds = Files.readString(Path.of("/proc/" + daemon.pid() + "/maps")).contains("/" + archive.getFileName());
                out.println();
                out.printf("daemon start-up with %d units (%d apps) already applied%n", setup.units().size(), options.units());
                out.printf("  process start -> HTTP answering: %d ms%n", httpMs);
                out.printf("  process start -> first sync complete (every unit APPLIED at the head): %d ms%n", syncedMs);
                out.printf("  resident memory after the first sync: VmRSS %d MB (peak VmHWM %d MB), JVM options: %s%n", rssMb, hwmMb,
                        jvmOptions.isEmpty() ? "the JVM's defaults" : String.join(" ", jvmOptions));
                out.printf("  resident memory 2 s later: VmRSS %d MB%n", rssLaterMb);
                out.printf("  threads: %d; class-data-sharing archive mapped: %s%n", threads, cds);
                if (options.profile()) {
                    for (String what : List.of("VM.native_memory summary", "GC.heap_info", "GC.class_histogram", "Thread.print")) {
                        Path file = setup.dir().resolve("daemon-" + what.replaceAll("\\W+", "-") + ".txt");
                        List<String> jcmd = new ArrayList<>(List.of(Path.of(java).resolveSibling("jcmd").toString(), Long.toString(daemon.pid())));
                        jcmd.addAll(List.of(what.split(" ")));
                        new ProcessBuilder(jcmd).redirectErrorStream(true).redirectOutput(file.toFile()).start().waitFor();
                        out.printf("  jcmd %s: %s%n", what, file);
                        if (what.startsWith("VM.native_memory")) {
                            // The committed total and one line per area: where the resident memory goes.
                            Files.readAllLines(file).stream().filter(l -> l.startsWith("Total:") || l.matches("^-\\s+\\S.*\\(reserved=.*"))
                                    .forEach(l -> out.println("    " + l.trim()));
                        }
                    }
                }
                out.printf("{\"units\":%d,\"startup_ms\":%d,\"http_ready_ms\":%d,\"rss_mb\":%d,\"rss_peak_mb\":%d,\"rss_2s_later_mb\":%d,\"threads\":%d,\"cds\":%s,\"jvm\":\"%s\",\"machine\":\"%s\",\"load\":\"%s\"}%n",
                        options.units(), syncedMs, httpMs, rssMb, hwmMb, rssLaterMb, threads, cds, options.jvm(), Machine.describe(), Machine.loadAverage());
                return 0;
            } finally {
                if (daemon != null) {
                    daemon.destroy();
                    daemon.waitFor();
                }
                setup.repo().close();
                cleanup(aws, setup.units());
            }
        }
    }

    private void cleanup(BenchAws aws, List<RenderedUnit> units) {
        if (options.keep()) {
            out.println("keeping " + units.size() + " stacks (--keep)");
            return;
        }
        out.println("deleting " + units.size() + " stacks...");
        aws.deleteStacks(units, out);
    }

    private Path venv() {
        return options.venv();
    }

    private static String awaitAllApplied(UnitStatusStore statuses, int expected, String revision, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            var all = statuses.all();
            if (all.size() == expected && all.stream().allMatch(s -> revision.equals(s.lastAttemptedRevision()) && s.state() != UnitState.APPLYING
                    && s.state() != UnitState.PENDING)) {
                var bad = all.stream().filter(s -> s.state() != UnitState.APPLIED).map(s -> s.id() + " " + s.state() + ": " + s.message()).toList();
                return bad.isEmpty() ? null : bad.size() + " units not applied: " + bad.stream().limit(3).collect(Collectors.joining("; "));
            }
            BenchAws.sleep(50);
        }
        return "timed out after " + timeoutMs + " ms";
    }

    private static UnitStatus awaitUnit(UnitStatusStore statuses, String unitId, String commit, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            var status = statuses.get(unitId).orElse(null);
            if (status != null && commit.equals(status.lastAttemptedRevision())
                    && (status.state() == UnitState.APPLIED || status.state() == UnitState.FAILED || status.state() == UnitState.BLOCKED)) {
                return status;
            }
            BenchAws.sleep(5);
        }
        return statuses.get(unitId).orElse(null);
    }

    private int postPushWebhook(int port, String commit) throws IOException, InterruptedException {
        byte[] body = json.writeValueAsBytes(Map.of(
                "ref", "refs/heads/" + BenchRepository.BRANCH,
                "after", commit,
                "repository", Map.of("full_name", "bench/infra")));
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", "sha256=" + hmac(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode getJson(String url) {
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? json.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean allApplied(JsonNode units, int expected, String revision) {
        if (!units.isArray() || units.size() != expected) {
            return false;
        }
        for (JsonNode unit : units) {
            if (!"APPLIED".equals(unit.path("state").asText()) || !revision.equals(unit.path("lastAttemptedRevision").asText())) {
                return false;
            }
        }
        return true;
    }

    /** The Threads line of /proc/PID/status. */
    static long threadCount(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.substring("Threads:".length()).trim());
            }
        }
        return -1;
    }

    /** The kB figures of /proc/PID/status (VmRSS, VmHWM, ...). */
    static Map<String, Long> procStatus(long pid) throws IOException {
        Map<String, Long> values = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            String[] parts = line.split(":\\s+");
            if (parts.length == 2 && parts[1].endsWith(" kB")) {
                values.put(parts[0], Long.parseLong(parts[1].substring(0, parts[1].length() - 3).trim()));
            }
        }
        return values;
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> diff = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                diff.put(k, d);
            }
        });
        return diff;
    }

    /** Keeps Rambla's and Micronaut's INFO lines out of the benchmark's output; warnings and errors still show. */
    private static void quiet(String name) {
        Object logger = LoggerFactory.getLogger(name);
        try {
            Class<?> level = Class.forName("ch.qos.logback.classic.Level");
            logger.getClass().getMethod("setLevel", level).invoke(logger, level.getField("WARN").get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another logging backend: keep its levels
        }
    }
}
