package io.rambla.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.rambla.config.GitConfig;
import io.rambla.githost.gitea.GiteaConfig;
import io.rambla.githost.github.GitHubConfig;
import io.rambla.status.github.PullRequestPlanner;
import io.rambla.web.GitHubWebhookController.WebhookResult;
import java.util.Optional;

/**
 * {@code POST /webhooks/gitea}: Gitea's and Forgejo's deliveries, when {@code rambla.git-host.kind}
 * is {@code gitea}. Configure the repository's webhook as a Gitea (or Forgejo) webhook, content type
 * {@code application/json}, with the secret of {@code rambla.gitea.webhook-secret}.
 */
@Controller("/webhooks/gitea")
@Requires(property = "rambla.git-host.kind", value = "gitea")
public class GiteaWebhookController {

    private final Webhooks webhooks;

    public GiteaWebhookController(GiteaConfig gitea, GitHubConfig limits, GitConfig git, Optional<SyncTrigger> syncTrigger,
            PullRequestPlanner planner) {
        this.webhooks = Webhooks.gitea(gitea.webhookSecret(), gitea.repository(), git.branch(), limits.webhookMaxBytes(),
                syncTrigger.orElse(null), planner);
    }

    Webhooks webhooks() {
        return webhooks;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<WebhookResult> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return GitHubWebhookController.receive(webhooks, request, body);
    }
}
