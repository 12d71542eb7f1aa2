package io.rambla.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rambla.schema.InfraRepository;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import java.util.stream.Stream;

/** Stacks are wired through parameters filled from upstream outputs: every link must lead somewhere real. */
class WiringTest {

    @TestFactory
    Stream<DynamicTest> every_upstream_output_exists_in_an_earlier_units_template() {
        return RenderCases.all().entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(), () -> checkWiring(c.getValue())));
    }

    @TestFactory
    Stream<DynamicTest> stack_parameters_and_template_parameters_match() {
        return RenderCases.all().entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(), () -> {
            for (RenderedUnit unit : Rendered.units(c.getValue())) {
                JsonNode parameters = Rendered.tree(unit.stack()).path("Parameters");
                Set<String> needed = new TreeSet<>();
                parameters.properties().forEach(p -> {
                    if (!p.getValue().has("Default")) {
                        needed.add(p.getKey());
                    }
                });
                Set<String> declared = new TreeSet<>();
                parameters.fieldNames().forEachRemaining(declared::add);
                assertThat(unit.stack().parameters().keySet()).as("%s: parameters given", unit.id())
                        .containsAll(needed)
                        .isSubsetOf(declared);
            }
        }));
    }

    @Test
    void units_come_districts_first_then_endpoints_then_apps() {
        var ids = Rendered.units(RenderCases.appRepository()).stream().map(RenderedUnit::id).toList();
        assertThat(ids).containsExactly("district/main", "endpoint/main/public", "endpoint/main/internal", "app/shop/production");
    }

    @Test
    void stack_names_follow_the_unit_ids() {
        var names = Rendered.units(RenderCases.appRepository()).stream().map(u -> u.stack().stackName()).toList();
        assertThat(names).containsExactly("rambla-district-main", "rambla-endpoint-main-public",
                "rambla-endpoint-main-internal", "rambla-app-shop-production");
        var prefixed = new Renderer("acme").render(RenderCases.appRepository()).get(0).stack().stackName();
        assertThat(prefixed).isEqualTo("acme-district-main");
    }

    private static void checkWiring(InfraRepository repository) {
        Map<String, Set<String>> outputsByUnit = new HashMap<>();
        for (RenderedUnit unit : Rendered.units(repository)) {
            for (var entry : unit.stack().parameters().entrySet()) {
                if (entry.getValue() instanceof ParameterValue.UpstreamOutput upstream) {
                    assertThat(outputsByUnit)
                            .as("%s parameter %s reads unit %s, which must be rendered before it",
                                    unit.id(), entry.getKey(), upstream.unitId())
                            .containsKey(upstream.unitId());
                    assertThat(outputsByUnit.get(upstream.unitId()))
                            .as("%s parameter %s reads output %s of %s", unit.id(), entry.getKey(),
                                    upstream.outputKey(), upstream.unitId())
                            .contains(upstream.outputKey());
                    assertThat(unit.unit().dependsOn()).as("%s depends on", unit.id()).contains(upstream.unitId());
                }
            }
            Set<String> outputs = new HashSet<>();
            Rendered.tree(unit.stack()).path("Outputs").fieldNames().forEachRemaining(outputs::add);
            outputsByUnit.put(unit.id(), outputs);
        }
    }
}
