package io.rambla.source;

/** The repository could not be read (unreachable, unknown branch, bad credentials). */
public class SourceException extends Exception {

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
