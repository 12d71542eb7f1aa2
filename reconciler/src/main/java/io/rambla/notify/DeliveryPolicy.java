package io.rambla.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How sending is retried, as a value, and the pure judgement of one attempt. 2xx is delivered; 429
 * and 5xx (and no answer at all) are tried again, after the server's {@code Retry-After} when it
 * gives one (seconds or an HTTP date), else after a doubling delay; any other status is the
 * receiver saying no, and is not repeated. After {@code maxAttempts} the message is given up.
 *
 * @param maxAttempts   attempts in all, the first included
 * @param firstDelay    the wait before the second attempt; doubled for each one after
 * @param maxDelay      the longest wait, {@code Retry-After} included (a longer one is cut to this)
 */
public record DeliveryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay) {

    public DeliveryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= firstDelay <= maxDelay");
        }
    }

    /** Judges an HTTP answer to attempt number {@code attempt} (1 for the first). */
    public Verdict judge(int status, Optional<String> retryAfter, int attempt, Instant now) {
        if (status >= 200 && status < 300) {
            return new Verdict.Delivered();
        }
        if (status == 429 || status >= 500) {
            String why = "HTTP " + status;
            if (attempt >= maxAttempts) {
                return new Verdict.GiveUp(why + " after " + attempt + " attempt(s)");
            }
            Duration wait = retryAfter.flatMap(h -> parseRetryAfter(h, now)).orElse(backoff(attempt));
            return new Verdict.Retry(wait.compareTo(maxDelay) > 0 ? maxDelay : wait, why);
        }
        return new Verdict.GiveUp("HTTP " + status + " (not retried: the receiver refused the message)");
    }

    /** Judges an attempt that got no answer (connection refused, timeout): tried again like a 5xx. */
    public Verdict unanswered(String why, int attempt) {
        if (attempt >= maxAttempts) {
            return new Verdict.GiveUp(why + " after " + attempt + " attempt(s)");
        }
        return new Verdict.Retry(backoff(attempt), why);
    }

    /** The wait after attempt {@code attempt} failed: firstDelay, doubled each time, at most maxDelay. */
    Duration backoff(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 30);
        Duration wait = firstDelay.multipliedBy(factor);
        return wait.compareTo(maxDelay) > 0 || wait.isNegative() ? maxDelay : wait;
    }

    /** {@code Retry-After}: delay-seconds or an HTTP date (RFC 9110); anything else is ignored. */
    static Optional<Duration> parseRetryAfter(String header, Instant now) {
        String value = header.strip();
        if (value.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
