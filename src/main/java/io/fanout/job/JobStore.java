package io.fanout.job;

import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/** All jobs of this process, file and HTTP alike, by id. In memory for now. */
public final class JobStore {

    private final Map<String, Job> jobs = new HashMap<>();
    private final Clock clock;

    public JobStore(Clock clock) {
        this.clock = clock;
    }

    /** Registers a new running job with a fresh id. */
    public synchronized Job open(String name, String source, int concurrency) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Job job = new Job(id, name, source, concurrency, clock.instant());
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
