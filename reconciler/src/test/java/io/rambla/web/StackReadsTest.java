package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.StackInsight;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A page that reloads every few seconds asks AWS at most once per stack in {@link StackReads#FRESH_FOR}. */
class StackReadsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T05:00:00Z");

    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean failing;

    private final StackInsight insight = new StackInsight() {
        @Override
        public List<Resource> resources(String stackName) {
            calls.incrementAndGet();
            if (failing) {
                throw new IllegalStateException("DescribeStackResources on " + stackName + " failed: Throttling");
            }
            return List.of(new Resource("Queue", "q", "AWS::SQS::Queue", "CREATE_COMPLETE", null, T0));
        }

        @Override
        public List<Event> events(String stackName, int limit) {
            assertThat(limit).isEqualTo(StackReads.EVENTS);
            return List.of();
        }
    };

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void aFreshAnswerIsReusedAndAStaleOneReadAgain() {
        assertThat(new StackReads(insight, at(T0)).read("rambla-a").resources()).hasSize(1);
        var reads = new StackReads(insight, at(T0));
        reads.read("rambla-a");
        reads.read("rambla-a");
        assertThat(calls).hasValue(2);

        var later = new StackReads(insight, at(T0.plus(StackReads.FRESH_FOR)));
        later.read("rambla-a");
        assertThat(calls).hasValue(3);
    }

    @Test
    void eachStackIsReadOnItsOwn() {
        var reads = new StackReads(insight, at(T0));
        reads.read("rambla-a");
        reads.read("rambla-b");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aFailedReadIsShownNotThrown() {
        failing = true;
        var live = new StackReads(insight, at(T0)).read("rambla-a");
        assertThat(live.error()).hasValueSatisfying(e -> assertThat(e).contains("Throttling"));
        assertThat(live.resources()).isEmpty();
    }

    @Test
    void withoutARepositoryNothingIsRead() {
        assertThat(new StackReads(null, at(T0)).read("rambla-a").error()).isPresent();
        assertThat(calls).hasValue(0);
    }
}
