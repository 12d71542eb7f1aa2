package io.rambla.reconcile;

import io.rambla.render.StackTags;
import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.apply.StackApplier;
import io.rambla.plan.LiveStack;
import io.rambla.retry.Backoff;
import io.rambla.retry.Sleeper;
import io.rambla.retry.UnitRetry;
import io.rambla.source.Checkout;
import io.rambla.status.SyncListener;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import io.rambla.status.UnitStatusStore;
import io.rambla.support.InMemoryStacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No wait is silent: a unit whose stack is busy says what it waits for, since when, and what ended the wait. */
class WaitingUnitTest {

    @TempDir
    Path temp;

    @Test
    void aUnitWaitingOnAnotherOperationSaysSoInItsStatusAndFailsNamingTheTimeoutSetting() throws Exception {
        Files.writeString(temp.resolve("rambla.yml"), "stack_prefix: it\n");
        Files.createDirectories(temp.resolve("districts"));
        Files.writeString(temp.resolve("districts/main.yml"), "region: us-east-1\nnat_type: none\ncidr_block: 10.1.0.0/16\n");
        var aws = new InMemoryStacks();
        aws.put(new LiveStack("it-district-main", "arn:it-district-main", "UPDATE_IN_PROGRESS", null,
                Map.of(StackTags.MANAGED_BY, "rambla", StackTags.UNIT, "district/main"), Map.of()));
        List<UnitStatus> seen = new CopyOnWriteArrayList<>();
        SyncListener listener = new SyncListener() {
            @Override
            public void unitChanged(String revision, UnitStatus status) {
                seen.add(status);
            }
        };
        var statuses = new UnitStatusStore();
        var applier = new StackApplier(aws, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1.0), Duration.ofMillis(1));
        var reconciler = new Reconciler(() -> new Checkout("2222222222222222222222222222222222222222", temp), applier, statuses,
                List.of(listener), new SyncSettings(1, UnitRetry.standard(), false), Clock.systemUTC(), Sleeper.THREAD);

        reconciler.sync();

        assertThat(seen).filteredOn(s -> s.state() == UnitState.APPLYING).singleElement().extracting(UnitStatus::message)
                .asString().contains("waiting for stack it-district-main, which is UPDATE_IN_PROGRESS", "since 20",
                        "rambla.apply.operation-timeout");
        assertThat(statuses.get("district/main").orElseThrow().message())
                .contains("still UPDATE_IN_PROGRESS after waiting since 20", "for PT0.001S (rambla.apply.operation-timeout)");
    }
}
