package io.rambla.githost.gitlab;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.rambla.secret.Secret;
import jakarta.validation.constraints.NotBlank;

/**
 * GitLab as the git host ({@code rambla.gitlab.*}, used when {@code rambla.git-host.kind} is
 * {@code gitlab}): gitlab.com or a self-managed instance.
 *
 * @param apiUrl        base of the REST API: {@code https://HOST/api/v4}
 * @param project       the project's path ({@code group/subgroup/infra}) or its numeric id
 * @param token         a project, group or personal access token with the {@code api} scope; prefer {@code tokenFile}
 * @param tokenFile     a file holding the token (a mounted secret), read at start
 * @param webhookSecret the webhook's secret token, which GitLab sends back in {@code X-Gitlab-Token}
 */
@ConfigurationProperties("rambla.gitlab")
public record GitLabConfig(
        @Bindable(defaultValue = "https://gitlab.com/api/v4") @NotBlank String apiUrl,
        @Nullable String project,
        @Nullable String token,
        @Nullable String tokenFile,
        @Nullable String webhookSecret) {

    /** The secrets are masked: this record ends up in logs and error messages. */
    @Override
    public String toString() {
        return "GitLabConfig[apiUrl=" + apiUrl + ", project=" + project
                + ", token=" + (token == null ? null : Secret.MASK)
                + ", tokenFile=" + tokenFile
                + ", webhookSecret=" + (webhookSecret == null ? null : Secret.MASK) + "]";
    }
}
