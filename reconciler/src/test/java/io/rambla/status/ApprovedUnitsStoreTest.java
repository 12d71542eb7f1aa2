package io.rambla.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single daemon's approvals survive its restart, in a file beside its history, as its pauses do. */
class ApprovedUnitsStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-26T05:00:00Z");
    private static final String A = "0123456789abcdef0123456789abcdef01234567";
    private static final String B = "fedcba9876543210fedcba9876543210fedcba98";
    private static final String HOSTILE = "app/<script>\"x\"/\nprod\u0000";

    @TempDir
    Path dir;

    @Test
    void aRestartedDaemonKeepsEveryApprovalAtItsCommitAndTheNewestPerUnit() {
        Path file = dir.resolve("checkout.approvals.json");
        var before = new ApprovedUnits(new JsonApprovalStore(file));
        assertThat(before.approve("district/main", A, T0)).isTrue();
        assertThat(before.approve("app/shop/production", A, T0.plusSeconds(1))).isTrue();
        assertThat(before.approve("app/shop/production", B, T0.plusSeconds(2))).isTrue();
        assertThat(before.approve(HOSTILE, B, T0.plusSeconds(3))).isTrue();

        var restarted = new ApprovedUnits(new JsonApprovalStore(file));

        assertThat(restarted.all()).isEqualTo(Map.of(
                "district/main", new ApprovedUnits.Approved(A, T0),
                "app/shop/production", new ApprovedUnits.Approved(B, T0.plusSeconds(2)),
                HOSTILE, new ApprovedUnits.Approved(B, T0.plusSeconds(3))));
        assertThat(restarted.approved("app/shop/production", B)).isTrue();
        assertThat(restarted.approved("app/shop/production", A)).as("a newer approval replaced it").isFalse();
        assertThat(restarted.approve("district/main", A, T0.plusSeconds(9))).as("already approved: not new").isFalse();
    }

    @Test
    void withoutAStoreARestartForgetsTheApproval() {
        var before = new ApprovedUnits();
        before.approve("district/main", A, T0);
        assertThat(new ApprovedUnits().approved("district/main", A)).isFalse();
    }

    @Test
    void refreshTakesInWhatAnotherDaemonKeptAndCountsItAsAChange() {
        Path file = dir.resolve("shared.approvals.json");
        var one = new ApprovedUnits(new JsonApprovalStore(file));
        var other = new ApprovedUnits(new JsonApprovalStore(file));
        long version = other.version();

        one.approve("district/main", A, T0);
        other.refresh();

        assertThat(other.approved("district/main", A)).isTrue();
        assertThat(other.version()).isGreaterThan(version);
        long after = other.version();
        other.refresh();
        assertThat(other.version()).as("nothing changed, nothing to sync again").isEqualTo(after);
    }

    @Test
    void aDamagedFileStartsWithNoApprovalSoHeldUnitsWaitAndIsRewrittenByTheNextOne() throws Exception {
        Path file = dir.resolve("damaged.approvals.json");
        Files.writeString(file, "{\"district/main\": {\"revision\": \"" + A + "\"", StandardCharsets.UTF_8);

        var approvals = new ApprovedUnits(new JsonApprovalStore(file));
        assertThat(approvals.all()).isEmpty();
        approvals.approve("app/shop/production", B, T0);

        assertThat(new ApprovedUnits(new JsonApprovalStore(file)).all()).containsOnlyKeys("app/shop/production");
    }

    @Test
    void anEntryThatIsNotAUnitAndACommitIsSkippedAndTheOthersKept() throws Exception {
        Path file = dir.resolve("mixed.approvals.json");
        Files.writeString(file, """
                {"app/a/production": {"revision": "%s", "at": "not a time"},
                 "app/b/production": {"revision": "%s", "at": "2026-11-26T05:00:00Z"},
                 "app/c/production": {"revision": "HEAD", "at": "2026-11-26T05:00:00Z"},
                 "app/d/production": {"revision": "%s\\n", "at": "2026-11-26T05:00:00Z"},
                 "app/e/production": {"at": "2026-11-26T05:00:00Z"},
                 "%s": {"revision": "%s", "at": "2026-11-26T05:00:00Z"},
                 "app/f/production": 42}
                """.formatted(A, B, A, "x".repeat(JsonApprovalStore.MAX_UNIT_ID + 1), A), StandardCharsets.UTF_8);

        assertThat(new ApprovedUnits(new JsonApprovalStore(file)).all())
                .isEqualTo(Map.of("app/b/production", new ApprovedUnits.Approved(B, T0)));
    }

    @Test
    void aFileTooBigToBeAnApprovalListIsNotRead() throws Exception {
        Path file = dir.resolve("big.approvals.json");
        Files.writeString(file, "{\"x\": \"" + "a".repeat((int) JsonApprovalStore.MAX_BYTES) + "\"}", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new JsonApprovalStore(file).load()).hasMessageContaining("larger than");
        assertThat(new ApprovedUnits(new JsonApprovalStore(file)).all()).isEmpty();
    }

    @Test
    void aStoreThatCannotWriteLeavesTheApprovalInForceAndSaysSo() throws Exception {
        Path blocked = dir.resolve("a-file-not-a-folder");
        Files.writeString(blocked, "x");
        var approvals = new ApprovedUnits(new JsonApprovalStore(blocked.resolve("approvals.json")));

        assertThatThrownBy(() -> approvals.approve("district/main", A, T0))
                .isInstanceOf(ApprovedUnits.NotKept.class).hasMessageContaining("a restart forgets it");
        assertThat(approvals.approved("district/main", A)).isTrue();
    }

    @Test
    void theApprovalFileSitsBesideTheHistoryFileAndThePauseFile() {
        Path workdir = dir.resolve("work").resolve("checkout");
        assertThat(HistoryStoreFactory.approvalFile("", "", "file:///repo.git", workdir.toString()))
                .contains(workdir.toAbsolutePath().resolveSibling("checkout.approvals.json"));
        assertThat(HistoryStoreFactory.approvalFile("/var/rambla/a.json", "", "file:///repo.git", ""))
                .contains(Path.of("/var/rambla/a.json"));
        assertThat(HistoryStoreFactory.approvalFile("", dir.resolve("h.history.jsonl").toString(), "file:///repo.git", ""))
                .contains(dir.resolve("h.approvals.json").toAbsolutePath());
        assertThat(HistoryStoreFactory.approvalFile("", "", "", "")).isEqualTo(Optional.empty());
    }
}
