package io.rambla.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.render.ParameterValue;
import io.rambla.render.RenderedUnit;
import io.rambla.render.Renderer;
import io.rambla.schema.LoadResult;
import io.rambla.schema.RepositoryLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync plans each unit against the outputs its parameters read ({@link Snapshot#withOutputsFor}), not every unit's. */
class UpstreamOutputsTest {

    @TempDir
    Path root;

    private List<RenderedUnit> units() throws IOException {
        Map<String, String> files = Map.of(
                "districts/main.yml", """
                        region: us-east-1
                        cidr_block: 10.20.0.0/16
                        nat_type: none
                        cluster_instance_type: t3.small
                        cluster_size: 1
                        endpoints:
                          - name: public
                            public: true
                        """,
                "apps/web/barcelona.yml", """
                        environments:
                          production:
                            image_name: nginx
                            image_tag: "1.27"
                            services:
                              - name: web
                                service_type: web
                                web_container_port: 80
                                listeners:
                                  - endpoint: public
                                    rule_priority: 1
                        """,
                "apps/worker/barcelona.yml", """
                        environments:
                          production:
                            image_name: busybox
                            services:
                              - name: worker
                                command: sleep 1000
                        """);
        for (var file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        LoadResult loaded = RepositoryLoader.load(root);
        assertThat(loaded.errors()).isEmpty();
        // As the sync does before planning: the district's AMI parameter read from SSM.
        return Amis.resolve(new Renderer("rb").render(loaded.repository()), Map.of(), (region, parameter) -> "ami-0123456789abcdef0");
    }

    /** An output for every output any unit reads, and outputs of units nobody reads. */
    private static Map<String, Map<String, String>> everyOutput(List<RenderedUnit> units) {
        Map<String, Map<String, String>> outputs = new HashMap<>();
        for (RenderedUnit unit : units) {
            unit.stack().parameters().values().forEach(value -> {
                if (value instanceof ParameterValue.UpstreamOutput upstream) {
                    outputs.computeIfAbsent(upstream.unitId(), id -> new HashMap<>()).put(upstream.outputKey(), "v-" + upstream.outputKey());
                }
            });
        }
        outputs.put("app/unrelated/production", Map.of("Anything", "x"));
        return outputs;
    }

    @Test
    void each_unit_is_planned_as_it_was_against_every_units_outputs() throws IOException {
        List<RenderedUnit> units = units();
        Map<String, Map<String, String>> outputs = everyOutput(units);
        assertThat(outputs).containsKeys("district/main", "endpoint/main/public");
        Snapshot listed = Snapshot.of(units, List.of());

        for (RenderedUnit unit : units) {
            assertThat(Planner.decide(unit, listed.withOutputsFor(unit, outputs)))
                    .as(unit.id()).isEqualTo(Planner.decide(unit, listed.withOutputs(outputs)));
        }
        RenderedUnit web = units.stream().filter(u -> u.id().equals("app/web/production")).findFirst().orElseThrow();
        assertThat(Planner.decide(web, listed.withOutputsFor(web, outputs))).isInstanceOf(UnitDecision.Ready.class);
        assertThat(listed.withOutputsFor(web, outputs).outputs()).containsOnlyKeys("district/main", "endpoint/main/public");
    }

    @Test
    void a_unit_whose_upstream_offers_nothing_yet_awaits_it_as_before() throws IOException {
        List<RenderedUnit> units = units();
        Map<String, Map<String, String>> outputs = everyOutput(units);
        outputs.remove("endpoint/main/public");
        Snapshot listed = Snapshot.of(units, List.of());
        RenderedUnit web = units.stream().filter(u -> u.id().equals("app/web/production")).findFirst().orElseThrow();

        UnitDecision narrowed = Planner.decide(web, listed.withOutputsFor(web, outputs));

        assertThat(narrowed).isInstanceOf(UnitDecision.AwaitingUpstream.class).isEqualTo(Planner.decide(web, listed.withOutputs(outputs)));
        assertThat(((UnitDecision.AwaitingUpstream) narrowed).awaiting().unitId()).isEqualTo("endpoint/main/public");
    }
}
