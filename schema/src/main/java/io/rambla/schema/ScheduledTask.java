package io.rambla.schema;

import java.util.List;

/** A command run on a schedule: {@code cron(...)} or {@code rate(...)}. */
public record ScheduledTask(String schedule, List<String> command) {

    public ScheduledTask {
        command = List.copyOf(command);
    }
}
