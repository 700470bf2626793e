package io.fanout.resilience;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.Policy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What stands between one check and its service, as a Camel policy around the call: a circuit breaker (resilience4j)
 * that stops calling a service that keeps failing and lets probe calls through after a while; at most
 * {@code maxConcurrent} calls at once (a bulkhead; with {@code adaptive}, an AIMD limit between
 * {@code minConcurrent} and it that shrinks on 429s and timeouts and grows while calls succeed); and at most
 * {@code ratePerSecond} calls started per second (0: no rate limit). A call waits for its turn; waiting longer than
 * {@code maxWait} fails it as a timeout. Every failure here is an exception the check's retries see. A call let
 * through as a probe of a half-open breaker is marked ({@link #PROBE}): if it fails, the record is not to blame.
 */
public final class CallGuard implements Policy {

    /** Exchange property: the last call was a probe of a half-open breaker. */
    public static final String PROBE = "fanoutProbeCall";

    private final String check;
    private final SimpleLimiter<Void> limiter;
    private final Permits permits;
    private final RateLimiter rate;
    private final CircuitBreaker breaker;

    public CallGuard(String check, int maxConcurrent, boolean adaptive, int minConcurrent, double ratePerSecond, Duration maxWait,
                     CircuitBreakerConfig breakerConfig) {
        if (maxConcurrent < 1) throw new IllegalArgumentException("fanout.checks." + check + ".max-concurrent must be 1 or more, not " + maxConcurrent);
        if (adaptive && (minConcurrent < 1 || minConcurrent > maxConcurrent)) {
            throw new IllegalArgumentException("fanout.checks." + check + ".min-concurrent must be between 1 and max-concurrent (" + maxConcurrent + "), not " + minConcurrent);
        }
        if (ratePerSecond < 0) throw new IllegalArgumentException("fanout.checks." + check + ".rate must be 0 (no limit) or more, not " + ratePerSecond);
        this.check = check;
        this.limiter = SimpleLimiter.newBuilder().named(check).limit(adaptive
                ? new RoundTripAimdLimit(maxConcurrent, minConcurrent, maxConcurrent, 0.9)
                : FixedLimit.of(maxConcurrent)).build();
        this.permits = new Permits(limiter, maxWait);
        // one call per slot, slots evenly spaced and 5 % longer than 1/rate: no second, however it is cut (the
        // service counts its own way), holds more than the rate, even with a little jitter on the way
        this.rate = ratePerSecond == 0 ? null : RateLimiter.of(check, RateLimiterConfig.custom()
                .limitForPeriod(1).limitRefreshPeriod(Duration.ofNanos(Math.round(1.05e9 / ratePerSecond)))
                .timeoutDuration(maxWait).build());
        this.breaker = CircuitBreaker.of(check, breakerConfig);
    }

    /** The breaker settings of fanout.breaker.*: only failures of the service count (5xx, connection errors, timeouts). */
    public static CircuitBreakerConfig breakerConfig(float failureRatePercent, int window, int minCalls, Duration openFor, int probeCalls) {
        return CircuitBreakerConfig.custom().failureRateThreshold(failureRatePercent).slidingWindowSize(window)
                .minimumNumberOfCalls(minCalls).waitDurationInOpenState(openFor).permittedNumberOfCallsInHalfOpenState(probeCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(true).build();
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    public String check() {
        return check;
    }

    /** The concurrency limit now: fixed, or where the adaptive limit has settled. */
    public int limit() {
        return limiter.getLimit();
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    @Override
    public Processor wrap(Route route, Processor call) {
        return new DelegateAsyncProcessor(call) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                exchange.setProperty(PROBE, breaker.getState() == CircuitBreaker.State.HALF_OPEN);
                if (!breaker.tryAcquirePermission()) {
                    exchange.setException(CallNotPermittedException.createCallNotPermittedException(breaker));
                    callback.done(true);
                    return true;
                }
                // the rate first: its waits are served in order (reserved slots), so no record starves behind others
                if (rate != null && !rate.acquirePermission()) {
                    breaker.releasePermission();
                    exchange.setException(new CallLimitTimeoutException(check));
                    callback.done(true);
                    return true;
                }
                Limiter.Listener permit = permit();
                if (permit == null) {
                    breaker.releasePermission();
                    exchange.setException(new CallLimitTimeoutException(check));
                    callback.done(true);
                    return true;
                }
                long start = System.nanoTime();
                return super.process(exchange, doneSync -> {
                    Throwable error = exchange.getException();
                    record(permit, error);
                    long nanos = System.nanoTime() - start;
                    if (serviceFailed(error)) breaker.onError(nanos, TimeUnit.NANOSECONDS, error);
                    else breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                    callback.done(doneSync);
                });
            }
        };
    }

    /** A turn under the concurrency limit, or null when none came within maxWait (or the wait was interrupted). */
    private Limiter.Listener permit() {
        try {
            return permits.acquire().orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The service is failing: 5xx, connection errors, timeouts. A 429 is a request to slow down, left to the limits. */
    private static boolean serviceFailed(Throwable error) {
        if (error == null) return false;
        if (error instanceof HttpOperationFailedException http) return http.getStatusCode() >= 500;
        return CallFailures.retryable(error);
    }

    /** A 429 or a timeout says the service is overloaded: the adaptive limit shrinks. Anything else counts as a sample. */
    private static void record(Limiter.Listener permit, Throwable error) {
        boolean overloaded = error instanceof HttpOperationFailedException http && http.getStatusCode() == 429
                || error != null && CallFailures.kind(error).equals("timeout");
        if (overloaded) permit.onDropped();
        else if (error != null) permit.onIgnore();
        else permit.onSuccess();
    }

    /** Waited longer than the call timeout for a turn under the limits. */
    public static final class CallLimitTimeoutException extends java.io.IOException {
        CallLimitTimeoutException(String check) {
            super("timeout waiting for a turn to call the " + check + " service (its concurrency or rate limit)");
        }
    }
}
