package io.phalanx.core.alerting;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Exponential backoff for alert delivery: attempt n (1-based) that failed waits {@code initial *
 * multiplier^(n-1)}, capped at {@code max}, before attempt n+1; at most {@code maxAttempts}
 * attempts. 429 and 5xx (and I/O errors) are retried; other 4xx are the request's fault and are
 * not. A {@code Retry-After} header (seconds or HTTP date) replaces the computed delay when longer,
 * capped at {@code max}. No jitter: the schedule is deterministic.
 */
public record RetryPolicy(Duration initial, double multiplier, Duration max, int maxAttempts) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofMillis(500), 2.0, Duration.ofSeconds(30), 5);

    public RetryPolicy {
        if (initial.isNegative()
                || max.compareTo(initial) < 0
                || multiplier < 1
                || maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "retry policy needs 0 <= initial <= max, multiplier >= 1, maxAttempts >= 1");
        }
    }

    /** Whether a response with this status is worth another attempt. */
    public static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    public static boolean success(int status) {
        return status >= 200 && status < 300;
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public Duration backoff(int attempt) {
        double millis = initial.toMillis() * Math.pow(multiplier, attempt - 1);
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }

    /** The wait after failed attempt {@code attempt}, honouring a server's Retry-After. */
    public Duration backoff(int attempt, Optional<String> retryAfter, Instant now) {
        Duration computed = backoff(attempt);
        Optional<Duration> asked = retryAfter.flatMap(h -> parseRetryAfter(h, now));
        if (asked.isEmpty() || asked.get().compareTo(computed) <= 0) {
            return computed;
        }
        return asked.get().compareTo(max) > 0 ? max : asked.get();
    }

    static Optional<Duration> parseRetryAfter(String header, Instant now) {
        String h = header.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(h))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at =
                        ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
    }
}
