package io.rambla.githost.gitea;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.rambla.secret.Secret;
import jakarta.validation.constraints.NotBlank;

/**
 * Gitea or Forgejo as the git host ({@code rambla.gitea.*}, used when {@code rambla.git-host.kind}
 * is {@code gitea}).
 *
 * @param apiUrl        base of the REST API: {@code https://HOST/api/v1}
 * @param repository    {@code owner/name} of the infrastructure repository
 * @param token         an access token allowed to write the repository and its issues; prefer {@code tokenFile}
 * @param tokenFile     a file holding the token (a mounted secret), read at start
 * @param webhookSecret the webhook's secret, with which Gitea signs each delivery
 */
@ConfigurationProperties("rambla.gitea")
public record GiteaConfig(
        @NotBlank String apiUrl,
        @Nullable String repository,
        @Nullable String token,
        @Nullable String tokenFile,
        @Nullable String webhookSecret) {

    /** The secrets are masked: this record ends up in logs and error messages. */
    @Override
    public String toString() {
        return "GiteaConfig[apiUrl=" + apiUrl + ", repository=" + repository
                + ", token=" + (token == null ? null : Secret.MASK)
                + ", tokenFile=" + tokenFile
                + ", webhookSecret=" + (webhookSecret == null ? null : Secret.MASK) + "]";
    }
}
