package io.rambla.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.status.UnitCondition;
import io.rambla.status.UnitState;
import io.rambla.status.UnitStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class GraphSvgTest {

    private static final String REV = "4f2c9e1a7b3d5c8e0f1a2b3c4d5e6f708192a3b4";

    private static UnitStatus status(String id, UnitState state, String applied, String message) {
        return new UnitStatus(id, id.substring(0, id.indexOf('/')), "rambla-x", state, REV, applied, message, Instant.EPOCH);
    }

    private static Map<String, List<String>> example() {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        deps.put("district/main", List.of());
        deps.put("endpoint/main/public", List.of("district/main"));
        deps.put("app/shop/production", List.of("district/main", "endpoint/main/public"));
        deps.put("app/worker/production", List.of("district/main"));
        return deps;
    }

    /** The x of each unit's box, by its link. */
    private static Map<String, Integer> columns(String svg) {
        Map<String, Integer> x = new LinkedHashMap<>();
        Matcher m = Pattern.compile("href=\"/units/([^\"]+)\"><title>[^<]*</title><rect x=\"(\\d+)\"").matcher(svg);
        while (m.find()) {
            x.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return x;
    }

    @Test
    void districtsThenEndpointsThenAppsEachALinkColouredByItsCondition() throws Exception {
        var statuses = Map.of(
                "district/main", status("district/main", UnitState.APPLIED, REV, "up to date"),
                "endpoint/main/public", status("endpoint/main/public", UnitState.FAILED, REV, "UPDATE_ROLLBACK_COMPLETE"),
                "app/shop/production", status("app/shop/production", UnitState.BLOCKED, null,
                        UnitCondition.blockedMessage(List.of("endpoint/main/public"))));

        String svg = GraphSvg.render(example(), statuses);

        var x = columns(svg);
        assertThat(x.get("district/main")).isLessThan(x.get("endpoint/main/public"));
        assertThat(x.get("endpoint/main/public")).isLessThan(x.get("app/shop/production"));
        assertThat(x.get("app/worker/production")).isEqualTo(x.get("endpoint/main/public"));
        assertThat(svg).contains("<a class=\"node healthy\" href=\"/units/district/main\">",
                "<a class=\"node degraded\" href=\"/units/endpoint/main/public\">",
                "<a class=\"node waiting\" href=\"/units/app/shop/production\">",
                "<a class=\"node unknown\" href=\"/units/app/worker/production\">");
        assertThat(svg.split("class=\"edge\"", -1)).hasSize(1 + 4);
        // Well-formed XML, so a browser draws it.
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.ByteArrayInputStream(svg.getBytes()));
    }

    @Test
    void hostileIdsAreEscapedAndLongOnesShortened() throws Exception {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        String hostile = "app/<script>alert(1)</script>\"&/production-with-a-name-far-too-long-for-a-box";
        deps.put("district/main", List.of());
        deps.put(hostile, List.of("district/main", "district/gone"));

        String svg = GraphSvg.render(deps, Map.of());

        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;", "\u2026");
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aCycleDoesNotHangAndNoUnitsDrawNothing() {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        deps.put("app/a/x", List.of("app/b/x"));
        deps.put("app/b/x", List.of("app/a/x"));

        assertThat(GraphSvg.render(deps, Map.of())).contains("/units/app/a/x", "/units/app/b/x");
        assertThat(GraphSvg.render(Map.of(), Map.of())).isEmpty();
    }
}
