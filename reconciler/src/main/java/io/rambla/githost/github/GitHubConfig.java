package io.rambla.githost.github;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.rambla.secret.Secret;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * The git host ({@code rambla.github.*}). With {@code repository} and a token (inline or in
 * {@code tokenFile}) the daemon writes commit statuses and pull-request comments; without them it
 * reports only on its own API. Webhooks are accepted only when {@code webhookSecret} is set.
 *
 * @param apiUrl          base of the REST API; {@code https://HOST/api/v3} for GitHub Enterprise Server
 * @param repository      {@code owner/name} of the infrastructure repository
 * @param token           a token allowed to write statuses and comments on it; prefer {@code tokenFile}
 * @param tokenFile       a file holding the token (a mounted secret), read at start
 * @param webhookSecret   the shared secret of the webhook, for {@code X-Hub-Signature-256}
 * @param publicUrl       the daemon's own base URL, linked from every status it writes
 * @param webhookMaxBytes webhook bodies above this size are refused with 413
 */
@ConfigurationProperties("rambla.github")
public record GitHubConfig(
        @Bindable(defaultValue = "https://api.github.com") @NotBlank String apiUrl,
        @Nullable String repository,
        @Nullable String token,
        @Nullable String tokenFile,
        @Nullable String webhookSecret,
        @Bindable(defaultValue = "http://127.0.0.1:8080") @NotBlank String publicUrl,
        @Bindable(defaultValue = "1048576") @Min(1) int webhookMaxBytes) {

    /** The secrets are masked: this record ends up in logs and error messages. */
    @Override
    public String toString() {
        return "GitHubConfig[apiUrl=" + apiUrl + ", repository=" + repository
                + ", token=" + (token == null ? null : Secret.MASK)
                + ", tokenFile=" + tokenFile
                + ", webhookSecret=" + (webhookSecret == null ? null : Secret.MASK)
                + ", publicUrl=" + publicUrl + ", webhookMaxBytes=" + webhookMaxBytes + "]";
    }
}
