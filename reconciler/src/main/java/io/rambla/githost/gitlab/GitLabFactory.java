package io.rambla.githost.gitlab;

import io.rambla.githost.GitHostConfigured;
import io.rambla.githost.RestClient;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The GitLab client, when GitLab is the chosen host and a project and a token are configured. */
@Factory
@Requires(condition = GitLabConfigured.class)
public class GitLabFactory {

    private static final Logger LOG = LoggerFactory.getLogger(GitLabFactory.class);

    @Singleton
    GitLabClient gitLabClient(GitLabConfig config) {
        LOG.info("reporting to GitLab project {} through {}", config.project(), config.apiUrl());
        return new GitLabClient(URI.create(config.apiUrl()), config.project(),
                GitHostConfigured.token(config.token(), config.tokenFile()), RestClient.TIMEOUT);
    }
}
