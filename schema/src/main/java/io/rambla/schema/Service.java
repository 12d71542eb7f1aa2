package io.rambla.schema;

import java.util.List;

/** A long-running service of an app environment; {@code web} services take traffic from listeners. */
public record Service(
        String name,
        ServiceType serviceType,
        int cpu,
        int memory,
        String command,
        boolean forceSsl,
        int webContainerPort,
        Integer desiredCount,
        AutoScaling autoScaling,
        List<Listener> listeners) {

    /** Target tracking on average CPU, a Rambla extension; null when the service does not scale. */
    public record AutoScaling(int minCount, int maxCount, int targetCpuPercent) {}

    public enum ServiceType { DEFAULT, WEB }

    public Service {
        listeners = List.copyOf(listeners);
    }
}
