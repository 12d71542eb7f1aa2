package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.StackApplier;
import io.rambla.retry.Backoff;
import io.rambla.retry.UnitRetry;
import io.rambla.source.Checkout;
import io.rambla.source.GitSource;
import io.rambla.status.PausedUnits;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.InMemoryStacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator does to the sync: a paused unit is never applied, whatever the commits ask,
 * and says so, and resuming applies the head; a retry applies a refused unit again at the same commit.
 */
class OperatorActionsTest {

    private static final String SHOP = "app/shop/production";
    private static final String SHOP_STACK = "rambla-app-shop-production";
    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0);

    @TempDir
    Path repo;

    private final InMemoryStacks aws = new InMemoryStacks();
    private final UnitStatusStore statuses = new UnitStatusStore();
    private final PausedUnits paused = new PausedUnits();
    private volatile String revision = "1111111111111111111111111111111111111111";
    private Reconciler reconciler;

    @BeforeEach
    void setUp() throws IOException {
        Path example = Path.of("..", "example-infra-repo");
        try (Stream<Path> files = Files.walk(example)) {
            for (Path file : files.toList()) {
                Path target = repo.resolve(example.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        GitSource head = () -> new Checkout(revision, repo);
        reconciler = new Reconciler(head, new StackApplier(aws, FAST, Duration.ofMinutes(1)), statuses, List.of(),
                new SyncSettings(2, new UnitRetry(1, FAST), false), Clock.systemUTC(), delay -> {}, paused);
    }

    @Test
    void aPausedUnitStaysUntouchedThroughAChangingCommitAndResumingAppliesTheHead() throws IOException {
        reconciler.sync();
        int shopChangeSets = aws.changeSetsAskedFor(SHOP_STACK);
        paused.pause(SHOP, "investigating", Instant.now());

        // A new commit changes the shop (and everything else keeps going).
        Path shop = repo.resolve("apps/shop/barcelona.yml");
        String before = Files.readString(shop);
        assertThat(before).contains("image_tag: \"1.27\"");
        Files.writeString(shop, before.replace("image_tag: \"1.27\"", "image_tag: \"1.28\""));
        revision = "2222222222222222222222222222222222222222";
        var report = reconciler.sync();

        assertThat(report.units()).containsEntry(SHOP, UnitState.PAUSED);
        assertThat(aws.changeSetsAskedFor(SHOP_STACK)).as("no change set for the paused unit").isEqualTo(shopChangeSets);
        var status = statuses.get(SHOP).orElseThrow();
        assertThat(status.message()).isEqualTo("paused by an operator (investigating): not applied until resumed");
        assertThat(status.lastAppliedRevision()).isEqualTo("1111111111111111111111111111111111111111");
        assertThat(report.units()).containsEntry("district/production", UnitState.APPLIED).containsEntry("app/blog/production", UnitState.APPLIED);

        paused.resume(SHOP);
        var resumed = reconciler.sync();

        assertThat(resumed.skipped()).as("a resume makes the same head worth a sync").isFalse();
        assertThat(resumed.units()).containsEntry(SHOP, UnitState.APPLIED);
        assertThat(statuses.get(SHOP).orElseThrow().lastAppliedRevision()).isEqualTo(revision);
        assertThat(aws.changeSetsAskedFor(SHOP_STACK)).isGreaterThan(shopChangeSets);
    }

    @Test
    void aPausedDistrictLetsItsAppsGoOnAgainstItsLiveStack() {
        reconciler.sync();
        paused.pause("district/production", null, Instant.now());
        revision = "3333333333333333333333333333333333333333";

        var report = reconciler.sync();

        assertThat(report.units()).containsEntry("district/production", UnitState.PAUSED).containsEntry(SHOP, UnitState.APPLIED);
    }

    @Test
    void aRetryAppliesARefusedUnitAgainAtTheSameCommit() {
        aws.fail(SHOP_STACK, 1, 400, "ValidationError", "Template format error: something the operator then fixed");

        var first = reconciler.sync();

        assertThat(first.units()).containsEntry(SHOP, UnitState.FAILED);
        assertThat(reconciler.sync().skipped()).as("AWS refused it: the same commit is not asked again").isTrue();

        reconciler.retry(SHOP);
        var retried = reconciler.sync();

        assertThat(retried.skipped()).isFalse();
        assertThat(retried.units()).containsEntry(SHOP, UnitState.APPLIED);
        assertThat(reconciler.sync().skipped()).isTrue();
    }
}
