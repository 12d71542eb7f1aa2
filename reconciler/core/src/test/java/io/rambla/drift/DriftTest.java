package io.rambla.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.drift.DriftDetection.PropertyDifference;
import io.rambla.drift.DriftDetection.ResourceDrift;
import io.rambla.drift.StackDrift.DriftedResource;
import io.rambla.drift.StackDrift.Status;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DriftTest {

    private static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");
    private static final Instant FINISHED = Instant.parse("2026-11-22T05:59:40Z");

    private static DriftDetection detection(String detectionStatus, String stackStatus, String reason, ResourceDrift... drifted) {
        return new DriftDetection(detectionStatus, stackStatus, reason, FINISHED, List.of(drifted));
    }

    private static ResourceDrift modified(String id, PropertyDifference... differences) {
        return new ResourceDrift(id, "AWS::EC2::SecurityGroup", "MODIFIED", List.of(differences));
    }

    private static PropertyDifference notEqual(String path, String expected, String actual) {
        return new PropertyDifference(path, expected, actual, "NOT_EQUAL");
    }

    @Test
    void a_complete_detection_without_drifted_resources_is_in_sync_at_the_time_cloudformation_finished() {
        var drift = Drift.fromDetection(detection("DETECTION_COMPLETE", "IN_SYNC", null), NOW);

        assertThat(drift).isEqualTo(new StackDrift(Status.IN_SYNC, FINISHED, List.of(), null));
    }

    @Test
    void the_time_of_the_check_is_now_when_cloudformation_gives_none() {
        var drift = Drift.fromDetection(new DriftDetection("DETECTION_COMPLETE", "IN_SYNC", null, null, List.of()), NOW);

        assertThat(drift.checkedAt()).isEqualTo(NOW);
    }

    @Test
    void modified_and_deleted_resources_are_listed_with_their_differences() {
        var drift = Drift.fromDetection(detection("DETECTION_COMPLETE", "DRIFTED", null,
                modified("WebSecurityGroup", notEqual("/GroupDescription", "web", "changed by hand"),
                        new PropertyDifference("/SecurityGroupIngress/1", null, "{\"CidrIp\":\"0.0.0.0/0\",\"FromPort\":22}", "ADD"),
                        new PropertyDifference("/Tags/0", "{\"Key\":\"team\",\"Value\":\"shop\"}", null, "REMOVE")),
                new ResourceDrift("LogGroup", "AWS::Logs::LogGroup", "DELETED", List.of())), NOW);

        assertThat(drift.status()).isEqualTo(Status.DRIFTED);
        assertThat(drift.message()).isNull();
        assertThat(drift.resources()).containsExactly(
                new DriftedResource("WebSecurityGroup", "AWS::EC2::SecurityGroup", "MODIFIED", List.of(
                        "/GroupDescription: expected web, actual changed by hand",
                        "/SecurityGroupIngress/1: added {\"CidrIp\":\"0.0.0.0/0\",\"FromPort\":22}",
                        "/Tags/0: removed {\"Key\":\"team\",\"Value\":\"shop\"}")),
                new DriftedResource("LogGroup", "AWS::Logs::LogGroup", "DELETED", List.of()));
    }

    @Test
    void resources_in_sync_or_not_checked_are_left_out_even_if_cloudformation_returns_them() {
        var drift = Drift.fromDetection(detection("DETECTION_COMPLETE", "IN_SYNC", null,
                new ResourceDrift("Vpc", "AWS::EC2::VPC", "IN_SYNC", List.of()),
                new ResourceDrift("Cluster", "AWS::ECS::Cluster", "NOT_CHECKED", List.of())), NOW);

        assertThat(drift.status()).isEqualTo(Status.IN_SYNC);
        assertThat(drift.resources()).isEmpty();
    }

    @Test
    void a_drifted_resource_makes_the_stack_drifted_whatever_the_stack_status_says() {
        var drift = Drift.fromDetection(detection("DETECTION_COMPLETE", "UNKNOWN", null, modified("Sg")), NOW);

        assertThat(drift.status()).isEqualTo(Status.DRIFTED);
    }

    @Test
    void a_drifted_stack_status_without_resource_details_is_still_drifted() {
        var drift = Drift.fromDetection(detection("DETECTION_COMPLETE", "DRIFTED", null), NOW);

        assertThat(drift.status()).isEqualTo(Status.DRIFTED);
        assertThat(drift.resources()).isEmpty();
    }

    @Test
    void a_detection_that_failed_for_some_resources_keeps_the_results_of_the_others_and_says_why() {
        var drift = Drift.fromDetection(detection("DETECTION_FAILED", "DRIFTED",
                "Failed to detect drift on resource [Role]: AccessDenied", modified("Sg")), NOW);

        assertThat(drift.status()).isEqualTo(Status.DRIFTED);
        assertThat(drift.resources()).extracting(DriftedResource::logicalId).containsExactly("Sg");
        assertThat(drift.message()).isEqualTo("drift detection failed for some resources: Failed to detect drift on resource [Role]: AccessDenied");
    }

    @Test
    void a_failed_detection_without_a_reason_still_says_it_failed() {
        var drift = Drift.fromDetection(detection("DETECTION_FAILED", "UNKNOWN", " "), NOW);

        assertThat(drift.status()).isEqualTo(Status.UNKNOWN);
        assertThat(drift.message()).isEqualTo("drift detection failed for some resources");
    }

    @Test
    void an_unknown_or_unchecked_stack_status_is_unknown_with_cloudformations_reason() {
        assertThat(Drift.fromDetection(detection("DETECTION_COMPLETE", "NOT_CHECKED", "no resource supports drift detection"), NOW))
                .isEqualTo(new StackDrift(Status.UNKNOWN, FINISHED, List.of(), "no resource supports drift detection"));
        assertThat(Drift.fromDetection(detection("DETECTION_COMPLETE", null, null), NOW).status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void at_most_five_differences_are_listed_per_resource_and_the_rest_counted() {
        var differences = IntStream.range(0, 8).mapToObj(i -> notEqual("/P" + i, "a", "b")).toArray(PropertyDifference[]::new);

        var lines = Drift.fromDetection(detection("DETECTION_COMPLETE", "DRIFTED", null, modified("Sg", differences)), NOW)
                .resources().get(0).differences();

        assertThat(lines).hasSize(6).startsWith("/P0: expected a, actual b").endsWith("… and 3 more");
    }

    @Test
    void long_values_are_cut_and_put_on_one_line() {
        String longValue = "{\n  \"Statement\": [" + "x".repeat(200) + "]\n}";

        String line = Drift.difference(notEqual("/PolicyDocument", longValue, "{}"));

        assertThat(line).startsWith("/PolicyDocument: expected { \"Statement\": [xxx").doesNotContain("\n").endsWith("…, actual {}");
        assertThat(line.substring("/PolicyDocument: expected ".length(), line.indexOf(", actual"))).hasSize(Drift.MAX_VALUE_CHARS);
    }

    @Test
    void missing_values_and_paths_read_as_such() {
        assertThat(Drift.difference(new PropertyDifference(null, null, "x", "NOT_EQUAL"))).isEqualTo("?: expected (none), actual x");
        assertThat(Drift.difference(new PropertyDifference("/A", "x", "y", null))).isEqualTo("/A: expected x, actual y");
    }

    @Test
    void an_unavailable_check_carries_cloudformations_error_and_the_time_it_was_tried() {
        var drift = Drift.unavailable("DetectStackDrift on s failed: InternalFailure (HTTP 501): not emulated", NOW);

        assertThat(drift).isEqualTo(new StackDrift(Status.UNAVAILABLE, NOW, List.of(),
                "drift detection unavailable: DetectStackDrift on s failed: InternalFailure (HTTP 501): not emulated"));
    }

    @Test
    void a_sync_that_changed_the_stack_forgets_what_earlier_checks_found() {
        var drifted = new StackDrift(Status.DRIFTED, FINISHED, List.of(), null);

        assertThat(Drift.afterApply(drifted, true, "IN_SYNC", FINISHED)).isEqualTo(StackDrift.notChecked());
        assertThat(Drift.afterApply(null, true, "IN_SYNC", FINISHED)).isEqualTo(StackDrift.notChecked());
    }

    @Test
    void an_unchanged_stack_keeps_what_this_daemon_found() {
        var inSync = new StackDrift(Status.IN_SYNC, FINISHED, List.of(), null);
        var unavailable = Drift.unavailable("x", NOW);

        assertThat(Drift.afterApply(inSync, false, "DRIFTED", NOW)).isSameAs(inSync);
        assertThat(Drift.afterApply(unavailable, false, "NOT_CHECKED", null)).isSameAs(unavailable);
    }

    @Test
    void after_a_start_cloudformations_own_in_sync_result_counts_so_a_restart_does_not_check_everything_again() {
        var seeded = Drift.afterApply(null, false, "IN_SYNC", FINISHED);

        assertThat(seeded.status()).isEqualTo(Status.IN_SYNC);
        assertThat(seeded.checkedAt()).isEqualTo(FINISHED);
        assertThat(seeded.message()).contains("before this daemon started");
        assertThat(Drift.afterApply(StackDrift.notChecked(), false, "IN_SYNC", FINISHED)).isEqualTo(seeded);
    }

    @Test
    void after_a_start_a_stack_cloudformation_found_drifted_or_never_checked_is_checked_at_once() {
        assertThat(Drift.afterApply(null, false, "DRIFTED", FINISHED)).isEqualTo(StackDrift.notChecked());
        assertThat(Drift.afterApply(null, false, "UNKNOWN", FINISHED)).isEqualTo(StackDrift.notChecked());
        assertThat(Drift.afterApply(null, false, "NOT_CHECKED", null)).isEqualTo(StackDrift.notChecked());
        assertThat(Drift.afterApply(null, false, "IN_SYNC", null)).isEqualTo(StackDrift.notChecked());
        assertThat(Drift.afterApply(null, false, null, null)).isEqualTo(StackDrift.notChecked());
    }

    @Test
    void self_healing_reverts_only_drifted_stacks_with_resources_to_revert_and_only_when_enabled() {
        var drifted = new StackDrift(Status.DRIFTED, FINISHED, List.of(new DriftedResource("Sg", "AWS::EC2::SecurityGroup", "MODIFIED", List.of())), null);

        assertThat(Drift.shouldRevert(drifted, true)).isTrue();
        assertThat(Drift.shouldRevert(drifted, false)).isFalse();
        assertThat(Drift.shouldRevert(new StackDrift(Status.DRIFTED, FINISHED, List.of(), null), true)).isFalse();
        for (Status other : List.of(Status.NOT_CHECKED, Status.IN_SYNC, Status.UNKNOWN, Status.UNAVAILABLE)) {
            assertThat(Drift.shouldRevert(new StackDrift(other, FINISHED, drifted.resources(), null), true)).as(other.name()).isFalse();
        }
    }
}
