package io.rambla.status.github;

import io.rambla.githost.GitHost;
import io.rambla.githost.github.GitHubClient;
import io.rambla.plan.PullRequestPlan.Replacement;
import io.rambla.plan.PullRequestPlan.UnitPlan;
import io.rambla.plan.PlanText;
import io.rambla.plan.PullRequestPlan;
import io.rambla.plan.UnitChanges;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan of a pull request as a Markdown comment. Pure: the same plan gives the same text.
 * The comment starts with {@link #MARKER}, invisible on GitHub, by which Rambla finds its own
 * comment again and edits it instead of adding another.
 */
public final class PullRequestComment {

    public static final String MARKER = "<!-- rambla:plan -->";
    static final int MAX_ERRORS_SHOWN = 50;
    /** Room for the resource-by-resource sections of all units together; the rest of the comment is short. */
    static final int DETAILS_BUDGET = 45_000;
    /** The least a unit's section gets: its cut note and summary line. */
    private static final int MIN_DETAILS = 600;

    private PullRequestComment() {}

    public static boolean isPlanComment(String body) {
        return body != null && body.startsWith(MARKER);
    }

    /** For GitHub, whose comments hold up to 65,536 characters. */
    public static String render(PullRequestPlan plan) {
        return render(plan, GitHubClient.COMMENT_LIMIT);
    }

    /** The comment, cut to what the host takes. */
    public static String render(PullRequestPlan plan, GitHost.CommentLimit limit) {
        StringBuilder md = new StringBuilder();
        md.append(MARKER).append('\n');
        md.append("### Rambla plan for ").append(code(shortSha(plan.headSha()))).append("\n\n");
        if (plan.basis() != null) {
            md.append('_').append(plan.basis().replace("_", "\\_")).append("_\n\n");
        }

        if (!plan.valid()) {
            appendValidationErrors(md, plan.validationErrors());
        }

        List<UnitPlan> changing = plan.changing();
        List<String> warnings = changing.stream()
                .flatMap(u -> u.statefulReplacements().stream().map(r -> warning(u, r)))
                .toList();
        for (String warning : warnings) {
            md.append(warning).append('\n');
        }
        if (!warnings.isEmpty()) {
            md.append('\n');
        }

        if (plan.valid() && changing.isEmpty()) {
            md.append("No stack changes: merging this pull request leaves AWS as it is.\n\n");
        }
        if (!changing.isEmpty()) {
            md.append("**").append(plural(changing.size(), "unit")).append(" will change.**\n\n");
        }
        Map<String, UnitChanges> details = new HashMap<>();
        plan.details().forEach(d -> details.putIfAbsent(d.unitId(), d));
        int[] budget = {DETAILS_BUDGET};
        for (UnitPlan unit : changing) {
            appendUnit(md, unit);
            appendDetails(md, details.get(unit.unitId()), budget);
        }

        var planned = changing.stream().map(UnitPlan::unitId).collect(Collectors.toSet());
        List<UnitChanges> deletions = plan.details().stream()
                .filter(d -> d.action() == UnitChanges.StackAction.DELETE && !planned.contains(d.unitId()))
                .toList();
        if (!deletions.isEmpty()) {
            md.append("#### Stacks deleted by pruning (").append(deletions.size()).append(")\n");
            for (UnitChanges deletion : deletions) {
                md.append("- ").append(code(deletion.unitId())).append(": stack ").append(code(deletion.stackName()))
                        .append(" and its ").append(plural(deletion.resources().size(), "resource")).append(" are deleted")
                        .append(deletion.stateLosses().isEmpty() ? "" : ", **" + deletion.stateLosses().size() + " of them stateful**")
                        .append('\n');
            }
            md.append('\n');
            for (UnitChanges deletion : deletions) {
                appendDetails(md, deletion, budget);
            }
        }

        List<UnitPlan> unchanged = plan.unchanging();
        if (!unchanged.isEmpty()) {
            md.append("Unchanged (").append(unchanged.size()).append("): ")
                    .append(unchanged.stream().map(u -> code(u.unitId())).collect(Collectors.joining(", ")))
                    .append("\n\n");
        }
        md.append("<sub>Change sets are created, never executed, for pull requests. ")
                .append("This comment is updated on every push.</sub>\n");
        return cap(md.toString(), limit);
    }

    private static void appendValidationErrors(StringBuilder md, List<String> errors) {
        md.append("> [!CAUTION]\n> **The head commit does not validate, so no plan could be made.** Fix ")
                .append(errors.size() == 1 ? "this problem" : "these " + errors.size() + " problems")
                .append(":\n\n");
        errors.stream().limit(MAX_ERRORS_SHOWN).forEach(e -> md.append("- ").append(inline(e)).append('\n'));
        if (errors.size() > MAX_ERRORS_SHOWN) {
            md.append("- … and ").append(errors.size() - MAX_ERRORS_SHOWN).append(" more\n");
        }
        md.append('\n');
    }

    private static String warning(UnitPlan unit, Replacement replacement) {
        return "> [!WARNING]\n> **⚠️ " + code(replacement.logicalId()) + " (" + replacement.resourceType() + ") in "
                + code(unit.unitId()) + " will be REPLACED: it is deleted and created anew, and what it holds "
                + "(data, logs, its address) is lost unless you keep a copy.**\n";
    }

    private static void appendUnit(StringBuilder md, UnitPlan unit) {
        md.append("#### ").append(code(unit.unitId())).append('\n');
        if (unit.failed()) {
            md.append("❌ No plan for ").append(code(unit.stackName())).append(": ").append(inline(unit.note())).append("\n\n");
            return;
        }
        boolean computed = unit.adds() + unit.modifies() + unit.removes() > 0 || !unit.replacements().isEmpty();
        if (!computed && unit.note() != null) {
            md.append("⏳ ").append(code(unit.stackName())).append(": ").append(inline(unit.note())).append("\n\n");
            return;
        }
        md.append("| stack | add | modify | remove | replace |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        md.append("| ").append(code(unit.stackName())).append(" | ").append(unit.adds()).append(" | ").append(unit.modifies())
                .append(" | ").append(unit.removes()).append(" | ").append(unit.replacements().size()).append(" |\n\n");
        if (!unit.replacements().isEmpty()) {
            md.append("Replaced:\n");
            for (Replacement r : unit.replacements()) {
                md.append("- ").append(code(r.logicalId())).append(" (").append(r.resourceType()).append(')')
                        .append(r.stateful() ? " — **stateful**" : "").append('\n');
            }
            md.append('\n');
        }
        if (unit.note() != null) {
            md.append(inline(unit.note())).append("\n\n");
        }
    }

    /**
     * The unit's resources, each with its property changes ({@link PlanText}), folded away under a
     * summary. In a fenced block longer than any backtick run of the text, so no value renders.
     */
    private static void appendDetails(StringBuilder md, UnitChanges unit, int[] budget) {
        if (unit == null || unit.resources().isEmpty() && unit.parameters().isEmpty()) {
            return;
        }
        md.append("<details><summary>").append(plural(unit.resources().size(), "resource"))
                .append(unit.parameters().isEmpty() ? "" : " and " + plural(unit.parameters().size(), "parameter"))
                .append(" with their property changes</summary>\n\n");
        if (budget[0] < MIN_DETAILS) {
            md.append("Left out to keep this comment under GitHub's limit: run `rambla plan` or see the status page.\n\n</details>\n\n");
            return;
        }
        String text = PlanText.format(List.of(unit), budget[0], false);
        budget[0] -= text.length();
        String fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
        md.append(fence).append("diff\n").append(text).append(fence).append("\n\n</details>\n\n");
    }

    private static int longestBacktickRun(String text) {
        int longest = 0;
        for (int i = 0, run = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** A one-line summary for the {@code rambla/plan} commit status. */
    public static String summary(PullRequestPlan plan) {
        if (!plan.valid()) {
            return "does not validate: " + plural(plan.validationErrors().size(), "error");
        }
        List<UnitPlan> changing = plan.changing();
        if (changing.isEmpty()) {
            return "no changes";
        }
        long replacements = changing.stream().mapToLong(u -> u.replacements().size()).sum();
        long stateful = changing.stream().mapToLong(u -> u.statefulReplacements().size()).sum();
        int failed = plan.failed().size();
        int planned = changing.size() - failed;
        return (planned == 0 ? "" : plural(planned, "unit") + " change"
                + (replacements == 0 ? "" : ", " + plural((int) replacements, "replacement"))
                + (stateful == 0 ? "" : " (" + stateful + " stateful!)") + ", ")
                + (failed == 0 ? "" : failed + " could not be planned, ")
                + plan.unchanging().size() + " unchanged";
    }

    static final String CUT_NOTE = "\n\n… (cut: the plan is longer than a comment can hold)\n";

    /** Cuts at a code-point boundary so that text, note included, fits both of the limit's measures. */
    static String cap(String text, GitHost.CommentLimit limit) {
        if (text.length() <= limit.chars() && utf8Length(text) <= limit.utf8Bytes()) {
            return text;
        }
        int byteRoom = limit.utf8Bytes() - utf8Length(CUT_NOTE);
        int end = Math.min(text.length(), limit.chars() - CUT_NOTE.length());
        for (int excess = utf8Length(text.substring(0, end)) - byteRoom; excess > 0; excess = utf8Length(text.substring(0, end)) - byteRoom) {
            // A code unit is at most 3 bytes: dropping a third of the excess never drops too much.
            end -= Math.max(1, excess / 3);
        }
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + CUT_NOTE;
    }

    private static int utf8Length(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** Inline code that survives backticks inside the text: the fence is longer than any run of them. */
    static String code(String text) {
        String line = text.replace("\r", " ").replace("\n", " ");
        int longest = 0;
        for (int i = 0, run = 0; i < line.length(); i++) {
            run = line.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
        return fence + pad + line + pad + fence;
    }

    /**
     * A message on one line, shown as the text it is. Code spans (`…`, as Rambla's messages quote
     * keys and values) are kept: nothing in them is rendered. Outside them HTML is neutralised so
     * it cannot hide text or fake the marker, Markdown syntax (links, images, emphasis, tables) is
     * escaped, and mentions, issue references and bare URLs are broken with an invisible space, so
     * a value written in YAML cannot ping people, link elsewhere or load an image.
     */
    static String inline(String text) {
        String line = text.replace("\r", " ").replace("\n", " ");
        // Single backticks pair up left to right; with an odd count or a longer run, none is taken as code.
        long ticks = line.chars().filter(c -> c == '`').count();
        boolean spans = ticks % 2 == 0 && !line.contains("``");
        StringBuilder out = new StringBuilder(line.length() + 16);
        boolean inCode = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '`' && spans) {
                inCode = !inCode;
                out.append(c);
            } else if (inCode) {
                out.append(c);
            } else {
                switch (c) {
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '&' -> out.append("&amp;");
                    case '\\', '`', '*', '_', '[', ']', '(', ')', '!', '|', '~' -> out.append('\\').append(c);
                    case '@', '#' -> out.append(c).append(ZERO_WIDTH_SPACE);
                    case ':' -> out.append(line.startsWith("//", i + 1) ? ":" + ZERO_WIDTH_SPACE : ":");
                    default -> out.append(c);
                }
            }
        }
        return out.toString();
    }

    private static final char ZERO_WIDTH_SPACE = '\u200B';

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
