package io.rambla.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a {@code rambla} command in this JVM, for tests outside this package. */
public final class CliRunner {

    public record Run(int exitCode, String out) {}

    private CliRunner() {}

    /** The exit code and everything the command printed, standard output and error together. */
    public static Run run(String... args) throws Exception {
        var bytes = new ByteArrayOutputStream();
        var sink = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = Main.run(args, sink, sink);
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }
}
