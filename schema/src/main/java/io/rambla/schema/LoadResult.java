package io.rambla.schema;

import java.util.List;

/** The outcome of reading a repository: the model, and every problem found on the way. */
public record LoadResult(InfraRepository repository, List<Diagnostic> diagnostics) {

    public LoadResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
