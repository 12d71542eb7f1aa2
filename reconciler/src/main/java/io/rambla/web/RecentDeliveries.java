package io.rambla.web;

import java.util.LinkedHashSet;
import java.util.Set;

/** The last delivery ids seen, to answer a redelivery without acting on it twice. Thread-safe. */
final class RecentDeliveries {

    static final int REMEMBERED = 1_000;
    private final Set<String> seen = new LinkedHashSet<>();

    /** True the first time an id is seen; the oldest of more than {@value #REMEMBERED} ids is forgotten. */
    boolean firstTime(String deliveryId) {
        synchronized (seen) {
            if (!seen.add(deliveryId)) {
                return false;
            }
            if (seen.size() > REMEMBERED) {
                var oldest = seen.iterator();
                oldest.next();
                oldest.remove();
            }
            return true;
        }
    }
}
