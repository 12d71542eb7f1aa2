package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Refuses a webhook that cannot be valid on its headers alone — too large a Content-Length, no
 * secret configured, no signature, no delivery id — before the body is read. The answer closes
 * the connection ({@link RequestLimits}), so the body is never received. The controller checks the
 * actual size too, for bodies sent without a length.
 */
@ServerFilter("/webhooks/github")
public class WebhookHeadersFilter {

    private final GitHubWebhookController controller;

    public WebhookHeadersFilter(GitHubWebhookController controller) {
        this.controller = controller;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> refuseOnHeaders(HttpRequest<?> request) {
        var outcome = controller.webhooks().refuseOnHeaders(request.getContentLength(),
                request.getHeaders().get("X-Hub-Signature-256"), request.getHeaders().get("X-GitHub-Delivery"));
        return outcome == null ? null : GitHubWebhookController.respond(outcome);
    }
}
