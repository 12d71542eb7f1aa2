package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.StackApplier;
import io.rambla.retry.Backoff;
import io.rambla.retry.UnitRetry;
import io.rambla.source.Checkout;
import io.rambla.source.GitSource;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.InMemoryStacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which syncs ask for a full listing of the live stacks: a forced one and the one after an operator's retry; the others use the cache. */
class FullListingTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0);

    @TempDir
    Path repo;

    private final InMemoryStacks aws = new InMemoryStacks();
    private volatile String revision = "1111111111111111111111111111111111111111";
    private Reconciler reconciler;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(repo.resolve("rambla.yml"), "stack_prefix: rambla\n");
        Files.createDirectories(repo.resolve("districts"));
        Files.writeString(repo.resolve("districts/default.yml"), "region: us-east-1\nnat_type: none\ncidr_block: 10.80.0.0/16\n");
        GitSource head = () -> new Checkout(revision, repo);
        reconciler = new Reconciler(head, new StackApplier(aws, FAST, Duration.ofMinutes(1)), new UnitStatusStore(), List.of(),
                new SyncSettings(2, new UnitRetry(1, FAST), false), Clock.systemUTC(), delay -> {});
    }

    @Test
    void anOrdinarySyncUsesTheCacheAndAForcedOneListsAfresh() {
        reconciler.sync();
        revision = "2222222222222222222222222222222222222222";
        reconciler.sync();
        reconciler.sync(true);
        revision = "3333333333333333333333333333333333333333";
        reconciler.sync();

        assertThat(aws.listings()).containsExactly(false, false, true, false);
    }

    @Test
    void theSyncAfterAnOperatorsRetryOrAListAfreshListsAfreshOnce() {
        reconciler.sync();
        reconciler.retry("district/default");
        reconciler.sync();
        reconciler.listAfresh();
        revision = "2222222222222222222222222222222222222222";
        reconciler.sync();
        revision = "3333333333333333333333333333333333333333";
        reconciler.sync();

        assertThat(aws.listings()).containsExactly(false, true, true, false);
    }

    @Test
    void aSyncSkippedBecauseTheHeadDidNotMoveListsNothing() {
        reconciler.sync();
        reconciler.sync();
        assertThat(aws.listings()).containsExactly(false);
    }
}
