package io.rambla.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.StackApplier;
import io.rambla.retry.Backoff;
import io.rambla.retry.UnitRetry;
import io.rambla.source.Checkout;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.InMemoryStacks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The sync tells its listeners the units a revision declares and what each depends on, for the page's graph. */
class UnitsDeclaredTest {

    @Test
    void listenersHearEveryUnitWithItsUpstreamUnitsInApplyOrder() {
        var heard = new AtomicReference<Map<String, List<String>>>();
        SyncListener listener = new SyncListener() {
            @Override
            public void unitsDeclared(String revision, Map<String, List<String>> dependsOn) {
                heard.set(dependsOn);
            }
        };
        var applier = new StackApplier(new InMemoryStacks(), new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0), Duration.ofMinutes(1));
        var backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0);
        var reconciler = new Reconciler(() -> new Checkout("1111111111111111111111111111111111111111", Path.of("..", "example-infra-repo")),
                applier, new UnitStatusStore(), List.of(listener), new SyncSettings(2, new UnitRetry(1, backoff), false), Clock.systemUTC(),
                delay -> {});

        reconciler.sync();

        Map<String, List<String>> dependsOn = heard.get();
        assertThat(dependsOn).isNotNull().containsEntry("district/production", List.of());
        assertThat(dependsOn).hasEntrySatisfying("app/shop/production",
                upstream -> assertThat(upstream).contains("district/production").anyMatch(id -> id.startsWith("endpoint/production/")));
        List<String> order = List.copyOf(dependsOn.keySet());
        dependsOn.forEach((unit, upstream) -> upstream.forEach(up -> assertThat(order.indexOf(up)).as(up + " before " + unit)
                .isLessThan(order.indexOf(unit))));
    }
}
