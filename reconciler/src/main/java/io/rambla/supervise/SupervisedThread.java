package io.rambla.supervise;

import java.time.Duration;
import java.time.Instant;

/**
 * A worker thread that {@link Workers} restarts when it dies: each life runs the loop on a fresh
 * daemon thread; a death is recorded, waited out for the restart delay, and followed by a new
 * thread. {@link #stop} ends the restarts; {@link #interrupt} and {@link #join} act on the thread
 * alive now.
 */
public final class SupervisedThread {

    /** A life that lasted this long resets the doubling of the restart delay. */
    private static final Duration HEALTHY_LIFE = Duration.ofMinutes(1);

    private final String name;
    private final Runnable loop;
    private final Workers workers;
    private volatile Thread current;
    private volatile boolean stopping;
    private int deathsInARow;

    SupervisedThread(String name, Runnable loop, Workers workers) {
        this.name = name;
        this.loop = loop;
        this.workers = workers;
    }

    void start() {
        Thread thread = new Thread(this::life, name);
        thread.setDaemon(true);
        current = thread;
        thread.start();
    }

    private void life() {
        Instant born = workers.clock().instant();
        workers.running(name);
        try {
            loop.run();
            return; // finished on purpose
        } catch (Throwable e) { // NOPMD: whatever killed it, the worker must come back
            if (stopping) {
                return;
            }
            workers.died(name, e);
        }
        if (Duration.between(born, workers.clock().instant()).compareTo(HEALTHY_LIFE) >= 0) {
            deathsInARow = 0;
        }
        deathsInARow++;
        try {
            Thread.sleep(workers.restartDelay(deathsInARow).toMillis());
        } catch (InterruptedException e) {
            return; // stopped while down
        }
        if (!stopping) {
            start();
        }
    }

    /** No more restarts; the thread alive now, if any, ends as its loop decides. */
    public void stop() {
        stopping = true;
        workers.stopped(name);
    }

    public void interrupt() {
        Thread thread = current;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Waits up to {@code millis} for the thread alive now to end; true when it has. */
    public boolean join(long millis) throws InterruptedException {
        Thread thread = current;
        if (thread == null) {
            return true;
        }
        thread.join(millis);
        return !thread.isAlive();
    }

    public boolean isAlive() {
        Thread thread = current;
        return thread != null && thread.isAlive();
    }
}
