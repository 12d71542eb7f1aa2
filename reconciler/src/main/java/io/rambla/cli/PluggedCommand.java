package io.rambla.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A subcommand that lives outside the production jar and is found on the class path at run time
 * ({@code META-INF/services}), such as {@code rambla bench}: the launcher puts the benchmark
 * module's jar next to the daemon's only for that command.
 */
public interface PluggedCommand {

    /** The word after {@code rambla} that runs this command. */
    String name();

    /** Runs the command and returns its exit code. */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;

    static Optional<PluggedCommand> find(String name) {
        return ServiceLoader.load(PluggedCommand.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(command -> command.name().equals(name))
                .findFirst();
    }
}
