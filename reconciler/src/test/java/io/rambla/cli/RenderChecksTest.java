package io.rambla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.schema.AppEnvironment;
import io.rambla.schema.Application;
import io.rambla.schema.Diagnostic;
import io.rambla.schema.District;
import io.rambla.schema.Endpoint;
import io.rambla.schema.InfraRepository;
import io.rambla.schema.Listener;
import io.rambla.schema.LoadResult;
import io.rambla.schema.Service;
import io.rambla.schema.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderChecksTest {

    private static final District DISTRICT = new District("main", "districts/main.yml", "ap-northeast-1", "10.1.0.0/16",
            District.NatType.INSTANCE, "ec2", "t3.small", 1, false,
            List.of(new Endpoint("public", true, null, Endpoint.SslPolicy.INTERMEDIATE)), null, Map.of());

    private static LoadResult repository(String endpoint) {
        Listener listener = new Listener(endpoint, "/", 10, 5, 2, 2, 100, List.of(new Listener.RuleCondition("path-pattern", "*")));
        Service web = new Service("web", Service.ServiceType.WEB, 256, 512, null, false, 3000, 1, null, List.of(listener));
        AppEnvironment production = new AppEnvironment("production", "shop-production", "main", "shop", "latest", null,
                List.of(web), List.of(), List.of());
        Application shop = new Application("shop", "apps/shop/barcelona.yml", List.of(production));
        return new LoadResult(new InfraRepository(Settings.defaults(), List.of(DISTRICT), List.of(shop)), List.of());
    }

    @Test
    void a_unit_the_renderer_refuses_becomes_an_error_at_its_file_and_the_others_still_render() {
        RenderChecks.Outcome outcome = RenderChecks.render(repository("nowhere"));

        assertThat(outcome.diagnostics()).extracting(Diagnostic::toString).singleElement().asString()
                .startsWith("apps/shop/barcelona.yml:0:0: error: unit app/shop/production cannot be rendered: ")
                .contains("nowhere");
        assertThat(outcome.units()).extracting(u -> u.unit().id()).containsExactly("district/main", "endpoint/main/public");
    }

    @Test
    void a_repository_that_renders_within_limits_gives_no_diagnostic() {
        RenderChecks.Outcome outcome = RenderChecks.render(repository("public"));

        assertThat(outcome.diagnostics()).isEmpty();
        assertThat(outcome.units()).hasSize(3);
    }
}
