package io.rambla.notify;

import io.rambla.secret.Secret;

/** Reads a secret by its reference (an SSM parameter path or an SSM / Secrets Manager ARN). */
@FunctionalInterface
public interface SecretLookup {

    /** @throws RuntimeException when it cannot; its message names the reference, never a value */
    Secret read(String reference);

    /** An exception's class and message, for a log line: messages of lookups name references, not values. */
    static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
