package io.rambla.schema;

import java.util.List;

/**
 * A command run on a schedule: {@code cron(...)} or {@code rate(...)}. A string command is split
 * into words with no shell, as Barcelona's scheduled tasks were.
 *
 * @param cpu    CPU units, Barcelona's fixed {@link Defaults#ONE_OFF_CPU} unless set (a Rambla extension)
 * @param memory MiB, Barcelona's fixed {@link Defaults#ONE_OFF_MEMORY} unless set (a Rambla extension)
 */
public record ScheduledTask(String schedule, List<String> command, int cpu, int memory) {

    public ScheduledTask {
        command = List.copyOf(command);
    }

    public ScheduledTask(String schedule, List<String> command) {
        this(schedule, command, Defaults.ONE_OFF_CPU, Defaults.ONE_OFF_MEMORY);
    }
}
