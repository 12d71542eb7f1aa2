package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The district and endpoint keys auditors look at: log retention and encryption, AMI updates, deletion protection. */
class AuditSettingsTest {

    @TempDir
    Path root;

    private District district(String yaml) {
        LoadResult result = new TestRepo(root).district("main", yaml).load();
        assertThat(result.errors()).isEmpty();
        return result.repository().districts().get(0);
    }

    private LoadResult load(String yaml) {
        return new TestRepo(root).district("main", yaml).load();
    }

    @Test
    void logs_are_kept_a_year_unencrypted_by_a_customer_key_and_amis_update_automatically_by_default() {
        District main = district("region: eu-west-1\n");
        assertThat(main.logRetentionDays()).isEqualTo(365);
        assertThat(main.logKmsKeyArn()).isNull();
        assertThat(main.clusterAmi()).isEqualTo(new District.ClusterAmi.Automatic());
    }

    @Test
    void a_district_chooses_its_log_retention_and_key() {
        District main = district("log_retention_days: 3653\n"
                + "log_kms_key_arn: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\n");
        assertThat(main.logRetentionDays()).isEqualTo(3653);
        assertThat(main.logKmsKeyArn()).isEqualTo("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    }

    @Test
    void a_retention_cloudwatch_does_not_offer_is_an_error_listing_the_ones_it_does() {
        LoadResult result = load("log_retention_days: 366\n");
        assertThat(result.errors()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("log_retention_days");
            assertThat(d.line()).isEqualTo(1);
            assertThat(d.message()).contains("366").contains("365, 400");
        });
    }

    @Test
    void hostile_retentions_and_keys_are_errors_not_templates() {
        assertThat(load("log_retention_days: 99999999999999999999\n").errors()).hasSize(1);
        assertThat(load("log_retention_days: -1\n").errors()).hasSize(1);
        assertThat(load("log_retention_days: [365]\n").errors()).hasSize(1);
        assertThat(load("log_kms_key_arn: alias/aws/logs\n").errors()).singleElement()
                .satisfies(d -> assertThat(d.path()).isEqualTo("log_kms_key_arn"));
        assertThat(load("log_kms_key_arn: \"arn:aws:kms:eu-west-1:123456789012:key/x\\\"}]\"\n").errors()).hasSize(1);
    }

    @Test
    void cluster_ami_is_automatic_manual_or_a_pinned_id() {
        assertThat(district("cluster_ami: automatic\n").clusterAmi()).isEqualTo(new District.ClusterAmi.Automatic());
        assertThat(district("cluster_ami: manual\n").clusterAmi()).isEqualTo(new District.ClusterAmi.Manual());
        assertThat(district("cluster_ami: ami-0123456789abcdef0\n").clusterAmi())
                .isEqualTo(new District.ClusterAmi.Pinned("ami-0123456789abcdef0"));
        assertThat(district("cluster_ami: ami-0123abcd\n").clusterAmi())
                .isEqualTo(new District.ClusterAmi.Pinned("ami-0123abcd"));
        assertThat(district("cluster_ami: automatic\n").clusterAmi())
                .isEqualTo(new District.ClusterAmi.Automatic("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"));
        assertThat(district("cluster_ami: /acme/hardened/ecs-ami\n").clusterAmi())
                .isEqualTo(new District.ClusterAmi.Automatic("/acme/hardened/ecs-ami"));
    }

    @Test
    void a_misspelt_or_malformed_cluster_ami_is_an_error_with_a_suggestion() {
        assertThat(load("cluster_ami: automatc\n").errors()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("did you mean `automatic`"));
        assertThat(load("cluster_ami: ami-XYZ\n").errors()).hasSize(1);
        assertThat(load("cluster_ami: \"ami-0123456789abcdef0\\nmalicious\"\n").errors()).hasSize(1);
        assertThat(load("cluster_ami: \"/acme/ami ${AWS::AccountId}\"\n").errors()).hasSize(1);
        assertThat(load("cluster_ami: /" + "a".repeat(2000) + "\n").errors()).hasSize(1);
        assertThat(load("cluster_ami: acme/ami\n").errors()).hasSize(1);
    }

    @Test
    void endpoints_are_protected_from_deletion_unless_told_otherwise() {
        District main = district("endpoints:\n  - name: web\n    public: false\n"
                + "  - name: old\n    public: false\n    deletion_protection: false\n");
        assertThat(main.endpoints()).extracting(Endpoint::deletionProtection).containsExactly(true, false);
    }

    @Test
    void a_public_endpoint_without_a_certificate_gets_a_warning_at_its_name() {
        LoadResult result = load("region: eu-west-1\nendpoints:\n  - name: web\n  - name: lan\n    public: false\n");
        assertThat(result.errors()).isEmpty();
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
            assertThat(d.line()).isEqualTo(3);
            assertThat(d.path()).isEqualTo("endpoints[0]");
            assertThat(d.message()).contains("`web`").contains("plain HTTP");
        });
    }

    @Test
    void a_public_endpoint_with_a_certificate_gets_no_warning() {
        LoadResult result = load("endpoints:\n  - name: web\n    certificate_arn: "
                + "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789\n");
        assertThat(result.diagnostics()).isEmpty();
    }
}
