package io.rambla.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes plans the way {@code terraform plan} does: a tree per unit, one line per resource with a
 * mark ({@code +} add, {@code ~} change in place, {@code ±} replace, {@code -} remove, {@code <}
 * import), its property changes under it as {@code before -> after}, then one summary line. Pure:
 * the caller says whether to colour (a terminal) and how long the text may be (a pull-request
 * comment); past that length the text stops at a whole line and says what it left out.
 */
public final class PlanText {

    /** No limit. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private static final String RESET = "\u001b[0m";
    private static final int RESERVE = 400;

    private PlanText() {}

    /** The plan, ending with its summary line. */
    public static String format(List<UnitChanges> units, int limit, boolean colour) {
        String summary = summary(units);
        List<String> lines = new ArrayList<>();
        for (UnitChanges unit : units) {
            lines.add(heading(unit));
            for (ResourcePlan r : unit.resources()) {
                lines.add(paint(r.mark(), colour) + " " + r.resourceType() + " " + r.logicalId() + describe(r));
                for (ValueChange c : r.changes()) {
                    lines.add("      " + change(c));
                }
            }
            for (ValueChange p : unit.parameters()) {
                lines.add(paint(p.before() == null ? "+" : p.after() == null ? "-" : "~", colour) + " parameter " + change(p));
            }
            lines.add("");
        }
        StringBuilder out = new StringBuilder();
        int budget = limit == UNLIMITED ? UNLIMITED : Math.max(0, limit - summary.length() - RESERVE);
        int shown = 0;
        for (String line : lines) {
            if (out.length() + line.length() + 1 > budget) {
                break;
            }
            out.append(indent(line)).append('\n');
            shown++;
        }
        if (shown < lines.size()) {
            long hiddenResources = hiddenResources(units, shown);
            out.append("… the plan is cut here to stay under ").append(limit).append(" characters: ")
                    .append(hiddenResources).append(" more resource change(s) not shown; the full plan is on the status page.\n\n");
        }
        out.append(summary).append('\n');
        return out.toString();
    }

    /** "Plan: N to add, N to change, N to replace, N to remove." */
    public static String summary(List<UnitChanges> units) {
        long add = 0;
        long change = 0;
        long replace = 0;
        long remove = 0;
        for (UnitChanges u : units) {
            add += u.count(ResourcePlan.Action.ADD) + u.count(ResourcePlan.Action.IMPORT);
            change += u.count(ResourcePlan.Action.MODIFY);
            replace += u.replacements();
            remove += u.count(ResourcePlan.Action.REMOVE);
        }
        return "Plan: " + add + " to add, " + change + " to change, " + replace + " to replace, " + remove + " to remove.";
    }

    /** One resource's line after its mark, type and id: how it is replaced, and why. */
    static String describe(ResourcePlan r) {
        StringBuilder s = new StringBuilder();
        if (r.replaces()) {
            s.append(r.replacement() == ResourcePlan.Replacement.TRUE ? "  (replaced" : "  (may be replaced");
            if (!r.replacementCauses().isEmpty()) {
                s.append(", caused by ").append(String.join(", ", r.replacementCauses()));
            }
            s.append(')');
        }
        if (r.losesState()) {
            s.append("  !! stateful: its data or address is lost");
        }
        return s.toString();
    }

    static String change(ValueChange c) {
        if (c.before() == null) {
            return c.path() + ": " + quote(c.after());
        }
        if (c.after() == null) {
            return c.path() + ": " + quote(c.before()) + " -> (removed)";
        }
        return c.path() + ": " + quote(c.before()) + " -> " + quote(c.after());
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + '"';
    }

    private static String heading(UnitChanges unit) {
        String action = switch (unit.action()) {
            case CREATE -> "create";
            case UPDATE -> "update";
            case DELETE -> "delete";
            case NONE -> "no changes";
            case AFTER_UPSTREAM -> "changes after its upstream units are applied";
            case FAILED -> "no plan";
        };
        return "# " + unit.unitId() + " (stack " + unit.stackName() + "): " + action
                + (unit.note() == null || unit.note().isBlank() ? "" : " — " + unit.note().replace('\n', ' '));
    }

    private static String indent(String line) {
        return line.isEmpty() || line.startsWith("# ") || line.startsWith("      ") ? line : "  " + line;
    }

    private static String paint(String mark, boolean colour) {
        if (!colour) {
            return mark;
        }
        String code = switch (mark) {
            case "+" -> "\u001b[32m";
            case "-" -> "\u001b[31m";
            case "±" -> "\u001b[35m";
            default -> "\u001b[33m";
        };
        return code + mark + RESET;
    }

    /** Resource lines past the first {@code shownLines} lines. */
    private static long hiddenResources(List<UnitChanges> units, int shownLines) {
        int line = 0;
        long hidden = 0;
        for (UnitChanges unit : units) {
            line++;
            for (ResourcePlan r : unit.resources()) {
                if (line >= shownLines) {
                    hidden++;
                }
                line += 1 + r.changes().size();
            }
            line += unit.parameters().size() + 1;
        }
        return hidden;
    }
}
