package io.fanout.resilience;

import com.netflix.concurrency.limits.limit.AbstractLimit;

/**
 * An AIMD concurrency limit that, like TCP, reacts once per round trip: a burst of drops (429s, timeouts) from
 * calls that were already in flight when the limit last shrank is one congestion event, not many; and the limit
 * grows by about one per round trip of successful calls (1/limit per success), not one per success. Netflix's
 * AIMDLimit shrinks on every drop, which collapses the limit to its floor when a whole window is refused at once.
 * Thread safety comes from {@link AbstractLimit#onSample}; {@link #_update} is the rule.
 */
public final class RoundTripAimdLimit extends AbstractLimit {

    private final int min;
    private final int max;
    private final double backoff;
    private double estimate;
    private long lastDecreaseNanos = Long.MIN_VALUE;

    public RoundTripAimdLimit(int initial, int min, int max, double backoff) {
        super(initial);
        if (min < 1 || min > max || initial < min || initial > max) {
            throw new IllegalArgumentException("need 1 <= min (" + min + ") <= initial (" + initial + ") <= max (" + max + ")");
        }
        if (backoff <= 0 || backoff >= 1) throw new IllegalArgumentException("backoff must be between 0 and 1, not " + backoff);
        this.min = min;
        this.max = max;
        this.backoff = backoff;
        this.estimate = initial;
    }

    @Override
    protected int _update(long startTime, long rtt, int inflight, boolean didDrop) {
        if (didDrop) {
            if (startTime > lastDecreaseNanos) {  // started after the last decrease: a new congestion event
                estimate = Math.max(min, estimate * backoff);
                lastDecreaseNanos = startTime + rtt;
            }
        } else if (inflight * 2 >= estimate) {  // grow only while the limit is being used
            estimate = Math.min(max, estimate + 1.0 / estimate);
        }
        return (int) Math.floor(estimate);
    }
}
