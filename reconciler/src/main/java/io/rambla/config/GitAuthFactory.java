package io.rambla.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.rambla.source.GitAuth;
import io.rambla.githost.github.GitHubConfig;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The credentials every fetch of the followed repository uses: the sync's and the pull-request review's. */
@Factory
@Requires(property = "rambla.git.url")
public class GitAuthFactory {

    private static final Logger LOG = LoggerFactory.getLogger(GitAuthFactory.class);

    @Singleton
    GitAuth gitAuth(GitConfig git, GitAuthConfig config, GitHubConfig github) {
        GitAuth auth = config.auth(git.url(), github);
        if (auth.token() != null && config.token() == null && config.tokenFile() == null) {
            LOG.info("fetching {} with the token of rambla.github (rambla.git.token is not set)", git.url());
        }
        if (auth.token() != null && git.url().regionMatches(true, 0, "http://", 0, "http://".length())) {
            LOG.warn("rambla.git.token is sent to {} over plain http: anyone on the path can read it; use https", git.url());
        }
        if (auth.sshKeyFile() != null && !auth.strictHostKeyChecking()) {
            LOG.warn("rambla.git.ssh-strict-host-key-checking is false: any server answering for {} is trusted", git.url());
        }
        return auth;
    }
}
