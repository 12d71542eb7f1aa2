package io.rambla.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which approval store a daemon gets; the cluster's database store is covered by ClusterApprovalStoreIT and ApprovalRestartIT. */
class ApprovalWiringTest {

    private static final String HELD = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void aDaemonFollowingARepositoryKeepsItsApprovalsBesideTheCheckoutAcrossARestart(@TempDir Path dir) {
        Map<String, Object> settings = Map.of("rambla.git.url", "https://git.example/acme/infra.git",
                "rambla.git.workdir", dir.resolve("checkout").toString());
        try (var context = ApplicationContext.run(settings)) {
            assertThat(context.getBean(ApprovalStore.class)).isInstanceOfSatisfying(JsonApprovalStore.class,
                    store -> assertThat(store.file()).isEqualTo(dir.resolve("checkout.approvals.json")));
            assertThat(context.getBean(ApprovedUnits.class).approve("district/main", HELD, Instant.parse("2026-11-26T05:00:00Z"))).isTrue();
        }

        try (var context = ApplicationContext.run(settings)) {
            assertThat(context.getBean(ApprovedUnits.class).approved("district/main", HELD)).isTrue();
        }
    }

    @Test
    void withoutARepositoryNothingIsKept() {
        try (var context = ApplicationContext.run(Map.of())) {
            assertThat(context.getBean(ApprovalStore.class)).isSameAs(ApprovalStore.none());
        }
    }
}
