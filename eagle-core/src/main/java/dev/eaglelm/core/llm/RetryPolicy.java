package dev.eaglelm.core.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How a remote backend retries transient failures: exponential backoff with <em>full jitter</em>, and
 * the server's {@code Retry-After} honoured.
 *
 * <p>Before retry {@code n} (1 for the first retry) the delay is a uniform draw from
 * [0, min(maxDelay, baseDelay &middot; 2<sup>n&minus;1</sup>)] (AWS's "full jitter"); when the server sent
 * {@code Retry-After}, the delay is that value instead, capped at {@code maxRetryAfter}. The jitter comes
 * from a generator seeded with {@code seed}, so tests see the same delays every run.
 *
 * @param maxAttempts attempts in all, including the first, &ge; 1 (1 disables retries)
 * @param baseDelay the backoff scale, &ge; 0
 * @param maxDelay the cap of the backoff window, &ge; baseDelay
 * @param maxRetryAfter the most a {@code Retry-After} header may make the client wait
 * @param seed seeds the jitter
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter, long seed) {

    /** Four attempts, 0.5 s base, 20 s cap, Retry-After honoured up to 60 s, seed 0. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(20),
            Duration.ofSeconds(60), 0L);

    /** A single attempt: no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0L);

    /**
     * Creates the record, validating its components.
     *
     * @param maxAttempts attempts in all, including the first, &ge; 1
     * @param baseDelay the backoff scale, &ge; 0
     * @param maxDelay the cap of the backoff window, &ge; baseDelay
     * @param maxRetryAfter the most a Retry-After header may make the client wait, &ge; 0
     * @param seed seeds the jitter
     * @throws IllegalArgumentException if a value is out of range
     */
    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry policy: maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry policy: need 0 <= baseDelay <= maxDelay and maxRetryAfter >= 0,"
                    + " got " + baseDelay + ", " + maxDelay + ", " + maxRetryAfter);
        }
    }

    /**
     * Returns the upper end of the jitter window before a retry.
     *
     * @param retry the retry number, &ge; 1
     * @return min(maxDelay, baseDelay &middot; 2<sup>retry&minus;1</sup>)
     */
    public Duration window(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry number must be >= 1, got " + retry);
        }
        long base = baseDelay.toNanos();
        long cap = maxDelay.toNanos();
        long w = base;
        for (int i = 1; i < retry && w < cap; i++) {
            w = w > cap / 2 ? cap : w * 2;
        }
        return Duration.ofNanos(Math.min(w, cap));
    }

    /**
     * Returns the delay before a retry.
     *
     * @param retry the retry number, &ge; 1
     * @param retryAfter the server's {@code Retry-After}, if it sent one
     * @param rng the jitter source
     * @return the delay
     */
    public Duration delay(int retry, Optional<Duration> retryAfter, RandomGenerator rng) {
        if (retryAfter.isPresent()) {
            Duration ra = retryAfter.get();
            return ra.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : (ra.isNegative() ? Duration.ZERO : ra);
        }
        long w = window(retry).toNanos();
        return Duration.ofNanos(w == 0 ? 0 : (long) (rng.nextDouble() * w));
    }
}
