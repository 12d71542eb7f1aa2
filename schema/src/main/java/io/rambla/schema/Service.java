package io.rambla.schema;

import java.util.List;

/**
 * A long-running service of an app environment; {@code web} services take traffic from listeners.
 *
 * @param cpu         container CPU units, null for no reservation (Barcelona's default)
 * @param command     null for the image's own command
 * @param fargateSpot on a Fargate district, run on Fargate Spot capacity (a Rambla extension)
 */
public record Service(
        String name,
        ServiceType serviceType,
        Integer cpu,
        int memory,
        Command command,
        boolean forceSsl,
        int webContainerPort,
        Integer desiredCount,
        AutoScaling autoScaling,
        List<Listener> listeners,
        boolean fargateSpot) {

    /** Target tracking on average CPU, a Rambla extension; null when the service does not scale. */
    public record AutoScaling(int minCount, int maxCount, int targetCpuPercent) {}

    public enum ServiceType { DEFAULT, WEB }

    public Service {
        listeners = List.copyOf(listeners);
    }

    public Service(String name, ServiceType serviceType, Integer cpu, int memory, Command command, boolean forceSsl,
                   int webContainerPort, Integer desiredCount, AutoScaling autoScaling, List<Listener> listeners) {
        this(name, serviceType, cpu, memory, command, forceSsl, webContainerPort, desiredCount, autoScaling, listeners, false);
    }

    /** Barcelona's {@code web?}: a web service gets {@code PORT}, whether or not it has listeners. */
    public boolean web() {
        return serviceType == ServiceType.WEB;
    }
}
