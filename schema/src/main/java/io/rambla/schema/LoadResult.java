package io.rambla.schema;

import java.util.List;

/**
 * The outcome of reading a repository: the model, every problem found on the way, and where each
 * value of the model was written (so that later stages, such as rendering, can report at file:line).
 */
public record LoadResult(InfraRepository repository, List<Diagnostic> diagnostics, Declarations declarations) {

    public LoadResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public LoadResult(InfraRepository repository, List<Diagnostic> diagnostics) {
        this(repository, diagnostics, new Declarations());
    }

    /** An error at the place {@code value} (a district, endpoint, app environment, service …) was written, else at {@code file}. */
    public Diagnostic errorAt(Object value, String file, String message) {
        return declarations.placeOf(value, file).error(message);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
