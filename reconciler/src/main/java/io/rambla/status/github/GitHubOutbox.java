package io.rambla.status.github;

import io.rambla.githost.CommitStatus;
import io.rambla.githost.GitHost;
import io.rambla.githost.GitHubException;
import io.rambla.supervise.SupervisedThread;
import io.rambla.supervise.Workers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the git host (any {@link GitHost}) without making anyone wait for it. Writes go into a bounded queue that
 * one background thread drains in order, retrying transient failures (with backoff, or until the
 * rate limit resets). A status identical to the last one queued for the same commit and context
 * is skipped. A full queue never blocks a sync: a commit status it cannot take is set aside (the
 * latest per commit and context) and queued again as soon as the queue has run empty; other
 * writes are dropped with a warning. On {@link #close(Duration)} what is queued is sent until the
 * deadline; the rest is dropped. The thread is supervised ({@link Workers}): if it dies, it is
 * reported down and started again.
 */
public class GitHubOutbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubOutbox.class);
    private static final int REMEMBERED_STATUSES = 10_000;
    /** The sending thread's name, and its name among the daemon's workers. */
    public static final String WORKER = "rambla-github-outbox";

    /** Something to send; {@code what} names it in logs. */
    public interface Call {
        void run() throws GitHubException;
    }

    private record Write(String what, Call call, StatusKey key, CommitStatus status) {}

    private record StatusKey(String sha, String context) {}

    private final GitHost client;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Duration shutdownGrace;
    private final BlockingQueue<Write> queue;
    private final Map<StatusKey, CommitStatus> lastQueued = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<StatusKey, CommitStatus> eldest) {
            return size() > REMEMBERED_STATUSES;
        }
    };
    /** Statuses a full queue could not take, the latest per commit and context, oldest first. */
    private final Map<StatusKey, CommitStatus> setAside = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<StatusKey, CommitStatus> eldest) {
            if (size() > REMEMBERED_STATUSES) {
                LOG.warn("too many GitHub statuses set aside; dropped status {} on {} for good",
                        eldest.getKey().context(), shortSha(eldest.getKey().sha()));
                return true;
            }
            return false;
        }
    };
    private final SupervisedThread worker;
    private final Object idle = new Object();
    private volatile boolean accepting = true;
    private volatile Instant deadline = Instant.MAX;
    private volatile int inFlight;

    public GitHubOutbox(GitHost client, RetryPolicy retry, int capacity, Duration shutdownGrace) {
        this(client, retry, capacity, shutdownGrace, new Workers());
    }

    /** @param workers supervises the sending thread: restarted when it dies, reported down until then */
    public GitHubOutbox(GitHost client, RetryPolicy retry, int capacity, Duration shutdownGrace, Workers workers) {
        this(client, retry, capacity, shutdownGrace, Clock.systemUTC(), workers);
    }

    GitHubOutbox(GitHost client, RetryPolicy retry, int capacity, Duration shutdownGrace, Clock clock) {
        this(client, retry, capacity, shutdownGrace, clock, new Workers());
    }

    GitHubOutbox(GitHost client, RetryPolicy retry, int capacity, Duration shutdownGrace, Clock clock, Workers workers) {
        this.client = client;
        this.shutdownGrace = shutdownGrace;
        this.retry = retry;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = workers.supervise(WORKER, this::drain);
    }

    /** Queues a commit status unless the same one was the last queued for that commit and context. */
    public void status(String sha, CommitStatus status) {
        StatusKey key = new StatusKey(sha, status.context());
        synchronized (lastQueued) {
            // With a status set aside for this context, the last one queued is no longer the last word.
            if (!setAside.containsKey(key) && status.equals(lastQueued.get(key))) {
                LOG.debug("status {} {} on {} already sent; skipped", status.context(), status.state().apiName(), shortSha(sha));
                return;
            }
            if (!accepting) {
                LOG.warn("GitHub writes are closed; dropped {}", describe(key, status));
                return;
            }
            if (!queue.offer(statusWrite(key, status))) {
                // Replaces any older status set aside for the same context: only the latest matters.
                setAside.remove(key);
                setAside.put(key, status);
                LOG.warn("GitHub write queue is full ({} waiting); set aside {} until it empties", queue.size(), describe(key, status));
                return;
            }
            setAside.remove(key);
            lastQueued.put(key, status);
        }
    }

    private Write statusWrite(StatusKey key, CommitStatus status) {
        return new Write(describe(key, status), () -> client.createStatus(key.sha(), status), key, status);
    }

    private static String describe(StatusKey key, CommitStatus status) {
        return "status " + status.context() + " " + status.state().apiName() + " on " + shortSha(key.sha());
    }

    /** Statuses waiting for room in the queue, for tests and metrics. */
    public int setAside() {
        synchronized (lastQueued) {
            return setAside.size();
        }
    }

    /** Queues the statuses set aside, as many as the queue has room for, oldest first. */
    private void requeueSetAside() {
        synchronized (lastQueued) {
            var entries = setAside.entrySet().iterator();
            while (entries.hasNext()) {
                var entry = entries.next();
                if (!queue.offer(statusWrite(entry.getKey(), entry.getValue()))) {
                    return;
                }
                lastQueued.put(entry.getKey(), entry.getValue());
                entries.remove();
            }
        }
    }

    /** Queues any other write (a comment, say). */
    public void submit(String what, Call call) {
        offer(new Write(what, call, null, null));
    }

    /** Writes queued or being sent, for tests and metrics. */
    public int backlog() {
        return queue.size() + inFlight;
    }

    private boolean offer(Write write) {
        if (!accepting) {
            LOG.warn("{} writes are closed; dropped {}", client.name(), write.what());
            return false;
        }
        if (!queue.offer(write)) {
            LOG.warn("{} write queue is full ({} waiting); dropped {}", client.name(), queue.size(), write.what());
            return false;
        }
        return true;
    }

    private void drain() {
        while (true) {
            Write write;
            try {
                write = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (write == null) {
                if (!accepting) {
                    return;
                }
                requeueSetAside();
                continue;
            }
            if (clock.instant().isAfter(deadline)) {
                LOG.warn("shutting down; dropped {}", write.what());
                return;
            }
            inFlight = 1;
            try {
                send(write);
            } catch (InterruptedException e) {
                LOG.warn("stopped before {} was sent", write.what());
                return;
            } catch (Error e) {
                // The thread dies and its supervisor starts another; this write is not retried.
                forget(write);
                throw e;
            } finally {
                inFlight = 0;
            }
        }
    }

    private void send(Write write) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                write.call().run();
                LOG.debug("sent {}", write.what());
                return;
            } catch (GitHubException e) {
                boolean last = !e.retryable() || attempt >= retry.maxAttempts();
                if (last) {
                    LOG.error("gave up on {} after {} attempt(s): {}", write.what(), attempt, e.getMessage());
                    forget(write);
                    return;
                }
                Duration wait = waitBefore(attempt, e);
                (attempt == 1 ? LOG.atDebug() : LOG.atWarn()).log("{} failed (attempt {} of {}), retrying in {} ms: {}",
                        write.what(), attempt, retry.maxAttempts(), wait.toMillis(), e.getMessage());
                if (!pauseUntil(clock.instant().plus(wait))) {
                    LOG.warn("shutting down; dropped {}: {}", write.what(), e.getMessage());
                    forget(write);
                    return;
                }
            } catch (RuntimeException e) {
                LOG.error("unexpected failure sending {}", write.what(), e);
                forget(write);
                return;
            }
        }
    }

    private Duration waitBefore(int attempt, GitHubException e) {
        Duration backoff = retry.backoff().delay(attempt - 1);
        if (e instanceof GitHubException.Transient t && t.retryAt().isPresent()) {
            Duration untilReset = Duration.between(clock.instant(), t.retryAt().get());
            // A second more than asked, so the reset has surely happened on the host's clock too.
            Duration asked = untilReset.isNegative() ? Duration.ZERO : untilReset.plusSeconds(1);
            return asked.compareTo(retry.maxWait()) > 0 ? retry.maxWait() : asked;
        }
        return backoff;
    }

    /** A write that was not sent must not stop the same status being queued again later. */
    private void forget(Write write) {
        if (write.key() != null) {
            synchronized (lastQueued) {
                lastQueued.remove(write.key(), write.status());
            }
        }
    }

    /** Waits until {@code until}; false, at once, when that is past the shutdown deadline. */
    private boolean pauseUntil(Instant until) throws InterruptedException {
        synchronized (idle) {
            while (true) {
                if (until.isAfter(deadline)) {
                    return false;
                }
                Instant now = clock.instant();
                if (!now.isBefore(until)) {
                    return true;
                }
                idle.wait(Math.max(1, Duration.between(now, until).toMillis()));
            }
        }
    }

    /** Stops accepting writes, sends what is queued until {@code grace} has passed, then stops. */
    public void close(Duration grace) {
        accepting = false;
        worker.stop();
        synchronized (idle) {
            deadline = clock.instant().plus(grace);
            idle.notifyAll();
        }
        try {
            if (!worker.join(grace.toMillis() + 100)) {
                // Stuck in a call: the HTTP timeout bounds it, the interrupt shortens it.
                worker.interrupt();
                worker.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.size();
        if (left > 0) {
            LOG.warn("{} {} write(s) not sent before shutdown", left, client.name());
            queue.clear();
        }
    }

    @Override
    public void close() {
        close(shutdownGrace);
    }

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
