package io.rambla.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line written as one string in barcelona.yml into the argument list ECS
 * expects, the way a POSIX shell splits words: whitespace separates, single quotes keep
 * everything, double quotes keep all but backslash escapes, a backslash escapes one character.
 * Nothing is expanded: commands that need a shell say so ({@code sh -c '...'}).
 */
final class Commands {

    private Commands() {}

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        if (line == null) {
            return words;
        }
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in command `" + line + "`");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
