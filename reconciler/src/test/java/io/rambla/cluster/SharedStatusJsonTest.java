package io.rambla.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import io.rambla.drift.StackDrift;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The units' status travels between the daemons of a cluster as JSON and must arrive whole. */
class SharedStatusJsonTest {

    private static final Argument<List<UnitStatus>> UNITS = Argument.listOf(UnitStatus.class);

    @Test
    void everyUnitArrivesAsItWasWrittenWithOrWithoutDrift() throws Exception {
        Instant at = Instant.parse("2026-11-22T06:00:00.123456Z");
        List<UnitStatus> units = List.of(
                new UnitStatus("district/main", "district", "rambla-district-main", UnitState.APPLIED, "abc", "abc", "29 add", at,
                        new StackDrift(StackDrift.Status.UNAVAILABLE, at, List.of(), "DetectStackDrift failed")),
                new UnitStatus("app/shop/production", "app", "rambla-app-shop-production", UnitState.FAILED, "def", "abc", "exited with 1", at,
                        new StackDrift(StackDrift.Status.DRIFTED, at,
                                List.of(new StackDrift.DriftedResource("WebService", "AWS::ECS::Service", "MODIFIED", List.of("DesiredCount: 2 → 3"))), null)),
                new UnitStatus("endpoint/main/public", "endpoint", "rambla-endpoint-main-public", UnitState.PENDING, null, null, null, at));
        ObjectMapper json = ObjectMapper.getDefault();

        List<UnitStatus> read = json.readValue(json.writeValueAsBytes(UNITS, units), UNITS);

        assertThat(read).isEqualTo(units);
    }
}
