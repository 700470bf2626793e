package io.fanout.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One batch being verified: which lines went out, which verdicts came back, and how it ended.
 * Thread-safe: every mutator is synchronized, since verdicts arrive from many worker threads.
 */
public final class Job {

    private final String id;
    private final String name;
    private final String source;
    private final int concurrency;
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();

    private final BitSet dispatched = new BitSet();
    private final Map<Long, Verdict> verdicts = new HashMap<>();
    private long malformed;
    private boolean inputClosed;
    private List<String> columns = List.of();
    private JobStatus status = JobStatus.RUNNING;
    private Summary summary;

    public Job(String id, String name, String source, int concurrency, Instant startedAt) {
        this.id = id;
        this.name = name;
        this.source = source;
        this.concurrency = concurrency;
        this.startedAt = startedAt;
    }

    public String id() { return id; }
    public String name() { return name; }
    public String source() { return source; }
    public Instant startedAt() { return startedAt; }

    public synchronized JobStatus status() { return status; }
    public synchronized Summary summary() { return summary; }
    public synchronized List<String> columns() { return columns; }

    /** A record of this line was sent to the checks. */
    public synchronized void dispatched(long line) {
        dispatched.set(Math.toIntExact(line));
    }

    /** A line could not be read as a record. */
    public synchronized void malformed() {
        malformed++;
    }

    /** The input is read to the end: no more records will be dispatched. */
    public synchronized void closeInput(List<String> columns) {
        this.inputClosed = true;
        this.columns = List.copyOf(columns);
    }

    /**
     * Keeps a verdict; false when the job has already finished or this line already has one, so a late or
     * replayed verdict can never add a row twice.
     */
    public synchronized boolean accept(Verdict verdict) {
        if (status != JobStatus.RUNNING || verdicts.containsKey(verdict.line())) return false;
        verdicts.put(verdict.line(), verdict);
        return true;
    }

    public synchronized boolean isRunning() {
        return status == JobStatus.RUNNING;
    }

    /** How many arrivals complete the fan-in: one per dispatched record plus the start and end markers; 0 while unknown. */
    public synchronized int expectedArrivals() {
        return inputClosed ? dispatched.cardinality() + 2 : 0;
    }

    /** The verdicts received, in input order. */
    public synchronized List<Verdict> verdicts() {
        List<Verdict> ordered = new ArrayList<>(verdicts.values());
        ordered.sort(Comparator.comparingLong(Verdict::line));
        return ordered;
    }

    /** Closes the job; {@code timedOut} when the fan-in gave up waiting. Idempotent: a second call returns the first summary. */
    public synchronized Summary finish(boolean timedOut, Instant now) {
        if (summary != null) return summary;
        long verified = count(Verdict.Status.VERIFIED);
        long flagged = count(Verdict.Status.FLAGGED);
        long failed = count(Verdict.Status.FAILED);
        List<Long> missingLines = new ArrayList<>();
        dispatched.stream().filter(line -> !verdicts.containsKey((long) line)).forEach(line -> missingLines.add((long) line));
        long records = dispatched.cardinality();
        long sumOfTaskMs = verdicts.values().stream().mapToLong(Verdict::taskMs).sum();
        long wallMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        status = JobStatus.decide(timedOut, records, failed, malformed);
        summary = new Summary(id, name, source, status, records, verified, flagged, failed, malformed,
                missingLines.size(), missingLines, startedAt.toString(), now.toString(), wallMs, sumOfTaskMs,
                Summary.speedup(sumOfTaskMs, wallMs), concurrency);
        return summary;
    }

    private long count(Verdict.Status s) {
        return verdicts.values().stream().filter(v -> v.status() == s).count();
    }
}
