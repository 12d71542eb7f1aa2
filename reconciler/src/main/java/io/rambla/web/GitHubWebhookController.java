package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.rambla.config.GitConfig;
import io.rambla.githost.github.GitHubConfig;
import io.rambla.status.github.PullRequestPlanner;
import java.util.Optional;

/**
 * {@code POST /webhooks/github}: GitHub's deliveries, read as raw bytes so the signature is
 * checked on exactly what was signed. Configure the webhook with content type
 * {@code application/json} and the same secret as {@code rambla.github.webhook-secret}.
 */
@Controller("/webhooks/github")
public class GitHubWebhookController {

    /** The body of every answer. */
    @Serdeable
    public record WebhookResult(String result) {}

    private final Webhooks webhooks;

    public GitHubWebhookController(GitHubConfig github, GitConfig git, Optional<SyncTrigger> syncTrigger, PullRequestPlanner planner) {
        this(Webhooks.gitHub(github.webhookSecret(), github.repository(), git.branch(), github.webhookMaxBytes(),
                syncTrigger.orElse(null), planner));
    }

    GitHubWebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    Webhooks webhooks() {
        return webhooks;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<WebhookResult> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return receive(webhooks, request, body);
    }

    /** What every host's controller does: the delivery read from the host's headers, handled, answered. */
    static HttpResponse<WebhookResult> receive(Webhooks webhooks, HttpRequest<?> request, byte[] body) {
        return respond(webhooks.handle(webhooks.read(request.getHeaders()::get, request.getContentLength(), body)));
    }

    static HttpResponse<WebhookResult> respond(Webhooks.Outcome outcome) {
        return HttpResponse.<WebhookResult>status(HttpStatus.valueOf(outcome.status())).body(new WebhookResult(outcome.result()));
    }
}
