package io.fanout.resilience;

import com.netflix.concurrency.limits.Limiter;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Waits for a permit of a concurrency limiter. A free permit is taken at once, without a lock: the common case of
 * a call under its limit costs no contention. Only when the limit is reached does a caller wait, woken by the next
 * release (one waiter per release), and it looks again at least every {@link #RECHECK} in case an adaptive limit
 * grew. (Netflix's BlockingLimiter takes one monitor on every acquire and on every release, and wakes every waiter
 * at each release: at 100 calls in flight that monitor was where the calls queued.)
 */
final class Permits {

    static final Duration RECHECK = Duration.ofMillis(10);

    private final Limiter<Void> limiter;
    private final Duration maxWait;
    private final Object turn = new Object();
    private final AtomicInteger waiting = new AtomicInteger();

    Permits(Limiter<Void> limiter, Duration maxWait) {
        this.limiter = limiter;
        this.maxWait = maxWait;
    }

    /** A permit, or empty when none was free within maxWait. Release it through the listener returned. */
    Optional<Limiter.Listener> acquire() throws InterruptedException {
        Optional<Limiter.Listener> permit = limiter.acquire(null);
        if (permit.isPresent()) return permit.map(this::releasing);
        long deadline = System.nanoTime() + maxWait.toNanos();
        waiting.incrementAndGet();
        try {
            synchronized (turn) {
                while (true) {
                    permit = limiter.acquire(null);
                    if (permit.isPresent()) return permit.map(this::releasing);
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return Optional.empty();
                    turn.wait(Math.max(1, Math.min(RECHECK.toMillis(), left / 1_000_000)));
                }
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    private Limiter.Listener releasing(Limiter.Listener permit) {
        return new Limiter.Listener() {
            @Override
            public void onSuccess() {
                permit.onSuccess();
                wakeOne();
            }

            @Override
            public void onIgnore() {
                permit.onIgnore();
                wakeOne();
            }

            @Override
            public void onDropped() {
                permit.onDropped();
                wakeOne();
            }
        };
    }

    private void wakeOne() {
        if (waiting.get() == 0) return;
        synchronized (turn) {
            turn.notify();
        }
    }
}
