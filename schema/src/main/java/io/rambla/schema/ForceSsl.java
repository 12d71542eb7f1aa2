package io.rambla.schema;

import java.util.List;

/**
 * Barcelona's {@code force_ssl} made the service's reverse proxy redirect HTTP to HTTPS. In Rambla an
 * endpoint with a certificate redirects port 80 to HTTPS on its load balancer, so the service's
 * traffic is redirected there; on an endpoint without one there is no HTTPS to redirect to, and the
 * key is reported.
 */
final class ForceSsl {

    private ForceSsl() {}

    static void check(YamlMap service, District district, List<Listener> listeners) {
        var at = service.value("force_ssl").orElse(service.node());
        if (listeners.isEmpty()) {
            service.problems().warning(at, service.pathOf("force_ssl"),
                    "`force_ssl` has no effect: the service has no listeners, so no HTTP traffic reaches it");
            return;
        }
        for (Listener listener : listeners) {
            district.endpoints().stream()
                    .filter(e -> e.name().equals(listener.endpoint()) && (e.certificateArn() == null || e.certificateArn().isBlank()))
                    .findFirst()
                    .ifPresent(e -> service.problems().warning(at, service.pathOf("force_ssl"), "`force_ssl` has no effect on endpoint `"
                            + e.name() + "`: it has no `certificate_arn`, so it serves HTTP only; add a certificate to redirect HTTP to HTTPS"));
        }
    }
}
