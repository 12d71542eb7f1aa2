package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Optional;

/**
 * Refuses a GitLab or Gitea webhook that cannot be valid on its headers alone — too large a
 * Content-Length, no secret configured, a missing (GitLab: a wrong) token or signature, no
 * delivery id — before the body is read. The controllers check the actual size too.
 */
@ServerFilter({"/webhooks/gitlab", "/webhooks/gitea"})
public class HostWebhookHeadersFilter {

    private final Optional<GitLabWebhookController> gitlab;
    private final Optional<GiteaWebhookController> gitea;

    public HostWebhookHeadersFilter(Optional<GitLabWebhookController> gitlab, Optional<GiteaWebhookController> gitea) {
        this.gitlab = gitlab;
        this.gitea = gitea;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> refuseOnHeaders(HttpRequest<?> request) {
        Optional<Webhooks> webhooks = request.getPath().startsWith("/webhooks/gitlab") ? gitlab.map(GitLabWebhookController::webhooks)
                : request.getPath().startsWith("/webhooks/gitea") ? gitea.map(GiteaWebhookController::webhooks) : Optional.empty();
        Webhooks.Outcome outcome = webhooks.map(hooks -> hooks.refuseOnHeaders(request.getContentLength(), request.getHeaders()::get))
                .orElse(null);
        return outcome == null ? null : GitHubWebhookController.respond(outcome);
    }
}
