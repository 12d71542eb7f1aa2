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
        List<Listener> listeners) {

    public enum ServiceType { DEFAULT, WEB }

    public Service {
        listeners = List.copyOf(listeners);
    }
}
