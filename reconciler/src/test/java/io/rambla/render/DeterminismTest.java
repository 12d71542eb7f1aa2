package io.rambla.render;

import static io.rambla.render.ModelFixtures.application;
import static io.rambla.render.ModelFixtures.district;
import static io.rambla.render.ModelFixtures.environment;
import static io.rambla.render.ModelFixtures.fromSsmPath;
import static io.rambla.render.ModelFixtures.plain;
import static io.rambla.render.ModelFixtures.repository;
import static io.rambla.render.ModelFixtures.valueFrom;
import static io.rambla.render.ModelFixtures.worker;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same input gives byte-identical templates, however the code or the YAML happened to order it. */
class DeterminismTest {

    @Test
    void rendering_twice_gives_identical_bytes() {
        RenderCases.all().forEach((name, repository) -> {
            var first = new Renderer().render(repository);
            var second = new Renderer().render(repository);
            assertThat(second).hasSameSizeAs(first);
            for (int i = 0; i < first.size(); i++) {
                assertThat(second.get(i).stack().templateBody()).as(name).isEqualTo(first.get(i).stack().templateBody());
                assertThat(second.get(i).stack()).isEqualTo(first.get(i).stack());
            }
        });
    }

    @Test
    void maps_built_in_different_insertion_orders_serialise_identically() {
        Map<String, Object> forward = new LinkedHashMap<>();
        forward.put("CidrBlock", "10.0.0.0/16");
        forward.put("EnableDnsSupport", true);
        forward.put("Tags", List.of(Map.of("Key", "Name", "Value", "main")));
        Map<String, Object> backward = new LinkedHashMap<>();
        backward.put("Tags", List.of(Map.of("Value", "main", "Key", "Name")));
        backward.put("EnableDnsSupport", true);
        backward.put("CidrBlock", "10.0.0.0/16");

        var one = Template.builder("d")
                .resource("Vpc", Template.Resource.of("AWS::EC2::VPC", forward))
                .resource("Igw", Template.Resource.of("AWS::EC2::InternetGateway", Map.of()))
                .output("B", null, Fn.ref("Vpc"))
                .output("A", null, Fn.ref("Igw"))
                .build();
        var two = Template.builder("d")
                .resource("Igw", Template.Resource.of("AWS::EC2::InternetGateway", Map.of()))
                .resource("Vpc", Template.Resource.of("AWS::EC2::VPC", backward))
                .output("A", null, Fn.ref("Igw"))
                .output("B", null, Fn.ref("Vpc"))
                .build();
        assertThat(TemplateWriter.toJson(two)).isEqualTo(TemplateWriter.toJson(one));
    }

    @Test
    void environment_variables_in_a_different_yaml_order_render_the_same_template() {
        var a = environment("production").service(worker("worker"))
                .variable(plain("B", "2")).variable(plain("A", "1"))
                .variable(fromSsmPath("S", "shop/s")).variable(valueFrom("T", "/shop/t"))
                .build();
        var b = environment("production").service(worker("worker"))
                .variable(valueFrom("T", "/shop/t")).variable(plain("A", "1"))
                .variable(fromSsmPath("S", "shop/s")).variable(plain("B", "2"))
                .build();
        var district = district("main").build();
        String first = Rendered.unit(repository(List.of(district), application("shop", a)), "app/shop/production")
                .stack().templateBody();
        String second = Rendered.unit(repository(List.of(district), application("shop", b)), "app/shop/production")
                .stack().templateBody();
        assertThat(second).isEqualTo(first);
    }
}
