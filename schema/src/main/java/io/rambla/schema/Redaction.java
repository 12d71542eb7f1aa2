package io.rambla.schema;

import java.util.regex.Pattern;

/**
 * Makes a message safe to print, log or post on a pull request: anything shaped like a token or
 * key is masked, control characters become spaces, and the text is cut to a bounded length. Every
 * {@link Diagnostic} goes through here, so a file that holds a secret cannot have it echoed back
 * through an error about its content.
 */
public final class Redaction {

    public static final String MASK = "***";
    /** The longest message a diagnostic keeps. */
    public static final int MAX_MESSAGE = 400;
    /** The longest YAML path a diagnostic keeps. */
    public static final int MAX_PATH = 160;

    private static final Pattern TOKEN = Pattern.compile(String.join("|",
            "gh[opsuhr]_[A-Za-z0-9]{16,}",              // GitHub tokens
            "github_pat_[A-Za-z0-9_]{16,}",             // GitHub fine-grained tokens
            "glpat-[A-Za-z0-9_-]{16,}",                 // GitLab personal tokens
            "xox[abprs]-[A-Za-z0-9-]{10,}",             // Slack tokens
            "(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}", // AWS access key ids
            "-----BEGIN[ A-Z]*PRIVATE KEY-----",        // PEM keys
            // long hex with digits and letters (a run of one letter is a name, not a key)
            "(?<![A-Za-z0-9])(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{32,}(?![A-Za-z0-9])",
            // long base64-looking runs with digits and both cases (a path or a name has dots or lacks one of them)
            "(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*[0-9])(?=[A-Za-z0-9+/_-]*[A-Z])(?=[A-Za-z0-9+/_-]*[a-z])"
                    + "[A-Za-z0-9+/_-]{32,}={0,2}"));

    private Redaction() {}

    /** {@code text} with token-shaped parts masked, on one line, at most {@code max} characters. */
    public static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        // Cut before masking so a huge text costs little, with room for a token cut at the edge to stay whole.
        String cut = text.length() > 2 * max ? text.substring(0, 2 * max) : text;
        String masked = TOKEN.matcher(cut).replaceAll(MASK);
        boolean longer = masked.length() > max || cut.length() < text.length();
        int keep = longer ? Math.min(max - 1, masked.length()) : masked.length();
        StringBuilder out = new StringBuilder(keep + 1);
        for (int i = 0; i < keep; i++) {
            char c = masked.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (longer) {
            out.append('…');
        }
        return out.toString();
    }

    /** A repository path: cut to {@code max} and kept on one line, never masked (it names a file the author chose, not content). */
    public static String path(String text, int max) {
        if (text == null) {
            return null;
        }
        String line = text.replaceAll("\\p{Cntrl}", " ");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    /** A short excerpt of a value the user wrote, for quoting in a message: masked and cut to {@code max}. */
    public static String excerpt(String value, int max) {
        return clean(value, max);
    }
}
