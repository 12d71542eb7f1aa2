package io.rambla.status.github;

import io.rambla.githost.GitHost;
import io.rambla.githost.GitHostConfigured;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.rambla.supervise.Workers;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The write queue to whichever git host is chosen; each host's own factory makes its {@link GitHost}. */
@Factory
@Requires(condition = GitHostConfigured.class)
public class GitHostFactory {

    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    static final int QUEUE_CAPACITY = 1_000;
    static final Set<String> KINDS = Set.of("github", "gitlab", "gitea");

    /** Made at start ({@code @Context}), so a wrong kind stops the daemon there rather than at the first sync. */
    @Context
    @Bean(preDestroy = "close")
    GitHubOutbox gitHubOutbox(@Value("${" + GitHostConfigured.KIND + ":github}") String kind, Optional<GitHost> host, Workers workers) {
        String chosen = kind.strip();
        if (!KINDS.contains(chosen)) {
            throw new ConfigurationException(GitHostConfigured.KIND + " must be github, gitlab or gitea, not " + kind);
        }
        return new GitHubOutbox(host.orElseThrow(() -> new ConfigurationException("no " + chosen + " client: is it configured?")),
                RetryPolicy.standard(), QUEUE_CAPACITY, SHUTDOWN_GRACE, workers);
    }
}
