package io.fanout.config;

import io.fanout.resilience.CallGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.fanout.resilience.RetryPolicy;
import org.apache.camel.util.TimeUtils;

import java.time.Duration;
import java.util.List;

/** One check's limits and retries: fanout.checks.NAME.KEY, else fanout.checks.default.KEY. */
final class CheckSettings {

    static final List<String> KEYS = List.of("max-concurrent", "adaptive", "min-concurrent", "rate", "timeout",
            "retries", "initial-backoff", "multiplier", "max-backoff", "jitter");

    private final Settings settings;
    private final String check;

    CheckSettings(Settings settings, String check) {
        this.settings = settings;
        this.check = check;
    }

    String get(String key) {
        return settings.find("fanout.checks." + check + "." + key).orElseGet(() -> settings.get("fanout.checks.default." + key));
    }

    /** Whether this check has its own value of {@code key}. */
    boolean hasOwn(String key) {
        return settings.find("fanout.checks." + check + "." + key).isPresent();
    }

    long timeoutMs() {
        return TimeUtils.toMilliSeconds(get("timeout"));
    }

    int maxConcurrent() {
        return Integer.parseInt(get("max-concurrent"));
    }

    RetryPolicy retryPolicy() {
        return new RetryPolicy(Integer.parseInt(get("retries")), TimeUtils.toMilliSeconds(get("initial-backoff")),
                Double.parseDouble(get("multiplier")), TimeUtils.toMilliSeconds(get("max-backoff")), Double.parseDouble(get("jitter")));
    }

    /** {@code maxWait}: how long a call may wait for its turn under the limits (the record timeout: waiting is not failing). */
    CallGuard guard(CircuitBreakerConfig breaker, Duration maxWait) {
        return new CallGuard(check, maxConcurrent(), Boolean.parseBoolean(get("adaptive")), Integer.parseInt(get("min-concurrent")),
                Double.parseDouble(get("rate")), maxWait, breaker);
    }
}
