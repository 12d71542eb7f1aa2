package io.rambla.status.github;

import io.rambla.githost.GitHost;
import io.rambla.githost.GitHubException;
import java.util.List;

/**
 * The review-app section of a pull request's plan comment: below the plan, after
 * {@link #MARKER}, so the plan comment says in one place what merging would do and where the pull
 * request runs now. {@link PullRequestCommenter} keeps the section when it rewrites the plan;
 * {@link #upsert} rewrites the section and keeps the plan.
 */
public final class ReviewAppsComment {

    /** Starts the section, invisible on GitHub. */
    public static final String MARKER = "<!-- rambla:review-apps -->";

    /** What the section says about one application's review app. */
    public sealed interface Line {
        record Running(String app, String url, String headSha) implements Line {}

        record Failed(String app, String reason) implements Line {}

        record Removed(String app, String reason) implements Line {}
    }

    private ReviewAppsComment() {}

    /** The section for these lines and notes (a cap, a fork, a head that does not validate), starting with the marker. */
    public static String render(List<Line> lines, List<String> notes) {
        StringBuilder md = new StringBuilder(MARKER).append("\n### Review apps\n\n");
        for (Line line : lines) {
            if (line instanceof Line.Running r) {
                md.append("- **").append(PullRequestComment.inline(r.app())).append("**: ")
                        .append(r.url()).append(" (at ").append(PullRequestComment.code(shortSha(r.headSha()))).append(")\n");
            } else if (line instanceof Line.Failed f) {
                md.append("- **").append(PullRequestComment.inline(f.app())).append("**: not deployed: ")
                        .append(PullRequestComment.inline(f.reason())).append('\n');
            } else if (line instanceof Line.Removed r) {
                md.append("- **").append(PullRequestComment.inline(r.app())).append("**: deleted, because ")
                        .append(PullRequestComment.inline(r.reason())).append('\n');
            }
        }
        for (String note : notes) {
            md.append(lines.isEmpty() ? "" : "\n").append(PullRequestComment.inline(note)).append('\n');
        }
        return md.toString();
    }

    /** The review-app section of a comment's body, with the marker; empty when it has none. */
    public static String sectionOf(String body) {
        int at = body == null ? -1 : body.indexOf(MARKER);
        return at < 0 ? "" : body.substring(at);
    }

    /** The body without its review-app section. */
    static String withoutSection(String body) {
        int at = body.indexOf(MARKER);
        return (at < 0 ? body : body.substring(0, at)).stripTrailing();
    }

    /** The plan comment's body with {@code section} in place of the section it had. */
    static String withSection(String body, String section) {
        return withoutSection(body) + "\n\n" + section;
    }

    /**
     * Writes the section into the pull request's plan comment, or posts a plan comment holding only
     * the section when the plan has not been posted yet (the plan then fills it in). Calls the git
     * host directly and may throw {@link GitHubException}.
     */
    public static void upsert(GitHost host, int pullRequest, String section) {
        host.upsertComment(pullRequest, PullRequestComment::isPlanComment, body -> withSection(body, section),
                PullRequestComment.MARKER + "\n_The plan of this pull request is on its way._\n\n" + section);
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
