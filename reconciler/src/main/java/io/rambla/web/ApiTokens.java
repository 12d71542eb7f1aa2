package io.rambla.web;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.rambla.secret.Secret;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The API's tokens, read once at start from {@link ApiConfig}, and the one place that checks an
 * {@code Authorization} header against them. A token is accepted as {@code Bearer <token>}, or as
 * the password of {@code Basic} authentication (any user name) so a browser can open the status
 * page. Comparisons take the same time whatever the guess; no token is ever logged.
 */
@Singleton
public class ApiTokens {

    /** What a request may do. */
    public enum Access { NONE, READ, OPERATE }

    private final Secret operator;
    private final Secret read;

    public ApiTokens(ApiConfig config) {
        this(secret("rambla.api.token", config.token(), config.tokenFile()),
                secret("rambla.api.read-token", config.readToken(), config.readTokenFile()));
    }

    ApiTokens(@Nullable Secret operator, @Nullable Secret read) {
        this.operator = operator;
        this.read = read;
        if (operator != null && read != null && operator.equals(read)) {
            throw new ConfigurationException("rambla.api.read-token equals rambla.api.token: a reader could then operate the daemon");
        }
    }

    public boolean operatorTokenSet() {
        return operator != null;
    }

    /** Reading needs a token only when a read token is configured. */
    public boolean readingNeedsToken() {
        return read != null;
    }

    /** What the header's token grants: the operator token grants both, the read token reading. */
    public Access access(@Nullable String authorization) {
        Optional<String> given = tokenOf(authorization);
        if (given.isEmpty()) {
            return Access.NONE;
        }
        // Both comparisons always run, so the timing does not tell which token was close.
        boolean isOperator = operator != null & sameSecret(given.get(), operator);
        boolean isReader = read != null & sameSecret(given.get(), read);
        return isOperator ? Access.OPERATE : isReader ? Access.READ : Access.NONE;
    }

    /** The token of a {@code Bearer} or {@code Basic} header; empty for anything else. */
    static Optional<String> tokenOf(@Nullable String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String header = authorization.strip();
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                String token = colon < 0 ? "" : pair.substring(colon + 1);
                return token.isEmpty() ? Optional.empty() : Optional.of(token);
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Compares digests, so neither the length nor the content of the token leaks through timing. */
    static boolean sameSecret(String given, @Nullable Secret expected) {
        if (expected == null) {
            return false;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(given.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha.digest(expected.reveal().getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Secret secret(String property, @Nullable String inline, @Nullable String file) {
        if (ApiConfig.present(file)) {
            try {
                return Secret.fromFile(Path.of(file.strip()));
            } catch (IllegalStateException e) {
                throw new ConfigurationException(property + "-file: " + e.getMessage());
            }
        }
        return ApiConfig.present(inline) ? Secret.of(inline.strip()) : null;
    }
}
