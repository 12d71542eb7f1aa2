package io.rambla.githost.gitea;

import io.rambla.githost.GitHostConfigured;
import io.rambla.githost.RestClient;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
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
                GitHostConfigured.token(config.token(), config.tokenFile()), RestClient.TIMEOUT);
    }
}
