package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Refuses a webhook that cannot be valid on its headers alone — too large a Content-Length, no
 * secret configured, no signature, no delivery id — before the body is read. Over HTTP/1.1
 * {@link RequestLimits} makes the same check earlier, on the event loop; this filter covers any
 * request that reaches routing without passing it. The answer closes the connection, so the body
 * is never received. The controller checks the actual size too, for bodies sent without a length.
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
        var outcome = controller.webhooks().refuseOnHeaders(request.getContentLength(), request.getHeaders()::get);
        return outcome == null ? null : GitHubWebhookController.respond(outcome);
    }
}
