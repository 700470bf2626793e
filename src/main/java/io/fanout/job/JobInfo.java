package io.fanout.job;

import java.time.Instant;
import java.util.Objects;

/**
 * What a job is, as stored when it was accepted: {@code name} names its files, {@code label} is what the user called
 * it (the file name, or ?name=), {@code policy} how many records may fail; {@code redrives} counts its redrives.
 */
public record JobInfo(String id, String name, String label, String source, int concurrency, Instant startedAt,
                      FailurePolicy policy, int redrives) {

    public JobInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(policy, "policy");
    }

    public JobInfo redriven() {
        return new JobInfo(id, name, label, source, concurrency, startedAt, policy, redrives + 1);
    }
}
