package io.rambla.run;

/**
 * A one-off run could not go on, for a reason to show as it is: an unknown app or environment, a
 * missing stack, or an AWS call refused. Adapters convert SDK errors into it.
 */
public final class RunException extends RuntimeException {

    public RunException(String message) {
        super(message);
    }

    public RunException(String message, Throwable cause) {
        super(message, cause);
    }
}
