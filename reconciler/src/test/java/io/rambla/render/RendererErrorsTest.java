package io.rambla.render;

import static io.rambla.render.ModelFixtures.application;
import static io.rambla.render.ModelFixtures.district;
import static io.rambla.render.ModelFixtures.environment;
import static io.rambla.render.ModelFixtures.listener;
import static io.rambla.render.ModelFixtures.repository;
import static io.rambla.render.ModelFixtures.valueFrom;
import static io.rambla.render.ModelFixtures.web;
import static io.rambla.render.ModelFixtures.worker;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the renderer refuses, with a message that names the thing to fix. */
class RendererErrorsTest {

    @Test
    void an_environment_on_an_undeclared_district_is_refused() {
        var repo = repository(List.of(district("main").build(), district("other").build()),
                application("shop", environment("production").district("nowhere").service(worker("w")).build()));
        assertThatThrownBy(() -> new Renderer().render(repo))
                .hasMessageContaining("apps/shop/barcelona.yml")
                .hasMessageContaining("district `nowhere`");
    }

    @Test
    void a_listener_on_an_undeclared_endpoint_is_refused() {
        var repo = repository(List.of(district("main").build()),
                application("shop", environment("production").service(web("web").listener(listener("public"))).build()));
        assertThatThrownBy(() -> new Renderer().render(repo)).hasMessageContaining("endpoint `public`");
    }

    @Test
    void a_value_from_that_is_no_parameter_or_secret_arn_is_refused() {
        var repo = repository(List.of(district("main").build()),
                application("shop", environment("production").service(worker("w"))
                        .variable(valueFrom("X", "arn:aws:s3:::bucket/key")).build()));
        assertThatThrownBy(() -> new Renderer().render(repo)).hasMessageContaining("value_from");
    }

    @Test
    void an_unsupported_rule_condition_is_refused() {
        var repo = repository(List.of(district("main").endpoint(ModelFixtures.internalEndpoint("public")).build()),
                application("shop", environment("production")
                        .service(web("web").listener(listener("public").condition("http-header", "x"))).build()));
        assertThatThrownBy(() -> new Renderer().render(repo)).hasMessageContaining("http-header");
    }
}
