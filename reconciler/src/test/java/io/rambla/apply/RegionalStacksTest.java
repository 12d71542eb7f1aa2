package io.rambla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The daemon's one port to CloudFormation keeps a sync and a review off the same stack at once. */
class RegionalStacksTest {

    private final RegionalStacks stacks = new RegionalStacks("us-east-1", region -> {
        throw new AssertionError("no AWS call is expected");
    });

    @Test
    void workOnOneStackWaitsForTheJobAlreadyOnIt() throws Exception {
        var inside = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var secondRan = new AtomicBoolean();
        var pool = Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> stacks.exclusively("rambla-app-shop-prod", () -> {
                inside.countDown();
                await(release);
                return null;
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            var second = pool.submit(() -> stacks.exclusively("rambla-app-shop-prod", () -> secondRan.getAndSet(true)));

            Thread.sleep(200);
            assertThat(secondRan).as("a second job on the same stack while the first holds it").isFalse();
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertThat(secondRan).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void workOnAnotherStackDoesNotWait() throws Exception {
        var release = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(2);
        try {
            var inside = new CountDownLatch(1);
            var first = pool.submit(() -> stacks.exclusively("rambla-app-shop-prod", () -> {
                inside.countDown();
                await(release);
                return null;
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            String other = pool.submit(() -> stacks.exclusively("rambla-app-cart-prod", () -> "done")).get(10, TimeUnit.SECONDS);
            assertThat(other).isEqualTo("done");
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingJobReleasesTheStack() {
        try {
            stacks.exclusively("rambla-app-shop-prod", () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the next job must still get in
        }
        assertThat(stacks.exclusively("rambla-app-shop-prod", () -> "next")).isEqualTo("next");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
