package io.rambla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.AwsCallCounter;
import io.rambla.apply.AwsCloudFormationStacks;
import io.rambla.apply.StackApplier;
import io.rambla.plan.PruneGuard;
import io.rambla.plan.RepositoryId;
import io.rambla.reconcile.Reconciler;
import io.rambla.reconcile.SyncSettings;
import io.rambla.retry.Backoff;
import io.rambla.retry.Sleeper;
import io.rambla.retry.UnitRetry;
import io.rambla.source.Checkout;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rambla plan} judges a stack the daemon tagged with its repository as that daemon would. */
class PlanOwnershipIT {

    private static final RepositoryId OURS = new RepositoryId("https://git.example.com/team/infra.git");

    @TempDir
    Path temp;

    @Test
    void aStackAppliedByTheDaemonIsUnchangedForPlanAndRefusedForAnotherRepository() throws Exception {
        String prefix = Emulator.uniqueName("cli").replace("-", "");
        Files.writeString(temp.resolve("rambla.yml"), "stack_prefix: " + prefix + "\n");
        Files.createDirectories(temp.resolve("districts"));
        Files.writeString(temp.resolve("districts/main.yml"), "region: us-east-1\nnat_type: none\ncidr_block: 10.88.0.0/16\n");
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5);
        try (var client = Emulator.cloudFormation(new AwsCallCounter())) {
            var applier = new StackApplier(new AwsCloudFormationStacks(client, backoff), backoff, Duration.ofMinutes(5));
            var reconciler = new Reconciler(() -> new Checkout("3333333333333333333333333333333333333333", temp), applier,
                    new UnitStatusStore(), List.of(), new SyncSettings(1, UnitRetry.standard(), false, OURS, PruneGuard.standard()),
                    Clock.systemUTC(), Sleeper.THREAD);
            assertThat(reconciler.sync().units()).containsEntry("district/main", UnitState.APPLIED);
        }

        assertThat(plan()).startsWith("0\n").contains("# district/main (stack " + prefix + "-district-main): no changes");
        assertThat(plan("--repository", OURS.value())).startsWith("0\n").contains("): no changes");
        // A stack another repository owns is not planned: the plan fails for it, with the reason.
        assertThat(plan("--repository", "https://git.example.com/other/infra.git")).startsWith("1\n")
                .contains("stack " + prefix + "-district-main belongs to repository " + OURS.value());
    }

    /** The exit code, a newline, then what the command printed. */
    private String plan(String... options) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var args = new java.util.ArrayList<>(List.of(temp.toString(), "--endpoint", Emulator.ENDPOINT, "--region", Emulator.REGION));
        args.addAll(List.of(options));
        int code = new PlanCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
        return code + "\n" + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }
}
