package io.fanout.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One batch being verified: which lines went out, which verdicts came back, and how it ended.
 * Thread-safe: every mutator is synchronized, since verdicts arrive from many worker threads.
 */
public final class Job {

    private final String id;
    private final String name;
    private final String label;
    private final String source;
    private final int concurrency;
    private final Instant startedAt;
    private final FailurePolicy policy;
    private final long startNanos = System.nanoTime();

    private final BitSet dispatched = new BitSet();
    private final Map<Long, Verdict> verdicts = new HashMap<>();
    private final Map<Verdict.Status, Long> counts = new java.util.EnumMap<>(Verdict.Status.class);
    private final CompletableFuture<Summary> done = new CompletableFuture<>();
    private long malformed;
    private boolean inputClosed;
    private List<String> columns = List.of();
    private JobStatus status = JobStatus.RUNNING;
    private Summary summary;

    /** {@code name} names the job's files; {@code label} is what the user called it (the file name, or ?name=). */
    public Job(String id, String name, String label, String source, int concurrency, Instant startedAt) {
        this(id, name, label, source, concurrency, startedAt, FailurePolicy.ANY_MAY_FAIL);
    }

    /** {@code policy}: how many records may fail before the job does. */
    public Job(String id, String name, String label, String source, int concurrency, Instant startedAt, FailurePolicy policy) {
        this.policy = policy;
        this.id = id;
        this.name = name;
        this.label = label;
        this.source = source;
        this.concurrency = concurrency;
        this.startedAt = startedAt;
    }

    public String id() { return id; }
    public String name() { return name; }
    public String label() { return label; }
    public int concurrency() { return concurrency; }
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

    /** The input's columns as known so far (a CSV header is known at once; JSON keys as records are read). */
    public synchronized void columns(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    /** The input is read to the end: no more records will be dispatched. */
    public synchronized void closeInput(List<String> columns) {
        this.inputClosed = true;
        this.columns = List.copyOf(columns);
    }

    /**
     * Keeps a verdict; false when the job has already finished, the line was never dispatched, or it already has
     * a verdict, so a late or replayed verdict can never add a row twice and the counts always add up.
     */
    public synchronized boolean accept(Verdict verdict) {
        if (status != JobStatus.RUNNING || verdicts.containsKey(verdict.line())
                || !dispatched.get(Math.toIntExact(verdict.line()))) return false;
        verdicts.put(verdict.line(), verdict);
        counts.merge(verdict.status(), 1L, Long::sum);
        return true;
    }

    public synchronized boolean isRunning() {
        return status == JobStatus.RUNNING;
    }

    /** How many arrivals complete the fan-in: one per dispatched record plus the start and end markers; 0 while unknown. */
    public synchronized int expectedArrivals() {
        return inputClosed ? dispatched.cardinality() + 2 : 0;
    }

    /** Where a job stands now: live counts while it runs, final ones after. */
    public synchronized Progress progress() {
        return new Progress(status, dispatched.cardinality(), verdicts.size(), count(Verdict.Status.VERIFIED),
                count(Verdict.Status.FLAGGED), count(Verdict.Status.FAILED), malformed,
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
    }

    /** Completes with the summary when the job finishes. */
    public CompletableFuture<Summary> done() {
        return done;
    }

    /** The verdicts received, in input order. */
    public synchronized List<Verdict> verdicts() {
        List<Verdict> ordered = new ArrayList<>(verdicts.values());
        ordered.sort(Comparator.comparingLong(Verdict::line));
        return ordered;
    }

    /**
     * Closes the job; {@code timedOut} when the fan-in gave up waiting. Idempotent: a second call returns the
     * first summary. Whoever waits on {@link #done()} is told outside the lock.
     */
    public Summary finish(boolean timedOut, Instant now) {
        Summary result;
        synchronized (this) {
            if (summary != null) return summary;
            long verified = count(Verdict.Status.VERIFIED);
            long flagged = count(Verdict.Status.FLAGGED);
            long failed = count(Verdict.Status.FAILED);
            List<Long> missingLines = new ArrayList<>();
            dispatched.stream().filter(line -> !verdicts.containsKey((long) line)).forEach(line -> missingLines.add((long) line));
            long records = dispatched.cardinality();
            long sumOfTaskMs = verdicts.values().stream().mapToLong(Verdict::taskMs).sum();
            long wallMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
            status = JobStatus.decide(timedOut, records, failed, malformed, policy);
            Failures failures = Failures.of(verdicts.values());
            summary = new Summary(id, name, label, source, status, records, verified, flagged, failed, malformed,
                    missingLines.size(), missingLines, failures.byCheck(), failures.byError(),
                    startedAt.toString(), now.toString(), wallMs, sumOfTaskMs, Summary.speedup(sumOfTaskMs, wallMs), concurrency);
            result = summary;
        }
        done.complete(result);
        return result;
    }

    private long count(Verdict.Status s) {
        return counts.getOrDefault(s, 0L);
    }

    /** Live counts: {@code records} dispatched so far, {@code done} of them with a verdict. */
    public record Progress(JobStatus status, long records, long done, long verified, long flagged, long failed,
                           long malformed, long elapsedMs) {
    }
}
