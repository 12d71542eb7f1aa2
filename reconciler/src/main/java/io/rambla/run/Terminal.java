package io.rambla.run;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Hands the terminal to a program until it ends: the interactive session of {@code rambla run --interactive}. */
public interface Terminal {

    /**
     * Runs {@code commandLine} with this process's standard input, output and error, and waits for it;
     * ends it early once {@code cancelled} says so.
     *
     * @return its exit status
     * @throws RunException when it cannot be started
     */
    int attach(List<String> commandLine, BooleanSupplier cancelled);

    /** A child process sharing this one's terminal ({@link ProcessBuilder#inheritIO()}), with {@code PATH} set to {@code path}. */
    static Terminal inherited(String path) {
        return (commandLine, cancelled) -> {
            ProcessBuilder builder = new ProcessBuilder(commandLine).inheritIO();
            Map<String, String> environment = builder.environment();
            if (path != null) {
                environment.put("PATH", path);
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new RunException("cannot start " + commandLine.get(0) + ": " + e.getMessage(), e);
            }
            try {
                // A terminal in raw mode sends Ctrl-C to the session, not as a signal; a signal to Rambla
                // alone (kill -INT) cancels the run, and then the session ends here too.
                while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                    if (cancelled.getAsBoolean()) {
                        process.destroy();
                        return process.waitFor();
                    }
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
                throw new RunException("interrupted while the session ran", e);
            }
        };
    }
}
