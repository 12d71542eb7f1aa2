package io.rambla.render;

/**
 * Stack names are derived from unit ids alone, so they never change while the unit exists and
 * anyone can find a unit's stack in the console: {@code rambla-district-main},
 * {@code rambla-endpoint-main-public}, {@code rambla-app-shop-production}.
 */
public final class StackNames {

    public static final String DEFAULT_PREFIX = "rambla";

    private StackNames() {}

    public static String of(Unit unit) {
        return of(DEFAULT_PREFIX, unit);
    }

    public static String of(String prefix, Unit unit) {
        return prefix + "-" + unit.id().replace('/', '-');
    }
}
