package io.rambla.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * Stacks that are not Rambla's, seeded in the region so that listings see a realistic account:
 * each holds one {@code AWS::CloudFormation::WaitConditionHandle} (no cost, no dependency) and a
 * tag and output of its own, so a listing carries them like real stacks.
 */
final class OtherStacks {

    static final String TEMPLATE = """
            {"AWSTemplateFormatVersion":"2010-09-09","Description":"A stack that is not Rambla's (rambla bench scale)",
             "Resources":{"Handle":{"Type":"AWS::CloudFormation::WaitConditionHandle"}},
             "Outputs":{"Handle":{"Value":{"Ref":"Handle"}}}}
            """;

    private OtherStacks() {}

    /** The names of {@code count} other stacks under {@code prefix}. */
    static List<String> names(String prefix, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(prefix + "-" + i);
        }
        return names;
    }

    /** Creates the stacks, {@code parallel} at a time, and waits (bounded) until none is in progress; returns how many completed. */
    static int seed(CloudFormationClient client, List<String> names, int parallel, PrintStream out) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (String name : names) {
                created.add(pool.submit(() -> client.createStack(r -> r.stackName(name).templateBody(TEMPLATE)
                        .tags(t -> t.key("owner").value("someone-else")))));
            }
            for (Future<?> f : created) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> wanted = new HashSet<>(names);
        long deadline = System.nanoTime() + 30 * 60_000_000_000L;
        while (true) {
            Set<String> complete = new HashSet<>();
            Set<String> busy = new HashSet<>();
            client.listStacksPaginator(r -> r.build()).stackSummaries().forEach(s -> {
                if (wanted.contains(s.stackName())) {
                    if (s.stackStatus() == StackStatus.CREATE_COMPLETE) {
                        complete.add(s.stackName());
                    } else if (s.stackStatusAsString().endsWith("_IN_PROGRESS")) {
                        busy.add(s.stackName());
                    }
                }
            });
            if (busy.isEmpty() || System.nanoTime() > deadline) {
                out.printf("  %d of %d other stacks CREATE_COMPLETE%n", complete.size(), names.size());
                return complete.size();
            }
            BenchAws.sleep(500);
        }
    }

    /** Deletes the stacks, best effort, without waiting. */
    static void delete(CloudFormationClient client, List<String> names, int parallel, PrintStream out) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> deleted = new ArrayList<>();
            for (String name : names) {
                deleted.add(pool.submit(() -> client.deleteStack(r -> r.stackName(name))));
            }
            int failed = 0;
            for (Future<?> f : deleted) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                }
            }
            out.printf("  deleted %d other stacks%s%n", names.size() - failed, failed == 0 ? "" : " (" + failed + " deletions failed)");
        } finally {
            pool.shutdownNow();
        }
    }
}
