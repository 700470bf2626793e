package io.fanout.observe;

import io.fanout.resilience.CallGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.function.Function;

/**
 * Readiness: the circuit breaker of one check (bean {@code <check>-guard}) is not open. While it is open the check's
 * service is failing and records wait for it, so this instance is not ready for more work; half-open (probe calls
 * going through) counts as ready again.
 */
final class BreakerHealthCheck extends AbstractHealthCheck {

    private final String check;
    private final Function<String, CallGuard> guards;

    BreakerHealthCheck(String check, Function<String, CallGuard> guards) {
        super("fanout", "fanout-breaker-" + check);
        this.check = check;
        this.guards = guards;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CallGuard guard = guards.apply(check);
        CircuitBreaker.State state = guard == null ? null : guard.breakerState();
        builder.detail("check", check).detail("breaker", state == null ? "none" : state.name());
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            builder.down().message("the circuit breaker of the " + check + " check is open: its service is failing");
        } else {
            builder.up();
        }
    }
}
