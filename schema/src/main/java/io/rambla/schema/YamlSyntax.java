package io.rambla.schema;

import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns the YAML parser's syntax errors ("expected <block end>, but found '?'") into what a person
 * can act on: what was expected in plain words, where, and the offending line as written.
 */
final class YamlSyntax {

    /** A syntax error placed at a line and column, with its message. */
    record Located(int line, int column, String message) {}

    private record Hint(String parserSays, String meaning) {}

    private static final List<Hint> HINTS = List.of(
            new Hint("(TAB)' that cannot start any token",
                    "a tab indents this line; YAML is indented with spaces only"),
            new Hint("mapping values are not allowed here",
                    "a `key: value` appears where a plain value was expected; quote a value that contains \": \", "
                            + "or check the indentation of the line above"),
            new Hint("expected <block end>",
                    "this line is indented differently from the block it belongs to; keys of one mapping and items of "
                            + "one list must start in the same column"),
            new Hint("could not find expected ':'",
                    "a key has no `:` after it, or a quote opened on this line is never closed"),
            new Hint("found undefined alias",
                    "`*name` refers to an anchor `&name` that is not defined earlier in the file"),
            new Hint("found unexpected end of stream",
                    "the file ends inside a quoted value or a `[` / `{` that is never closed"),
            new Hint("did not find expected ',' or ']'",
                    "a `[` list is not closed with `]`, or its items are not separated by commas"),
            new Hint("did not find expected ',' or '}'",
                    "a `{` mapping is not closed with `}`, or its entries are not separated by commas"),
            new Hint("did not find expected key",
                    "a line inside a mapping does not start with a key, or it is indented differently from the keys "
                            + "around it"),
            new Hint("did not find expected '-' indicator",
                    "a line inside a list does not start with `- `, or it is indented differently from the items "
                            + "around it"),
            new Hint("found character '@' that cannot start any token",
                    "`@` cannot start a plain value; quote it"),
            new Hint("found character '`' that cannot start any token",
                    "a backquote cannot start a plain value; quote it"));

    private YamlSyntax() {}

    static Located describe(MarkedYAMLException e, String text) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        String parser = (e.getContext() == null ? "" : e.getContext() + " ") + (e.getProblem() == null ? "" : e.getProblem());
        String meaning = HINTS.stream().filter(h -> parser.contains(h.parserSays())).map(Hint::meaning).findFirst()
                .orElse(e.getProblem() == null ? e.getMessage() : e.getProblem());
        String shown = lineOf(text, line);
        return new Located(line, column, "invalid YAML: " + meaning
                + (shown.isBlank() ? "" : "; line " + line + " reads `" + shown + "`"));
    }

    private static String lineOf(String text, int line) {
        String[] lines = text.split("\r?\n", -1);
        if (line < 1 || line > lines.length) {
            return "";
        }
        String shown = lines[line - 1].replace("\t", "\\t").strip();
        // The line is the user's own, but a pull request may place a token there: quote it masked and short.
        return Redaction.excerpt(shown, 120);
    }
}
