package io.rambla.bench;

import io.rambla.cli.PluggedCommand;
import java.io.PrintStream;
import java.util.List;

/** Makes {@code rambla bench} known to the command line when this module's jar is on the class path. */
public final class BenchPlugin implements PluggedCommand {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        return new BenchCommand(out, err).run(args);
    }
}
