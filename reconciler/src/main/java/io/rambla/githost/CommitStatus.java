package io.rambla.githost;

import java.util.Locale;
import java.util.Objects;

/**
 * One commit status as GitHub takes it. The description is cut to GitHub's limit here, once, so
 * that what is sent and what is compared for duplicates are the same text.
 *
 * @param context the label that identifies the status on the commit, such as {@code rambla/district/main}
 */
public record CommitStatus(State state, String targetUrl, String description, String context) {

    /** GitHub refuses descriptions longer than this. */
    public static final int MAX_DESCRIPTION = 140;
    static final String ELLIPSIS = "…";

    public enum State {
        PENDING, SUCCESS, FAILURE, ERROR;

        /** The word the API uses. */
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CommitStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(context, "context");
        description = shorten(description);
    }

    static String shorten(String text) {
        if (text == null) {
            return null;
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        if (oneLine.codePointCount(0, oneLine.length()) <= MAX_DESCRIPTION) {
            return oneLine;
        }
        int end = oneLine.offsetByCodePoints(0, MAX_DESCRIPTION - 1);
        return oneLine.substring(0, end).stripTrailing() + ELLIPSIS;
    }
}
