package io.fanout.job;

import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** All jobs of this process, file and HTTP alike, by id. In memory for now. */
public final class JobStore {

    private final Map<String, Job> jobs = new HashMap<>();
    private final Clock clock;
    private final FailurePolicy policy;

    public JobStore(Clock clock) {
        this(clock, FailurePolicy.ANY_MAY_FAIL);
    }

    /** {@code policy}: how many records of a job may fail before the job does. */
    public JobStore(Clock clock, FailurePolicy policy) {
        this.clock = clock;
        this.policy = policy;
    }

    /** Registers a new running job with a fresh id; {@code naming} gives its name (of its files) from the id. */
    public synchronized Job open(UnaryOperator<String> naming, String label, String source, int concurrency) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Job job = new Job(id, naming.apply(id), label, source, concurrency, clock.instant(), policy);
        jobs.put(id, job);
        return job;
    }

    public synchronized Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    public Job get(String id) {
        return find(id).orElseThrow(() -> new NoSuchElementException("no job " + id));
    }

    /** Newest first. */
    public synchronized List<Job> recent() {
        return jobs.values().stream().sorted(Comparator.comparing(Job::startedAt).reversed()).toList();
    }

    public Clock clock() {
        return clock;
    }
}
