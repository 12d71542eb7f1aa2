package io.rambla.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultsTest {

    @TempDir
    Path root;

    @Test
    void a_minimal_district_gets_barcelonas_defaults() {
        LoadResult result = new TestRepo(root).district("main", "region: eu-west-1\n").load();

        assertThat(result.diagnostics()).isEmpty();
        District main = result.repository().districts().get(0);
        assertThat(main).isEqualTo(new District("main", "districts/main.yml", "eu-west-1", Cidr.defaultFor("main"),
                District.NatType.INSTANCE, "ec2", "t3.small", 1, false, List.of(), null, Map.of()));
    }

    @Test
    void a_district_without_region_is_in_barcelonas_default_region() {
        LoadResult result = new TestRepo(root).district("main", "cluster_size: 2\n").load();

        assertThat(result.repository().districts().get(0).region()).isEqualTo("us-east-1");
    }

    @Test
    void an_endpoint_is_public_with_the_intermediate_tls_policy_unless_told_otherwise() {
        LoadResult result = new TestRepo(root).district("main", "endpoints:\n  - name: web\n").load();

        assertThat(result.repository().districts().get(0).endpoints())
                .containsExactly(new Endpoint("web", true, null, Endpoint.SslPolicy.INTERMEDIATE));
    }

    @Test
    void barcelonas_autoscaling_backend_is_read_as_ec2_and_fargate_sets_the_flag() {
        LoadResult result = new TestRepo(root)
                .district("a", "cluster_backend: autoscaling\n")
                .district("b", "cluster_backend: fargate\n")
                .load();

        assertThat(result.repository().districts()).extracting(District::clusterBackend, District::fargate)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ec2", false), org.assertj.core.groups.Tuple.tuple("fargate", true));
    }

    @Test
    void a_minimal_service_and_listener_get_barcelonas_defaults() {
        LoadResult result = new TestRepo(root)
                .district("main", TestRepo.PRODUCTION_DISTRICT)
                .app("shop", """
                        environments:
                          production:
                            image_name: shop
                            services:
                              - name: web
                                service_type: web
                                listeners:
                                  - endpoint: public
                              - name: worker
                        """)
                .load();

        assertThat(result.diagnostics()).isEmpty();
        AppEnvironment production = result.repository().applications().get(0).environments().get(0);
        assertThat(production.name()).isEqualTo("shop-production");
        assertThat(production.district()).isEqualTo("main");
        assertThat(production.imageTag()).isEqualTo("latest");
        assertThat(production.beforeDeploy()).isNull();
        Service web = production.services().get(0);
        assertThat(web).isEqualTo(new Service("web", Service.ServiceType.WEB, null, 512, null, false, 3000, null, null,
                List.of(new Listener("public", "/", 10, 5, 2, 2, 100, List.of(new Listener.RuleCondition("path-pattern", "*"))))));
        assertThat(production.services().get(1).serviceType()).isEqualTo(Service.ServiceType.DEFAULT);
    }

    @Test
    void an_empty_value_counts_as_absent_as_barcelona_treated_nil() {
        LoadResult result = new TestRepo(root)
                .district("main", TestRepo.PRODUCTION_DISTRICT)
                .app("shop", """
                        environments:
                          production:
                            image_name: shop
                            image_tag:
                            services:
                              - name: worker
                                memory: ~
                        """)
                .load();

        assertThat(result.diagnostics()).isEmpty();
        AppEnvironment production = result.repository().applications().get(0).environments().get(0);
        assertThat(production.imageTag()).isEqualTo("latest");
        assertThat(production.services().get(0).memory()).isEqualTo(512);
    }

    @Test
    void auto_scaling_targets_seventy_percent_cpu_unless_told_otherwise() {
        LoadResult result = new TestRepo(root)
                .district("main", TestRepo.PRODUCTION_DISTRICT)
                .app("shop", """
                        environments:
                          production:
                            image_name: shop
                            services:
                              - name: worker
                                auto_scaling: {min_count: 1, max_count: 4}
                        """)
                .load();

        assertThat(result.repository().applications().get(0).environments().get(0).services().get(0).autoScaling())
                .isEqualTo(new Service.AutoScaling(1, 4, 70));
    }

    @Test
    void without_rambla_yml_the_settings_are_the_defaults() {
        LoadResult result = new TestRepo(root).district("main", "region: eu-west-1\n").load();

        assertThat(result.repository().settings()).isEqualTo(new Settings("rambla", false, null));
    }
}
