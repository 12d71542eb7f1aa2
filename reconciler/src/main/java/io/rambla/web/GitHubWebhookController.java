package io.rambla.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.rambla.config.GitConfig;
import io.rambla.status.github.GitHubConfig;
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

    private final GitHubWebhooks webhooks;

    public GitHubWebhookController(GitHubConfig github, GitConfig git, Optional<SyncTrigger> syncTrigger, PullRequestPlanner planner) {
        this(new GitHubWebhooks(github.webhookSecret(), github.repository(), git.branch(), github.webhookMaxBytes(),
                syncTrigger.orElse(null), planner));
    }

    public GitHubWebhookController(GitHubWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    GitHubWebhooks webhooks() {
        return webhooks;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<WebhookResult> receive(
            HttpRequest<?> request,
            @Nullable @Header("X-GitHub-Event") String event,
            @Nullable @Header("X-GitHub-Delivery") String delivery,
            @Nullable @Header("X-Hub-Signature-256") String signature,
            @Nullable @Body byte[] body) {
        var outcome = webhooks.handle(new GitHubWebhooks.Delivery(event, delivery, signature, request.getContentLength(), body));
        return respond(outcome);
    }

    static HttpResponse<WebhookResult> respond(GitHubWebhooks.Outcome outcome) {
        return HttpResponse.<WebhookResult>status(HttpStatus.valueOf(outcome.status())).body(new WebhookResult(outcome.result()));
    }
}
