package io.fanout.resilience;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides the retries of the check calls (bean "checkRetries" of the check-errors dead-letter channel): as its
 * onExceptionOccurred processor it counts each call made and sets the wait before the next (Retry-After when the
 * service sent one, else the check's backoff); as its retryWhile predicate it allows a retry only of what can
 * succeed later, within the check's retries and before the record's deadline. A call the open circuit breaker
 * did not let through is not counted: the record waits for the breaker instead of spending its retries.
 */
public final class CheckRetries implements Processor, Predicate {

    /** Exchange properties: the check's route id (set as it starts), calls made, the record's deadline. */
    public static final String CHECK = "fanoutCheck";
    public static final String ATTEMPTS = "fanoutAttempts";
    public static final String DEADLINE = "fanoutRecordDeadline";
    /** Calls that count against the retries: not those refused by an open breaker, nor failed probes of a half-open one. */
    static final String SPENT = "fanoutRetriesSpent";
    static final String NEXT_DELAY = "fanoutRetryDelay";

    private final Map<String, RetryPolicy> policies;
    private final RetryPolicy fallback;
    private final long breakerWaitMs;
    private final Clock clock;

    public CheckRetries(Map<String, RetryPolicy> policies, RetryPolicy fallback, long breakerWaitMs, Clock clock) {
        this.policies = Map.copyOf(policies);
        this.fallback = fallback;
        this.breakerWaitMs = breakerWaitMs;
        this.clock = clock;
    }

    /**
     * The dead-letter channel's redelivery policy: it asks {@link #matches} whether to retry (a retryWhile set on
     * a route configuration's dead-letter channel is not consulted), and logs retries at DEBUG only.
     */
    public RedeliveryPolicy redeliveryPolicy() {
        RedeliveryPolicy policy = new RedeliveryPolicy() {
            @Override
            public boolean shouldRedeliver(Exchange exchange, int redeliveryCounter, Predicate retryWhile) {
                return matches(exchange);
            }
        };
        policy.setMaximumRedeliveries(Integer.MAX_VALUE);
        policy.setRetryAttemptedLogLevel(LoggingLevel.DEBUG);
        policy.setRetriesExhaustedLogLevel(LoggingLevel.DEBUG);
        policy.setLogStackTrace(false);
        return policy;
    }

    /** The number of calls a check made on this exchange (0 if none failed). */
    public static int attempts(Exchange exchange) {
        return exchange.getProperty(ATTEMPTS, 0, Integer.class);
    }

    @Override
    public void process(Exchange exchange) {
        Throwable error = failure(exchange);
        long delay;
        if (CallFailures.notPermitted(error)) {
            // spread the waiting records over the breaker's open time, so its probes are not always the same records
            delay = Math.round(breakerWaitMs * (0.5 + ThreadLocalRandom.current().nextDouble()));
        } else {
            exchange.setProperty(ATTEMPTS, attempts(exchange) + 1);
            boolean probe = exchange.getProperty(CallGuard.PROBE, false, Boolean.class);
            int spent = exchange.getProperty(SPENT, 0, Integer.class) + (probe ? 0 : 1);
            exchange.setProperty(SPENT, spent);
            delay = CallFailures.retryAfter(error, clock.instant()).map(java.time.Duration::toMillis)
                    .orElseGet(() -> policy(exchange).backoffMs(Math.max(1, spent), ThreadLocalRandom.current()::nextDouble));
        }
        exchange.setProperty(NEXT_DELAY, delay);
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay);
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable error = failure(exchange);
        if (!CallFailures.retryable(error)) return false;
        if (!CallFailures.notPermitted(error) && exchange.getProperty(SPENT, 0, Integer.class) > policy(exchange).maxRedeliveries()) return false;
        Long deadline = exchange.getProperty(DEADLINE, Long.class);
        long next = clock.millis() + exchange.getProperty(NEXT_DELAY, 0L, Long.class);
        return deadline == null || next < deadline;
    }

    /** The check an exchange is in: its route id without "check-". */
    public static String check(String routeId) {
        return routeId == null ? "unknown" : routeId.startsWith("check-") ? routeId.substring("check-".length()) : routeId;
    }

    private RetryPolicy policy(Exchange exchange) {
        return policies.getOrDefault(check(exchange.getProperty(CHECK, String.class)), fallback);
    }

    private static Throwable failure(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
