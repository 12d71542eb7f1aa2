package io.rambla.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A notification as a Slack incoming-webhook message in Block Kit: a header, the unit, outcome,
 * revision and stack as fields, the reason in a preformatted block, a button linking to the unit's
 * page, and a plain {@code text} for notifications and screen readers. Text from git or AWS is
 * escaped for mrkdwn (Slack's {@code &}, {@code <}, {@code >}: no mention, link or channel ping can
 * be smuggled in) and kept inside code spans (no formatting either), and every field is cut to
 * Slack's published limits. Pure.
 */
public final class SlackMessage {

    /** Slack's limits (api.slack.com/reference/block-kit): header text, section text, field text, button text, url. */
    static final int HEADER_MAX = 150;
    static final int SECTION_MAX = 3000;
    static final int FIELD_MAX = 2000;
    static final int BUTTON_MAX = 75;
    static final int URL_MAX = 3000;
    /** Slack truncates a message's top-level text past 40,000 characters; we keep it short. */
    static final int TEXT_MAX = 3000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackMessage() {}

    public static String json(Notification n) {
        ObjectNode root = JSON.createObjectNode();
        // Slack reads the top-level text as mrkdwn too: escaped like the rest.
        root.put("text", cut(emoji(n) + " " + escape(n.unitId()) + " " + n.verb() + " at " + Notification.shortRevision(n.revision())
                + (n.reason() == null ? "" : ": " + escape(n.reason())), TEXT_MAX, "…"));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("emoji", false)
                .put("text", cut(title(n), HEADER_MAX, "…"));
        ObjectNode fields = blocks.addObject().put("type", "section");
        ArrayNode list = fields.putArray("fields");
        field(list, "Unit", code(n.unitId(), FIELD_MAX - 20));
        field(list, "Outcome", n.verb());
        field(list, "Revision", code(Notification.shortRevision(n.revision()), 40));
        field(list, "Stack", code(n.stack(), FIELD_MAX - 20));
        if (n.reason() != null && !n.reason().isBlank()) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", "*Reason*\n```" + cut(codeSafe(n.reason()), SECTION_MAX - 20, "…") + "```");
        }
        if (n.link() != null && n.link().length() <= URL_MAX && (n.link().startsWith("https://") || n.link().startsWith("http://"))) {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject().put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", cut("Open in Rambla", BUTTON_MAX, ""));
            button.put("url", n.link());
        }
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "Rambla · " + n.kind() + " · " + n.at());
        return root.toString();
    }

    private static String title(Notification n) {
        return switch (n.event()) {
            case FAILED -> "Failed: " + n.unitId();
            case RECOVERED -> "Recovered: " + n.unitId();
            case APPLIED -> "Applied: " + n.unitId();
            case DRIFT -> "Drift found: " + n.unitId();
            case AWAITING_APPROVAL -> "Awaiting approval: " + n.unitId();
        };
    }

    private static String emoji(Notification n) {
        return switch (n.event()) {
            case FAILED -> ":x:";
            case RECOVERED -> ":white_check_mark:";
            case APPLIED -> ":rocket:";
            case DRIFT -> ":warning:";
            case AWAITING_APPROVAL -> ":raised_hand:";
        };
    }

    private static void field(ArrayNode fields, String name, String mrkdwn) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + name + "*\n" + mrkdwn);
    }

    /** Text in an inline code span: escaped, backticks replaced so it cannot close the span. */
    private static String code(String text, int max) {
        return "`" + cut(codeSafe(text == null ? "" : text), max, "…") + "`";
    }

    /** Slack's own escaping for mrkdwn (the three characters it asks to escape), then no backtick to end a code span. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String codeSafe(String text) {
        return escape(text).replace('`', 'ˋ');
    }

    /** At most {@code max} characters, never cutting an escape ({@code &amp;}) or a surrogate pair in half. */
    static String cut(String text, int max, String ellipsis) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - ellipsis.length();
        int amp = text.lastIndexOf('&', end);
        if (amp >= 0 && amp > end - 5 && text.indexOf(';', amp) >= end) {
            end = amp;
        }
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ellipsis;
    }
}
