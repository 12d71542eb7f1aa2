package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Refuses an oversized webhook on its Content-Length, before the body is read. The controller
 * checks the actual size too, for bodies sent without a length.
 */
@ServerFilter("/webhooks/github")
public class WebhookSizeFilter {

    private final GitHubWebhookController controller;

    public WebhookSizeFilter(GitHubWebhookController controller) {
        this.controller = controller;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> refuseOversized(HttpRequest<?> request) {
        var outcome = controller.webhooks().tooLarge(request.getContentLength());
        return outcome == null ? null : GitHubWebhookController.respond(outcome);
    }
}
