package io.rambla.run;

import java.time.Duration;
import java.util.List;

/**
 * What a one-off run asks for: the command (the one-off container's command override, word by
 * word, run without a shell unless it names one), an optional size and time limit, and whether to
 * follow the task or only start it.
 *
 * @param cpu     the container's CPU units, or null for the task definition's
 * @param memory  the container's memory in MiB, or null for the task definition's
 * @param timeout how long the task may run before it is stopped, or null for no limit
 * @param detach  start the task and return its ARN without following it
 */
public record RunSpec(List<String> command, Integer cpu, Integer memory, Duration timeout, boolean detach) {

    /**
     * At most this many characters over all words. ECS refuses overrides past 8 KiB in all; the
     * bound leaves room for the rest of the request and keeps hostile callers from bloating it.
     */
    public static final int MAX_COMMAND_CHARS = 4096;
    /** At most this many words. */
    public static final int MAX_COMMAND_WORDS = 256;
    /** The largest size ECS runs a task with: 16 vCPU and 120 GiB. */
    public static final int MAX_CPU = 16384;
    public static final int MAX_MEMORY = 122880;

    public RunSpec {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        if (command.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("the command has a null word");
        }
        command = List.copyOf(command);
        if (command.size() > MAX_COMMAND_WORDS) {
            throw new IllegalArgumentException("the command has " + command.size() + " words; at most " + MAX_COMMAND_WORDS);
        }
        int chars = command.stream().mapToInt(String::length).sum();
        if (chars > MAX_COMMAND_CHARS) {
            throw new IllegalArgumentException("the command has " + chars + " characters; at most " + MAX_COMMAND_CHARS);
        }
        if (command.get(0).isBlank()) {
            throw new IllegalArgumentException("the command starts with an empty word");
        }
        if (command.stream().anyMatch(word -> word.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("the command contains a NUL character");
        }
        if (cpu != null && (cpu < 1 || cpu > MAX_CPU)) {
            throw new IllegalArgumentException("cpu is 1 to " + MAX_CPU + " CPU units, not " + cpu);
        }
        if (memory != null && (memory < 6 || memory > MAX_MEMORY)) {
            // Docker's minimum is 6 MiB; ECS refuses less.
            throw new IllegalArgumentException("memory is 6 to " + MAX_MEMORY + " MiB, not " + memory);
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
        }
    }

    /** The command as one line, each word quoted when it needs to be, for messages and the audit log. */
    public String commandLine() {
        return String.join(" ", command.stream().map(RunSpec::quoted).toList());
    }

    private static String quoted(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=@%+,".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
