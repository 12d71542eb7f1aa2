package io.rambla.web;

import io.rambla.status.SyncListener;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/** The units of the last revision that declared any, each with the units it depends on, for the page's graph. */
@Singleton
public class UnitGraph implements SyncListener {

    private volatile Map<String, List<String>> dependsOn = Map.of();

    @Override
    public void unitsDeclared(String revision, Map<String, List<String>> dependsOn) {
        this.dependsOn = Map.copyOf(dependsOn);
    }

    public Map<String, List<String>> dependsOn() {
        return dependsOn;
    }
}
