package io.rambla.githost.github;

import io.rambla.githost.GitHostConfigured;
import io.rambla.githost.RestClient;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.rambla.secret.Secret;
import jakarta.inject.Singleton;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The GitHub client, only when GitHub is the chosen host and a repository and a token are configured. */
@Factory
@Requires(condition = GitHubConfigured.class)
public class GitHubFactory {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubFactory.class);

    @Singleton
    GitHubClient gitHubClient(GitHubConfig config) {
        LOG.info("reporting to GitHub repository {} through {}", config.repository(), config.apiUrl());
        return new GitHubClient(URI.create(config.apiUrl()), config.repository(), token(config), RestClient.TIMEOUT);
    }

    /** The inline token wins over the file; the condition on this factory guarantees one of them. */
    static Secret token(GitHubConfig config) {
        return GitHostConfigured.token(config.token(), config.tokenFile());
    }
}
