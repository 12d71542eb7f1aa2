package io.rambla.githost;

import java.time.Instant;
import java.util.Optional;

/**
 * A call to the git host that did not succeed. {@link Transient} ones (server errors, rate
 * limits, timeouts) are worth retrying, after {@link Transient#retryAt()} when the host said when;
 * {@link Terminal} ones (refused, not found, invalid) are not. Messages name the method, the path
 * and GitHub's own message, never a credential.
 */
public abstract sealed class GitHubException extends RuntimeException
        permits GitHubException.Transient, GitHubException.Terminal {

    private final int status;

    GitHubException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public abstract boolean retryable();

    public static final class Transient extends GitHubException {
        private final transient Instant retryAt;

        public Transient(String message, int status, Instant retryAt, Throwable cause) {
            super(message, status, cause);
            this.retryAt = retryAt;
        }

        /** When the host said to try again (a rate-limit reset or {@code retry-after}); empty when it did not say. */
        public Optional<Instant> retryAt() {
            return Optional.ofNullable(retryAt);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    public static final class Terminal extends GitHubException {
        public Terminal(String message, int status) {
            super(message, status, null);
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }
}
