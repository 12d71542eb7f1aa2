package io.rambla.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a command written as one string into words the way a POSIX shell would, honouring
 * single quotes, double quotes and backslashes, but without running a shell: no pipes,
 * redirections, {@code &&} or variable expansion. Scheduled tasks use it; a command that
 * needs a shell is written as {@code [sh, -c, "…"]}.
 */
public final class CommandLine {

    private CommandLine() {}

    /** The words, or an explanation of why the string cannot be split. */
    public record Split(List<String> words, Optional<String> error, boolean usesShellSyntax) {}

    public static Split split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean shellSyntax = false;
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    return new Split(List.of(), Optional.of("unterminated single quote"), shellSyntax);
                }
                word.append(command, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < command.length()) {
                    char d = command.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                        word.append(command.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (d == '$' || d == '`') {
                        shellSyntax = true;
                    }
                    word.append(d);
                    i++;
                }
                if (!closed) {
                    return new Split(List.of(), Optional.of("unterminated double quote"), shellSyntax);
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < command.length()) {
                    word.append(command.charAt(i + 1));
                }
                inWord = true;
                i += 2;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                if ("|&;<>$`".indexOf(c) >= 0) {
                    shellSyntax = true;
                }
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return new Split(List.copyOf(words), Optional.empty(), shellSyntax);
    }
}
