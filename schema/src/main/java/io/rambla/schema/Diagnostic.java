package io.rambla.schema;

/**
 * One problem found in a file of the infrastructure repository, located precisely enough
 * for an editor to jump to it.
 *
 * @param file   path relative to the repository root, with forward slashes
 * @param line   1-based line, or 0 when the problem concerns the file as a whole
 * @param column 1-based column, or 0 when unknown
 * @param path   YAML path of the value, such as {@code environments.production.services[0].memory}
 */
public record Diagnostic(Severity severity, String file, int line, int column, String path, String message) {

    public enum Severity { ERROR, WARNING }

    /** Every message and path is cleaned on the way in: no token-shaped text, no control characters, bounded length. */
    public Diagnostic {
        file = Redaction.path(file, Redaction.MAX_MESSAGE);
        path = Redaction.clean(path, Redaction.MAX_PATH);
        message = Redaction.clean(message, Redaction.MAX_MESSAGE);
    }

    public static Diagnostic error(String file, int line, int column, String path, String message) {
        return new Diagnostic(Severity.ERROR, file, line, column, path, message);
    }

    public static Diagnostic warning(String file, int line, int column, String path, String message) {
        return new Diagnostic(Severity.WARNING, file, line, column, path, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The compiler-style form {@code file:line:column: error: message}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + severity.name().toLowerCase() + ": " + message;
    }
}
