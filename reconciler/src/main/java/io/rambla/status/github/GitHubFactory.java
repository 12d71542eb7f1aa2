package io.rambla.status.github;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.rambla.secret.Secret;
import io.rambla.supervise.Workers;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The GitHub client and its write queue, only when a repository and a token are configured. */
@Factory
@Requires(condition = GitHubConfigured.class)
public class GitHubFactory {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubFactory.class);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    static final int QUEUE_CAPACITY = 1_000;

    @Singleton
    GitHubClient gitHubClient(GitHubConfig config) {
        LOG.info("reporting to GitHub repository {} through {}", config.repository(), config.apiUrl());
        return new GitHubClient(URI.create(config.apiUrl()), config.repository(), token(config), TIMEOUT);
    }

    @Singleton
    @Bean(preDestroy = "close")
    GitHubOutbox gitHubOutbox(GitHubClient client, Workers workers) {
        return new GitHubOutbox(client, RetryPolicy.standard(), QUEUE_CAPACITY, SHUTDOWN_GRACE, workers);
    }

    /** The inline token wins over the file; the condition on this factory guarantees one of them. */
    static Secret token(GitHubConfig config) {
        if (config.token() != null && !config.token().isBlank()) {
            return Secret.of(config.token().strip());
        }
        return Secret.fromFile(Path.of(config.tokenFile()));
    }
}
