package io.fanout.resilience;

import java.util.function.DoubleSupplier;

/**
 * How a check retries a failed call: up to {@code maxRedeliveries} more calls, waiting {@code initialDelayMs} times
 * {@code multiplier} to the power of the retry, at most {@code maxDelayMs}, spread by {@code jitter} (0.2 = ±20 %)
 * so that many records failing together do not retry together.
 */
public record RetryPolicy(int maxRedeliveries, long initialDelayMs, double multiplier, long maxDelayMs, double jitter) {

    public RetryPolicy {
        if (maxRedeliveries < 0) throw new IllegalArgumentException("retries must be 0 or more, not " + maxRedeliveries);
        if (initialDelayMs < 0) throw new IllegalArgumentException("the first retry delay must be 0 ms or more, not " + initialDelayMs);
        if (multiplier < 1) throw new IllegalArgumentException("the backoff multiplier must be 1 or more, not " + multiplier);
        if (maxDelayMs < initialDelayMs) throw new IllegalArgumentException("the longest retry delay (" + maxDelayMs + " ms) must be at least the first (" + initialDelayMs + " ms)");
        if (jitter < 0 || jitter > 1) throw new IllegalArgumentException("jitter must be between 0 and 1, not " + jitter);
    }

    /** The wait before retry number {@code retry} (1 for the first), given a uniform random number in [0, 1). */
    public long backoffMs(int retry, DoubleSupplier random) {
        double base = Math.min(maxDelayMs, initialDelayMs * Math.pow(multiplier, Math.max(0, retry - 1)));
        double spread = 1 - jitter + 2 * jitter * random.getAsDouble();
        return Math.round(Math.min(maxDelayMs, base * spread));
    }
}
