package io.rambla.notify;

import io.rambla.secret.Secret;
import io.rambla.supervise.SupervisedThread;
import io.rambla.supervise.Workers;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications off the sync's path. {@link #offer} only queues (a bounded queue: past its
 * capacity a message is dropped with a warning, never waited for) and one supervised background
 * thread ({@link Workers}) sends, one message at a time, each within the sender's timeout. It keeps
 * every target to its rate ({@link RateLimit}), retries as {@link DeliveryPolicy} says (waiting
 * messages do not hold up the others), and logs what it gives up. Logs and errors name a target by
 * its label: a URL or key read from a secret is never written anywhere.
 */
public final class NotificationOutbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationOutbox.class);
    /** The sending thread's name, and its name among the daemon's workers. */
    public static final String WORKER = "rambla-notifications";

    private final DelayQueue<Pending> queue = new DelayQueue<>();
    private final int capacity;
    private final DeliveryPolicy policy;
    private final Duration spacing;
    private final Sender sender;
    private final Clock clock;
    private final Map<String, RateLimit> limits = new HashMap<>();
    private final SupervisedThread worker;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean sending;

    /** @param spacing the least time between two messages to one target */
    public NotificationOutbox(Sender sender, DeliveryPolicy policy, int capacity, Duration spacing, Clock clock, Workers workers) {
        this.sender = sender;
        this.policy = policy;
        this.capacity = capacity;
        this.spacing = spacing;
        this.clock = clock;
        this.worker = workers.supervise(WORKER, this::drain);
    }

    private static final class Pending implements Delayed {
        final Notification notification;
        final Target target;
        final int attempt;
        final long dueNanos;

        Pending(Notification notification, Target target, int attempt, Duration after) {
            this.notification = notification;
            this.target = target;
            this.attempt = attempt;
            this.dueNanos = System.nanoTime() + after.toNanos();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Pending) other).dueNanos);
        }

        String describe() {
            return notification.event().key() + " of " + notification.unitId() + " at " + Notification.shortRevision(notification.revision())
                    + " to " + target.label();
        }
    }

    /** Queues {@code notification} for {@code target}; false (and a warning) when the queue is full. Never blocks. */
    public boolean offer(Notification notification, Target target) {
        synchronized (queue) {
            if (queue.size() >= capacity) {
                dropped.incrementAndGet();
                LOG.warn("notification queue is full ({} waiting); dropped {} of {} to {}", capacity, notification.event().key(),
                        notification.unitId(), target.label());
                return false;
            }
            queue.add(new Pending(notification, target, 1, Duration.ZERO));
            return true;
        }
    }

    /** Messages waiting (to be sent or retried) or being sent now. */
    public int backlog() {
        return queue.size() + (sending ? 1 : 0);
    }

    public long delivered() {
        return delivered.get();
    }

    public long givenUp() {
        return givenUp.get();
    }

    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        while (true) {
            Pending pending;
            try {
                pending = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            sending = true;
            try {
                attempt(pending);
            } catch (InterruptedException e) {
                LOG.warn("stopped before {} was sent", pending.describe());
                return;
            } finally {
                sending = false;
            }
        }
    }

    private void attempt(Pending pending) throws InterruptedException {
        Instant now = clock.instant();
        Instant slot = limits.computeIfAbsent(pending.target.label(), l -> new RateLimit(spacing)).reserve(now);
        if (slot.isAfter(now)) {
            requeue(new Pending(pending.notification, pending.target, pending.attempt, Duration.between(now, slot)));
            return;
        }
        Verdict verdict;
        try {
            verdict = send(pending);
        } catch (IOException | RuntimeException e) {
            // The exception's text may quote the URL (a host name, a path): only its class is kept.
            verdict = policy.unanswered("no answer (" + e.getClass().getSimpleName() + ")", pending.attempt);
        }
        if (verdict instanceof Verdict.Retry retry) {
            LOG.warn("{} not sent ({}); attempt {} in {}", pending.describe(), retry.why(), pending.attempt + 1, retry.after());
            requeue(new Pending(pending.notification, pending.target, pending.attempt + 1, retry.after()));
        } else if (verdict instanceof Verdict.GiveUp giveUp) {
            givenUp.incrementAndGet();
            LOG.error("gave up on {}: {}", pending.describe(), giveUp.why());
        } else {
            delivered.incrementAndGet();
            LOG.info("notified {}", pending.describe());
        }
    }

    private void requeue(Pending pending) {
        synchronized (queue) {
            queue.add(pending);
        }
    }

    private Verdict send(Pending pending) throws IOException, InterruptedException {
        Secret url;
        try {
            url = pending.target.url().read();
        } catch (RuntimeException e) {
            return policy.unanswered("cannot read the webhook URL's secret (" + SecretLookup.describe(e) + ")", pending.attempt);
        }
        var refused = UrlPolicy.problemWith(url.reveal());
        if (refused.isPresent()) {
            return new Verdict.GiveUp(refused.get());
        }
        Notification n = pending.notification;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("User-Agent", "Rambla");
        byte[] body;
        if (pending.target.kind() == Target.Kind.SLACK) {
            body = SlackMessage.json(n).getBytes(StandardCharsets.UTF_8);
        } else {
            Secret key;
            try {
                key = pending.target.signingKey().read();
            } catch (RuntimeException e) {
                return policy.unanswered("cannot read the signing key's secret (" + SecretLookup.describe(e) + ")", pending.attempt);
            }
            body = WebhookMessage.json(n).getBytes(StandardCharsets.UTF_8);
            headers.put(WebhookMessage.EVENT_HEADER, n.event().key());
            headers.put(WebhookMessage.DELIVERY_HEADER, n.id());
            headers.put(WebhookMessage.SIGNATURE_HEADER, WebhookMessage.signature(key, body));
        }
        Sender.Response response = sender.post(URI.create(url.reveal().strip()), headers, body);
        return policy.judge(response.status(), response.retryAfter(), pending.attempt, clock.instant());
    }

    /** Stops sending; what is still queued is dropped (notifications are best effort across restarts). */
    @Override
    public void close() {
        worker.stop();
        worker.interrupt();
        int left = queue.size();
        if (left > 0) {
            LOG.warn("shutting down; {} notification(s) not sent", left);
        }
    }
}
