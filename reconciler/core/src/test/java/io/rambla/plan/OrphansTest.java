package io.rambla.plan;

import io.rambla.render.StackTags;
import static org.assertj.core.api.Assertions.assertThat;

import io.rambla.plan.Orphans.Action;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrphansTest {

    private static LiveStack stack(String name, String unit, String district) {
        return new LiveStack(name, "arn:" + name, "CREATE_COMPLETE", null,
                Map.of(StackTags.MANAGED_BY, "rambla", StackTags.UNIT, unit, StackTags.DISTRICT, district), Map.of());
    }

    private final LiveStack district = stack("rambla-district-main", "district/main", "main");
    private final LiveStack endpoint = stack("rambla-endpoint-main-public", "endpoint/main/public", "main");
    private final LiveStack shop = stack("rambla-app-shop-production", "app/shop/production", "main");
    private final LiveStack blog = stack("rambla-app-blog-production", "app/blog/production", "main");

    @Test
    void unitsStillDeclaredAreNotOrphans() {
        var all = Set.of("district/main", "endpoint/main/public", "app/shop/production", "app/blog/production");
        assertThat(Orphans.decide(all, List.of(district, endpoint, shop, blog), "rambla", true)).isEmpty();
    }

    @Test
    void withoutPruningARemovedAppIsOnlyReported() {
        var orphans = Orphans.decide(Set.of("district/main", "endpoint/main/public", "app/shop/production"),
                List.of(district, endpoint, shop, blog), "rambla", false);
        assertThat(orphans).singleElement().satisfies(o -> {
            assertThat(o.unitId()).isEqualTo("app/blog/production");
            assertThat(o.action()).isEqualTo(Action.REPORT);
            assertThat(o.reason()).contains("pruning is off");
        });
    }

    @Test
    void withPruningEverythingRemovedIsDeletedAppsFirstAndTheDistrictLast() {
        var orphans = Orphans.decide(Set.of(), List.of(district, endpoint, shop, blog), "rambla", true);
        assertThat(orphans).extracting(Orphans.Orphan::unitId)
                .containsExactly("app/blog/production", "app/shop/production", "endpoint/main/public", "district/main");
        assertThat(orphans).extracting(Orphans.Orphan::action).containsOnly(Action.DELETE);
    }

    @Test
    void aDistrictThatStillCarriesDeclaredUnitsIsNeverDeleted() {
        var orphans = Orphans.decide(Set.of("app/shop/production"), List.of(district, shop), "rambla", true);
        assertThat(orphans).singleElement().satisfies(o -> {
            assertThat(o.action()).isEqualTo(Action.KEEP_DISTRICT_IN_USE);
            assertThat(o.reason()).contains("rambla-app-shop-production");
        });
    }

    @Test
    void stacksOfOtherToolsOrOtherPrefixesAreLeftAlone() {
        var foreign = new LiveStack("rambla-hand-made", "arn:x", "CREATE_COMPLETE", null, Map.of(), Map.of());
        var otherPrefix = stack("acme-app-shop-production", "app/shop/production", "main");
        assertThat(Orphans.decide(Set.of(), List.of(foreign, otherPrefix), "rambla", true)).isEmpty();
    }
}
