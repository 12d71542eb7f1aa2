package io.rambla.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's background workers and whether each is running now. A worker is either a thread of
 * its own that loops until it is stopped ({@link #supervise}: restarted when it dies), or a job
 * that a scheduler runs again and again ({@link #runJob}: the next run is the restart). A worker
 * is {@link State#DOWN} from the moment it died until it runs again; {@code /health} reports the
 * daemon down meanwhile. Thread-safe.
 */
public final class Workers {

    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

    public enum State { RUNNING, DOWN }

    /**
     * One worker as it stands.
     *
     * @param since       when it entered this state
     * @param deaths      how many times it has died since the daemon started
     * @param lastFailure the class of the throwable that killed it last (the log has the rest), null if it never died
     */
    public record Worker(String name, State state, Instant since, int deaths, String lastFailure) {}

    private final Map<String, Worker> workers = new ConcurrentSkipListMap<>();
    private final Clock clock;
    private final Duration firstRestartDelay;
    private final Duration maxRestartDelay;

    public Workers() {
        this(Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    /** @param firstRestartDelay how long a dead thread stays down before its first restart; doubled per death in a row */
    public Workers(Clock clock, Duration firstRestartDelay, Duration maxRestartDelay) {
        this.clock = clock;
        this.firstRestartDelay = firstRestartDelay;
        this.maxRestartDelay = maxRestartDelay;
    }

    public List<Worker> all() {
        return List.copyOf(workers.values());
    }

    public List<Worker> down() {
        return workers.values().stream().filter(w -> w.state() == State.DOWN).toList();
    }

    /**
     * Starts {@code loop} on a thread named {@code name} and keeps it alive: when it throws
     * (anything, Errors included), the worker is down, and after a delay (doubling with each death
     * in a row, at most the maximum) a fresh thread runs {@code loop} again. A loop that returns
     * has finished on purpose and is not restarted.
     */
    public SupervisedThread supervise(String name, Runnable loop) {
        SupervisedThread thread = new SupervisedThread(name, loop, this);
        // Listed from now, not from when the new thread first runs: /health and callers see it at once.
        running(name);
        thread.start();
        return thread;
    }

    /**
     * Runs one go of a scheduled job. A throwable marks the worker down, with its cause, until a
     * later run completes; it is logged and never rethrown, so the scheduler keeps scheduling.
     */
    public void runJob(String name, Runnable job) {
        try {
            job.run();
            running(name);
        } catch (Throwable e) { // NOPMD: a job's Error must not end its schedule
            died(name, e);
        }
    }

    void running(String name) {
        workers.compute(name, (n, old) -> old != null && old.state() == State.RUNNING ? old
                : new Worker(n, State.RUNNING, clock.instant(), old == null ? 0 : old.deaths(), old == null ? null : old.lastFailure()));
    }

    void died(String name, Throwable cause) {
        // The class only: /health is open to probes, and a message may quote what it should not.
        String failure = cause.getClass().getName();
        Worker worker = workers.compute(name, (n, old) -> new Worker(n, State.DOWN, clock.instant(), old == null ? 1 : old.deaths() + 1, failure));
        LOG.error("worker {} died ({} time(s) so far); it is restarted", name, worker.deaths(), cause);
    }

    /** Remove a worker that was stopped on purpose, so it is not reported. */
    void stopped(String name) {
        workers.remove(name);
    }

    Duration restartDelay(int deathsInARow) {
        long factor = 1L << Math.min(Math.max(deathsInARow - 1, 0), 20);
        Duration delay = firstRestartDelay.multipliedBy(factor);
        return delay.compareTo(maxRestartDelay) > 0 ? maxRestartDelay : delay;
    }

    Clock clock() {
        return clock;
    }
}
