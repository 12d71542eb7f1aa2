package io.rambla.cli;

import io.rambla.run.Durations;
import io.rambla.run.RunSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code rambla run}'s arguments: options, then APP and ENV, then the command. Everything from the
 * command's first word on (or after {@code --}) belongs to the command, verbatim, so the command's
 * own options never reach Rambla.
 */
record RunArguments(String app, String environment, RunSpec spec, Path directory, String endpoint, boolean help,
                    boolean interactive) {

    private static final Set<String> WITH_VALUE = Set.of("cpu", "memory", "timeout", "dir", "endpoint");

    static RunArguments parse(List<String> args) {
        List<String> positional = new ArrayList<>();
        List<String> command = new ArrayList<>();
        Integer cpu = null;
        Integer memory = null;
        java.time.Duration timeout = null;
        String directory = ".";
        String endpoint = null;
        boolean detach = false;
        boolean interactive = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (positional.size() == 2 && !arg.startsWith("-")) {
                command.addAll(args.subList(i, args.size()));
                break;
            }
            if (arg.equals("--")) {
                if (positional.size() != 2) {
                    throw new IllegalArgumentException("APP and ENV come before --");
                }
                command.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                return new RunArguments(null, null, null, null, null, true, false);
            }
            if (arg.equals("--detach") || arg.equals("-d")) {
                detach = true;
                continue;
            }
            if (arg.equals("--interactive") || arg.equals("-i")) {
                interactive = true;
                continue;
            }
            if (!arg.startsWith("-")) {
                positional.add(arg);
                continue;
            }
            String name = arg.startsWith("--") ? arg.substring(2) : arg;
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!WITH_VALUE.contains(name)) {
                throw new IllegalArgumentException("unknown option " + arg
                        + (positional.size() == 2 ? "; to pass it to the command, put the command after --" : ""));
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("option --" + name + " needs a value");
                }
                value = args.get(++i);
            }
            switch (name) {
                case "cpu" -> cpu = number("--cpu", value);
                case "memory" -> memory = number("--memory", value);
                case "timeout" -> timeout = Durations.parse(value);
                case "dir" -> directory = value;
                default -> endpoint = value;
            }
        }
        if (positional.size() < 2) {
            throw new IllegalArgumentException("expected APP ENV COMMAND...");
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run after " + positional.get(0) + " " + positional.get(1));
        }
        if (interactive && detach) {
            throw new IllegalArgumentException("--interactive and --detach exclude each other: a session needs the terminal");
        }
        return new RunArguments(positional.get(0), positional.get(1), new RunSpec(command, cpu, memory, timeout, detach),
                Path.of(directory), endpoint, false, interactive);
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not `" + value + "`");
        }
    }
}
