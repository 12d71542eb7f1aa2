package io.rambla.status.gitea;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.rambla.status.github.GitHostFactory;
import jakarta.inject.Singleton;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Gitea (or Forgejo) client, when it is the chosen host and a repository and a token are configured. */
@Factory
@Requires(condition = GiteaConfigured.class)
public class GiteaFactory {

    private static final Logger LOG = LoggerFactory.getLogger(GiteaFactory.class);

    @Singleton
    GiteaClient giteaClient(GiteaConfig config) {
        LOG.info("reporting to Gitea repository {} through {}", config.repository(), config.apiUrl());
        return new GiteaClient(URI.create(config.apiUrl()), config.repository(),
                GitHostFactory.token(config.token(), config.tokenFile()), GitHostFactory.timeout());
    }
}
