package io.rambla.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.rambla.secret.Secret;

/**
 * Who may use the daemon's HTTP API ({@code rambla.api.*}). Each token is given inline (an
 * environment variable ECS fills from Secrets Manager) or as a file (a systemd credential); the
 * file wins. {@link ApiTokens} reads them once at start.
 *
 * @param token         the operator token: {@code POST /api/sync} requires it; unset disables the call
 * @param tokenFile     a file holding the operator token
 * @param readToken     when set, the status page, {@code /api/*} and {@code /prometheus} require it
 *                      (or the operator token); unset, they are open to whoever reaches the port
 * @param readTokenFile a file holding the read token
 */
@ConfigurationProperties("rambla.api")
public record ApiConfig(@Nullable String token, @Nullable String tokenFile, @Nullable String readToken, @Nullable String readTokenFile) {

    public boolean hasToken() {
        return present(token) || present(tokenFile);
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** The tokens are masked: this record may end up in logs and error messages. */
    @Override
    public String toString() {
        return "ApiConfig[token=" + (token == null ? null : Secret.MASK) + ", tokenFile=" + tokenFile
                + ", readToken=" + (readToken == null ? null : Secret.MASK) + ", readTokenFile=" + readTokenFile + "]";
    }
}
