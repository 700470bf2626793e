package io.fanout.observe;

import io.fanout.check.CheckOutcome;
import io.fanout.job.JobStatus;
import io.fanout.job.Verdict;
import io.fanout.resilience.CallGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The fanout_* series, on the registry that Camel serves at /observe/metrics (Prometheus names in brackets):
 * records by status [fanout_records_total{status}], check outcomes [fanout_check_outcomes_total{check,result}],
 * each check's time per record [fanout_check_duration_seconds{check}: histogram buckets, _count, _sum, _max],
 * retried calls [fanout_check_retries_total{check}], breaker state [fanout_breaker_state{check}: 0 closed,
 * 1 half-open, 2 open], records being verified [fanout_records_in_flight], pool queues and busy threads
 * [fanout_pool_queue_depth{pool}, fanout_pool_active_threads{pool}] and jobs by status [fanout_jobs{status}].
 */
public final class FanoutMetrics {

    /** The pools whose queue depth is published (the Camel thread pool profiles of application.properties). */
    public static final List<String> POOLS = List.of("fanout-workers", "fanout-checks", "fanout-jobs");

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    FanoutMetrics(MeterRegistry registry, List<String> checks, Supplier<Map<JobStatus, Long>> jobs,
                  Function<String, CallGuard> guards, PoolWatch pools) {
        this.registry = registry;
        for (Verdict.Status status : Verdict.Status.values()) records(status.name());
        for (String check : checks) {
            for (CheckOutcome.Result result : CheckOutcome.Result.values()) outcomes(check, result.name());
            duration(check);
            retries(check);
            Gauge.builder("fanout.breaker.state", () -> breakerState(guards.apply(check)))
                    .description("The check's circuit breaker: 0 closed, 1 half-open (probing), 2 open (not calling)")
                    .tag("check", check).register(registry);
        }
        Gauge.builder("fanout.records.in.flight", inFlight, AtomicInteger::get)
                .description("Records being verified now (their checks running)").register(registry);
        for (String pool : POOLS) {
            Gauge.builder("fanout.pool.queue.depth", () -> pools.queued(pool))
                    .description("Tasks waiting in the pool's queue").tag("pool", pool).register(registry);
            Gauge.builder("fanout.pool.active.threads", () -> pools.active(pool))
                    .description("Threads of the pool running a task").tag("pool", pool).register(registry);
        }
        JobCounts jobCounts = new JobCounts(jobs);
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("fanout.jobs", () -> jobCounts.count(status))
                    .description("Jobs in the job store by status").tag("status", status.name()).register(registry);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A record went into verify-record. */
    void recordStarted() {
        inFlight.incrementAndGet();
    }

    /** A record left verify-record with {@code verdict} (null when it left without one). */
    void recordDone(Verdict verdict) {
        inFlight.decrementAndGet();
        if (verdict == null) return;
        records(verdict.status().name()).increment();
        for (CheckOutcome outcome : verdict.outcomes()) {
            outcomes(outcome.check(), outcome.result().name()).increment();
            // a check that never answered (no call made: the record timed out first) has no time of its own
            if (outcome.attempts() > 0) duration(outcome.check()).record(outcome.elapsedMs(), TimeUnit.MILLISECONDS);
        }
    }

    /** A check's call failed and is made again. */
    void retried(String check, int calls) {
        retries(check).increment(calls);
    }

    int inFlight() {
        return inFlight.get();
    }

    static int breakerState(CallGuard guard) {
        if (guard == null) return 0;
        CircuitBreaker.State state = guard.breakerState();
        return switch (state) {
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
            default -> 0;
        };
    }

    /** The jobs counted by status (in the job store) once for all the gauges of one scrape (kept for 250 ms), not once per status. */
    private static final class JobCounts {

        private final Supplier<Map<JobStatus, Long>> jobs;
        private Map<JobStatus, Long> counts = Map.of();
        private long countedAt;

        JobCounts(Supplier<Map<JobStatus, Long>> jobs) {
            this.jobs = jobs;
        }

        synchronized long count(JobStatus status) {
            long now = System.nanoTime();
            if (countedAt == 0 || now - countedAt > TimeUnit.MILLISECONDS.toNanos(250)) {
                counts = jobs.get();
                countedAt = now;
            }
            return counts.getOrDefault(status, 0L);
        }
    }

    private Counter records(String status) {
        return counters.computeIfAbsent("records/" + status, k -> Counter.builder("fanout.records")
                .description("Records verified, by the status of their verdict").tag("status", status).register(registry));
    }

    private Counter outcomes(String check, String result) {
        return counters.computeIfAbsent("outcomes/" + check + "/" + result, k -> Counter.builder("fanout.check.outcomes")
                .description("What each check said about each record").tag("check", check).tag("result", result).register(registry));
    }

    private Counter retries(String check) {
        return counters.computeIfAbsent("retries/" + check, k -> Counter.builder("fanout.check.retries")
                .description("Calls to the check's service made again after a failed one").tag("check", check).register(registry));
    }

    private Timer duration(String check) {
        return durations.computeIfAbsent(check, c -> Timer.builder("fanout.check.duration")
                .description("Time one check took for one record: its calls, retries and waits for a turn")
                .tag("check", c)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry));
    }
}
