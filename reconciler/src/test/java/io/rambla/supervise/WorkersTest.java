package io.rambla.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rambla.supervise.Workers.State;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkersTest {

    private static final Duration RESTART_DELAY = Duration.ofMillis(400);

    private final Workers workers = new Workers(Clock.systemUTC(), RESTART_DELAY, Duration.ofSeconds(5));
    private final CountDownLatch end = new CountDownLatch(1);

    @AfterEach
    void release() {
        end.countDown();
    }

    private State stateOf(String name) {
        return workers.all().stream().filter(w -> w.name().equals(name)).findFirst().map(Workers.Worker::state).orElse(null);
    }

    @Test
    void a_thread_killed_by_an_error_is_reported_down_then_restarted_on_a_fresh_thread() {
        AtomicInteger lives = new AtomicInteger();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        SupervisedThread thread = workers.supervise("outbox", () -> {
            threads.add(Thread.currentThread());
            if (lives.incrementAndGet() == 1) {
                throw new StackOverflowError("deep");
            }
            awaitQuietly(end);
        });

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() -> stateOf("outbox") == State.DOWN);
        assertThat(workers.down()).singleElement().satisfies(w -> {
            assertThat(w.deaths()).isEqualTo(1);
            assertThat(w.lastFailure()).isEqualTo("java.lang.StackOverflowError");
        });
        await().atMost(Duration.ofSeconds(3)).until(() -> lives.get() == 2 && stateOf("outbox") == State.RUNNING);
        assertThat(workers.down()).isEmpty();
        assertThat(threads).hasSize(2).doesNotHaveDuplicates();
        assertThat(threads.get(1).getName()).isEqualTo("outbox");
        assertThat(thread.isAlive()).isTrue();
    }

    @Test
    void a_thread_that_keeps_dying_stays_down_longer_each_time_up_to_the_maximum() {
        assertThat(workers.restartDelay(1)).isEqualTo(RESTART_DELAY);
        assertThat(workers.restartDelay(2)).isEqualTo(RESTART_DELAY.multipliedBy(2));
        assertThat(workers.restartDelay(3)).isEqualTo(RESTART_DELAY.multipliedBy(4));
        assertThat(workers.restartDelay(50)).isEqualTo(Duration.ofSeconds(5));
        assertThat(workers.restartDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void a_loop_that_returns_has_finished_on_purpose_and_is_not_restarted() throws InterruptedException {
        AtomicInteger lives = new AtomicInteger();
        SupervisedThread thread = workers.supervise("once", lives::incrementAndGet);
        // Only a dying thread starts the next one: once this one has ended, nothing can restart it.
        assertThat(thread.join(2_000)).isTrue();
        assertThat(thread.isAlive()).isFalse();
        assertThat(lives.get()).isEqualTo(1);
        assertThat(workers.down()).isEmpty();
    }

    @Test
    void a_stopped_thread_is_not_restarted_and_no_longer_reported() throws InterruptedException {
        AtomicInteger lives = new AtomicInteger();
        SupervisedThread thread = workers.supervise("stoppable", () -> {
            lives.incrementAndGet();
            throw new IllegalStateException("dies at once");
        });
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() -> stateOf("stoppable") == State.DOWN);
        thread.stop();
        thread.interrupt();
        assertThat(thread.join(2_000)).isTrue(); // interrupted while waiting to restart: it ends without a successor
        assertThat(thread.isAlive()).isFalse();
        assertThat(lives.get()).isEqualTo(1);
        assertThat(workers.all()).isEmpty();
    }

    @Test
    void a_job_that_dies_is_down_until_a_later_run_completes_and_its_error_never_reaches_the_scheduler() {
        workers.runJob("poller", () -> {
            throw new OutOfMemoryError("simulated");
        });
        assertThat(stateOf("poller")).isEqualTo(State.DOWN);
        assertThat(workers.down()).singleElement().satisfies(w -> assertThat(w.lastFailure()).isEqualTo("java.lang.OutOfMemoryError"));

        workers.runJob("poller", () -> {
            throw new IllegalStateException("again");
        });
        assertThat(workers.down()).singleElement().satisfies(w -> assertThat(w.deaths()).isEqualTo(2));

        workers.runJob("poller", () -> {});
        assertThat(stateOf("poller")).isEqualTo(State.RUNNING);
        assertThat(workers.all()).singleElement().satisfies(w -> assertThat(w.deaths()).isEqualTo(2));
        assertThat(workers.down()).isEmpty();
    }

    @Test
    void the_reason_shown_is_the_class_only_so_a_message_quoting_a_secret_never_reaches_health() {
        workers.runJob("job", () -> {
            throw new IllegalStateException("token ghp_0123456789abcdef0123456789abcdef0123");
        });
        assertThat(workers.all().toString()).doesNotContain("ghp_").contains("IllegalStateException");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
