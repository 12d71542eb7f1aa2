package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.apply.StackApplier;
import io.rambla.retry.Backoff;
import io.rambla.retry.Sleeper;
import io.rambla.retry.UnitRetry;
import io.rambla.source.Checkout;
import io.rambla.source.GitSource;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.InMemoryStacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync over CloudFormation in memory, on example-infra-repo/ (a district, two endpoints and
 * three apps on them): how AWS errors on one unit are retried, or not, while the others go on.
 */
class UnitRetryTest {

    private static final String SHOP = "app/shop/production";
    private static final String SHOP_STACK = "rambla-app-shop-production";
    private static final String BLOG_STACK = "rambla-app-blog-production";
    private static final String BACKOFFICE_STACK = "rambla-app-backoffice-production";
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 2.0);

    @TempDir
    Path temp;

    private final InMemoryStacks aws = new InMemoryStacks();
    private final UnitStatusStore statuses = new UnitStatusStore();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final MovableHead head = new MovableHead();
    private Reconciler reconciler;

    @BeforeEach
    void setUp() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("..", "example-infra-repo"))) {
            for (Path file : files.toList()) {
                Path target = temp.resolve(Path.of("..", "example-infra-repo").relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        head.directory = temp;
        head.revision = "1111111111111111111111111111111111111111";
        var applier = new StackApplier(aws, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0), Duration.ofMinutes(1));
        Sleeper sleeper = waits::add;
        reconciler = new Reconciler(head, applier, statuses, List.of(), new SyncSettings(4, new UnitRetry(4, BACKOFF), false),
                Clock.systemUTC(), sleeper);
    }

    @Test
    void throttling_on_one_unit_is_retried_with_backoff_while_the_others_finish() {
        aws.fail(SHOP_STACK, 2, 400, "Throttling", "Rate exceeded");
        // The shop's waits see whether its sibling apps finished meanwhile: they must not wait for it.
        Sleeper watching = delay -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> state(BLOG_STACK) == UnitState.APPLIED && state(BACKOFFICE_STACK) == UnitState.APPLIED);
            waits.add(delay);
        };
        reconciler = new Reconciler(head, new StackApplier(aws, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0), Duration.ofMinutes(1)),
                statuses, List.of(), new SyncSettings(4, new UnitRetry(4, BACKOFF), false), Clock.systemUTC(), watching);

        var report = reconciler.sync();

        assertThat(report.units()).hasSize(6).allSatisfy((unit, state) -> assertThat(state).as(unit).isEqualTo(UnitState.APPLIED));
        assertThat(aws.changeSetsAskedFor(SHOP_STACK)).as("two throttled tries, then the one that went through").isEqualTo(3);
        assertThat(aws.changeSetsAskedFor(BLOG_STACK)).as("the other units ran once").isEqualTo(1);
        assertThat(aws.changeSetsAskedFor("rambla-district-production")).isEqualTo(1);
        assertThat(waits).as("exponential backoff with at most 20% jitter: about 2 s, then about 4 s").hasSize(2);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(1600), Duration.ofSeconds(2));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(3200), Duration.ofSeconds(4));
        assertThat(reconciler.sync().skipped()).as("the commit is done").isTrue();
    }

    @Test
    void throttling_past_the_last_try_fails_the_unit_for_now_and_the_next_poll_tries_it_again() {
        aws.fail(SHOP_STACK, 4, 400, "Throttling", "Rate exceeded");

        var first = reconciler.sync();

        assertThat(first.units()).containsEntry(SHOP, UnitState.FAILED).containsEntry("app/blog/production", UnitState.APPLIED);
        assertThat(statuses.get(SHOP).orElseThrow().message())
                .isEqualTo("error talking to AWS: CreateChangeSet on " + SHOP_STACK + " failed: Throttling: Rate exceeded"
                        + " (4 tries; the next poll tries again)");
        assertThat(waits).hasSize(3);

        var second = reconciler.sync();

        assertThat(second.skipped()).as("the same commit is synced again").isFalse();
        assertThat(second.units()).containsEntry(SHOP, UnitState.APPLIED);
        assertThat(aws.changeSetsAskedFor(BLOG_STACK)).as("already applied: no new change set").isEqualTo(1);
    }

    @Test
    void access_denied_fails_the_unit_once_with_its_reason_and_only_a_new_commit_tries_it_again() {
        String denied = "User: arn:aws:sts::123456789012:assumed-role/rambla/daemon is not authorized to perform: "
                + "cloudformation:CreateChangeSet on resource: " + SHOP_STACK;
        aws.fail(SHOP_STACK, 1, 403, "AccessDenied", denied);
        // The blog is throttled past its last try, so the next poll runs this commit again.
        aws.fail(BLOG_STACK, 4, 400, "Throttling", "Rate exceeded");

        var first = reconciler.sync();

        assertThat(first.units()).containsEntry(SHOP, UnitState.FAILED).containsEntry("app/backoffice/production", UnitState.APPLIED);
        assertThat(statuses.get(SHOP).orElseThrow().message())
                .isEqualTo("error talking to AWS: CreateChangeSet on " + SHOP_STACK + " failed: AccessDenied: " + denied);
        assertThat(aws.changeSetsAskedFor(SHOP_STACK)).as("a refusal is not retried within the sync").isEqualTo(1);
        assertThat(waits).as("only the blog waited").hasSize(3);

        var samePoll = reconciler.sync();

        assertThat(samePoll.skipped()).as("the blog's transient failure brings the commit back").isFalse();
        assertThat(samePoll.units()).containsEntry("app/blog/production", UnitState.APPLIED).containsEntry(SHOP, UnitState.FAILED);
        assertThat(aws.changeSetsAskedFor(SHOP_STACK)).as("the same commit does not ask AWS the same again").isEqualTo(1);
        assertThat(statuses.get(SHOP).orElseThrow().message()).contains("AccessDenied: " + denied);
        assertThat(reconciler.sync().skipped()).as("nothing left to retry for this commit").isTrue();

        head.revision = "2222222222222222222222222222222222222222";
        var newCommit = reconciler.sync();

        assertThat(aws.changeSetsAskedFor(SHOP_STACK)).as("a new commit tries it again").isEqualTo(2);
        assertThat(newCommit.units()).containsEntry(SHOP, UnitState.APPLIED);
        assertThat(statuses.get(SHOP).orElseThrow().lastAppliedRevision()).isEqualTo(head.revision);
    }

    @Test
    void an_operators_forced_sync_tries_a_refused_unit_again_on_the_same_commit() {
        aws.fail(SHOP_STACK, 1, 400, "ValidationError", "Template format error: Unresolved resource dependencies [Nope]");
        assertThat(reconciler.sync().units()).containsEntry(SHOP, UnitState.FAILED);

        var forced = reconciler.sync(true);

        assertThat(forced.units()).containsEntry(SHOP, UnitState.APPLIED);
        assertThat(aws.changeSetsAskedFor(SHOP_STACK)).isEqualTo(2);
        assertThat(waits).as("a refusal is never waited on").isEmpty();
    }

    private UnitState state(String stackName) {
        return statuses.all().stream().filter(s -> s.stack().equals(stackName)).findFirst().map(s -> s.state()).orElse(null);
    }

    /** The tracked branch, whose head a test moves by hand. */
    private static final class MovableHead implements GitSource {
        volatile Path directory;
        volatile String revision;

        @Override
        public Checkout fetch() {
            return new Checkout(revision, directory);
        }
    }
}
