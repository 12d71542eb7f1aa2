package io.rambla.web;

import io.rambla.status.UnitCondition;
import io.rambla.status.UnitStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dependency graph as inline SVG, drawn on the server: one column per depth (districts, then
 * their endpoints, then the apps behind them), units sorted by id within a column, an arrow from
 * each unit to every unit that depends on it, each node coloured by its sync and health and
 * linking to its page. Every id is escaped; no script.
 */
final class GraphSvg {

    static final int NODE_WIDTH = 230;
    static final int NODE_HEIGHT = 30;
    static final int COLUMN_GAP = 70;
    static final int ROW_GAP = 12;
    static final int MAX_LABEL = 32;

    private GraphSvg() {}

    /** Empty when there are no units. */
    static String render(Map<String, List<String>> dependsOn, Map<String, UnitStatus> statuses) {
        if (dependsOn.isEmpty()) {
            return "";
        }
        Map<String, Integer> depth = new HashMap<>();
        for (String id : dependsOn.keySet()) {
            depthOf(id, dependsOn, depth, new HashSet<>());
        }
        Map<Integer, List<String>> columns = new TreeMap<>();
        dependsOn.keySet().stream().sorted().forEach(id -> columns.computeIfAbsent(depth.get(id), k -> new ArrayList<>()).add(id));
        Map<String, int[]> position = new HashMap<>();
        int rows = 0;
        int column = 0;
        for (List<String> ids : columns.values()) {
            for (int row = 0; row < ids.size(); row++) {
                position.put(ids.get(row), new int[] {10 + column * (NODE_WIDTH + COLUMN_GAP), 10 + row * (NODE_HEIGHT + ROW_GAP)});
            }
            rows = Math.max(rows, ids.size());
            column++;
        }
        int width = 20 + column * NODE_WIDTH + (column - 1) * COLUMN_GAP;
        int height = 20 + rows * NODE_HEIGHT + (rows - 1) * ROW_GAP;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"dependency graph\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\">\n<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\">"
                        + "<path d=\"M0,0 L8,4 L0,8 z\" fill=\"#959da5\"/></marker></defs>\n");
        for (var unit : dependsOn.entrySet()) {
            int[] to = position.get(unit.getKey());
            for (String upstream : unit.getValue()) {
                int[] from = position.get(upstream);
                if (from == null) {
                    continue;
                }
                int x1 = from[0] + NODE_WIDTH;
                int y1 = from[1] + NODE_HEIGHT / 2;
                int x2 = to[0];
                int y2 = to[1] + NODE_HEIGHT / 2;
                int bend = (x2 - x1) / 2;
                svg.append("<path class=\"edge\" d=\"M").append(x1).append(',').append(y1).append(" C").append(x1 + bend).append(',').append(y1)
                        .append(' ').append(x2 - bend).append(',').append(y2).append(' ').append(x2).append(',').append(y2)
                        .append("\" fill=\"none\" stroke=\"#959da5\" marker-end=\"url(#arrow)\"/>\n");
            }
        }
        for (String id : dependsOn.keySet().stream().sorted().toList()) {
            int[] at = position.get(id);
            UnitStatus status = statuses.get(id);
            String kind = status == null ? "unknown" : colour(UnitCondition.of(status));
            String label = id.length() > MAX_LABEL ? id.substring(0, MAX_LABEL - 1) + "\u2026" : id;
            String tip = id + (status == null ? "" : ": " + UnitCondition.of(status).sync().text() + ", " + UnitCondition.of(status).health().text());
            svg.append("<a class=\"node ").append(kind).append("\" href=\"/units/").append(Html.escape(Html.pathOf(id))).append("\">")
                    .append("<title>").append(Html.escape(tip)).append("</title>")
                    .append("<rect x=\"").append(at[0]).append("\" y=\"").append(at[1]).append("\" width=\"").append(NODE_WIDTH)
                    .append("\" height=\"").append(NODE_HEIGHT).append("\" rx=\"6\"/>")
                    .append("<text x=\"").append(at[0] + 10).append("\" y=\"").append(at[1] + NODE_HEIGHT / 2 + 5).append("\">")
                    .append(Html.escape(label)).append("</text></a>\n");
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The node's colour class: failures first, then waiting and invalid commits, then progress, then health. */
    static String colour(UnitCondition condition) {
        return switch (condition.health()) {
            case FAILED -> "failed";
            case DEGRADED -> "degraded";
            case PROGRESSING -> "progressing";
            case MISSING -> condition.sync() instanceof UnitCondition.Sync.WaitingOn ? "waiting" : "missing";
            case HEALTHY -> condition.sync() instanceof UnitCondition.Sync.InSync ? "healthy"
                    : condition.sync() instanceof UnitCondition.Sync.Paused ? "paused"
                    : condition.sync() instanceof UnitCondition.Sync.AwaitingApproval ? "awaiting-approval"
                    : condition.sync() instanceof UnitCondition.Sync.WaitingOn ? "waiting"
                    : condition.sync() instanceof UnitCondition.Sync.InvalidCommit ? "invalid"
                    : "out-of-sync";
        };
    }

    /** The longest chain of upstream units; a cycle (which validation rules out) is cut where it closes. */
    private static int depthOf(String id, Map<String, List<String>> dependsOn, Map<String, Integer> depth, Set<String> visiting) {
        Integer known = depth.get(id);
        if (known != null) {
            return known;
        }
        if (!visiting.add(id)) {
            return 0;
        }
        int deepest = 0;
        for (String upstream : dependsOn.getOrDefault(id, List.of())) {
            if (dependsOn.containsKey(upstream)) {
                deepest = Math.max(deepest, depthOf(upstream, dependsOn, depth, visiting) + 1);
            }
        }
        visiting.remove(id);
        depth.put(id, deepest);
        return deepest;
    }

    static final String STYLE = """
            .graph{max-width:100%;height:auto;margin:.5em 0}.graph text{font:12px system-ui,sans-serif;fill:#fff}
            .graph .node rect{stroke:#1b1f23;stroke-opacity:.15}.graph .healthy rect{fill:#22863a}
            .graph .progressing rect{fill:#0366d6}.graph .degraded rect,.graph .invalid rect{fill:#b08800}
            .graph .failed rect{fill:#cb2431}.graph .waiting rect{fill:#6f42c1}.graph .awaiting-approval rect{fill:#e36209}
            .graph .out-of-sync rect{fill:#2f6f9f}.graph .paused rect{fill:#586069}.graph .missing rect,.graph .unknown rect{fill:#6a737d}
            """;
}
