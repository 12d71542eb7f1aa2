package io.rambla.schema;

import java.util.List;

/**
 * A service's command, in the two forms barcelona.yml allows. A string runs through a shell as
 * Barcelona ran it ({@code sh -c "exec <command>"}: variables expand, shell syntax works, and
 * {@code exec} lets signals reach the process); a list is exec form, word for word, with no shell.
 */
public sealed interface Command {

    /** The container's {@code Command} in the task definition. */
    List<String> containerCommand();

    /** The command as written, for messages. */
    String text();

    record Shell(String line) implements Command {
        @Override
        public List<String> containerCommand() {
            return List.of("sh", "-c", "exec " + line);
        }

        @Override
        public String text() {
            return line;
        }
    }

    record Exec(List<String> words) implements Command {
        public Exec {
            words = List.copyOf(words);
        }

        @Override
        public List<String> containerCommand() {
            return words;
        }

        @Override
        public String text() {
            return String.join(" ", words);
        }
    }
}
