package io.rambla.schema;

import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the diagnostics of one file, located at the node they concern. */
final class Problems {

    private final String file;
    private final List<Diagnostic> sink;
    private int errors;

    Problems(String file, List<Diagnostic> sink) {
        this.file = file;
        this.sink = sink;
    }

    String file() {
        return file;
    }

    void error(Node at, String path, String message) {
        errors++;
        sink.add(Diagnostic.error(file, line(at), column(at), path, message));
    }

    void warning(Node at, String path, String message) {
        sink.add(Diagnostic.warning(file, line(at), column(at), path, message));
    }

    void error(int line, int column, String path, String message) {
        errors++;
        sink.add(Diagnostic.error(file, line, column, path, message));
    }

    /** A problem with the file as a whole (too big, unreadable): line and column 0. */
    void fileError(String message) {
        error(0, 0, "", message);
    }

    boolean hasErrors() {
        return errors > 0;
    }

    int errorCount() {
        return errors;
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static int column(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getColumn() + 1;
    }
}
