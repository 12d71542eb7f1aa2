package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.StackApplier;
import io.rambla.retry.Backoff;
import io.rambla.retry.UnitRetry;
import io.rambla.source.Checkout;
import io.rambla.source.GitSource;
import io.rambla.status.ApprovedUnits;
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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code approval: replacements} and {@code prune: true}, deleting the stack of a unit removed from git waits for an operator. */
class ApprovalHoldsPruneTest {

    private static final String BLOG = "app/blog/production";
    private static final String BLOG_STACK = "rambla-app-blog-production";
    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0);

    @TempDir
    Path repo;

    private final InMemoryStacks aws = new InMemoryStacks();
    private final UnitStatusStore statuses = new UnitStatusStore();
    private final ApprovedUnits approvals = new ApprovedUnits();
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
        Path settings = repo.resolve("rambla.yml");
        Files.writeString(settings, Files.readString(settings).replace("prune: false", "prune: true") + "approval: replacements\n");
        GitSource head = () -> new Checkout(revision, repo);
        reconciler = new Reconciler(head, new StackApplier(aws, FAST, Duration.ofMinutes(1)), statuses, List.of(),
                new SyncSettings(2, new UnitRetry(1, FAST), false), Clock.systemUTC(), delay -> {}, new PausedUnits(), approvals);
    }

    @Test
    void aPruneDeletionIsHeldUntilItsCommitIsApproved() throws IOException {
        assertThat(reconciler.sync().units()).containsEntry(BLOG, UnitState.APPLIED);
        try (Stream<Path> blog = Files.walk(repo.resolve("apps/blog"))) {
            blog.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        revision = "2222222222222222222222222222222222222222";

        reconciler.sync();

        var held = statuses.get(BLOG).orElseThrow();
        assertThat(held.state()).isEqualTo(UnitState.AWAITING_APPROVAL);
        assertThat(held.lastAttemptedRevision()).isEqualTo(revision);
        assertThat(held.message()).isEqualTo("awaiting approval: deletes stack " + BLOG_STACK + " (approval: replacements)");
        assertThat(aws.describe(BLOG_STACK)).as("the stack stays").hasValueSatisfying(s -> assertThat(s.deleted()).isFalse());

        approvals.approve(BLOG, "1111111111111111111111111111111111111111", Instant.now());
        reconciler.sync();
        assertThat(statuses.get(BLOG).orElseThrow().state()).as("an approval of another commit").isEqualTo(UnitState.AWAITING_APPROVAL);

        approvals.approve(BLOG, revision, Instant.now());
        reconciler.sync();

        assertThat(statuses.get(BLOG).orElseThrow().state()).isEqualTo(UnitState.PRUNED);
        assertThat(aws.describe(BLOG_STACK).filter(s -> !s.deleted())).isEmpty();
    }
}
