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
import io.rambla.githost.github.GitHubConfig;
import io.rambla.status.github.PullRequestPlanner;
import io.rambla.githost.gitlab.GitLabConfig;
import io.rambla.web.GitHubWebhookController.WebhookResult;
import java.util.Optional;

/**
 * {@code POST /webhooks/gitlab}: GitLab's deliveries, when {@code rambla.git-host.kind} is
 * {@code gitlab}. Configure the project's webhook with the secret token of
 * {@code rambla.gitlab.webhook-secret} and the push and merge-request events.
 */
@Controller("/webhooks/gitlab")
@Requires(property = "rambla.git-host.kind", value = "gitlab")
public class GitLabWebhookController {

    private final Webhooks webhooks;

    public GitLabWebhookController(GitLabConfig gitlab, GitHubConfig limits, GitConfig git, Optional<SyncTrigger> syncTrigger,
            PullRequestPlanner planner) {
        this.webhooks = Webhooks.gitLab(gitlab.webhookSecret(), gitlab.project(), git.branch(), limits.webhookMaxBytes(),
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
