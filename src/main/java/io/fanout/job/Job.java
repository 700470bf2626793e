package io.fanout.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One run of a batch being verified: which lines went out, which came back, and how it ended. The results
 * themselves live in the job store; a job keeps only counts and one bit per line, so a million lines cost little.
 * A resumed or redriven run starts from the {@link Tally} of the lines that already have a result.
 * Thread-safe: every mutator is synchronized, since verdicts arrive from many worker threads.
 */
public final class Job {

    private final JobInfo info;
    private final long startNanos = System.nanoTime();
    private final long earlierWallMs;

    private final BitSet ended;
    private final BitSet dispatched = new BitSet();
    private final Map<Verdict.Status, Long> counts;
    private final CompletableFuture<Summary> done = new CompletableFuture<>();
    private long malformed;
    private long sumOfTaskMs;
    private long answeredThisRun;
    private boolean inputClosed;
    private List<String> columns = List.of();
    private JobStatus status = JobStatus.RUNNING;
    private Summary summary;

    /** A first run: no line has a result yet. */
    public Job(JobInfo info) {
        this(info, Tally.NONE, 0);
    }

    /** A run that goes on from {@code tally} (a resume, or a redrive); {@code earlierWallMs}: time the job already ran. */
    public Job(JobInfo info, Tally tally, long earlierWallMs) {
        this.info = info;
        this.ended = (BitSet) tally.ended().clone();
        this.counts = new EnumMap<>(Verdict.Status.class);
        this.counts.putAll(tally.counts());
        this.malformed = tally.malformed();
        this.sumOfTaskMs = tally.sumOfTaskMs();
        this.earlierWallMs = earlierWallMs;
    }

    public JobInfo info() { return info; }
    public String id() { return info.id(); }
    public String name() { return info.name(); }
    public String label() { return info.label(); }
    public int concurrency() { return info.concurrency(); }
    public String source() { return info.source(); }
    public Instant startedAt() { return info.startedAt(); }

    public synchronized JobStatus status() { return status; }
    public synchronized Summary summary() { return summary; }
    public synchronized List<String> columns() { return columns; }

    /** True when this line already has a result (from this run or an earlier one): it is not sent again. */
    public synchronized boolean hasResult(long line) {
        return ended.get(Math.toIntExact(line));
    }

    /** A record of this line was sent to the checks. */
    public synchronized void dispatched(long line) {
        dispatched.set(Math.toIntExact(line));
    }

    /** A line could not be read as a record; false when it was already counted (read again after a resume). */
    public synchronized boolean malformed(long line) {
        int at = Math.toIntExact(line);
        if (ended.get(at)) return false;
        ended.set(at);
        malformed++;
        return true;
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
     * Keeps a verdict; false when the job has already finished, the line was not dispatched in this run, or it already
     * has a result, so a late or replayed verdict can never add a row twice and the counts always add up.
     */
    public synchronized boolean accept(Verdict verdict) {
        int at = Math.toIntExact(verdict.line());
        if (status != JobStatus.RUNNING || ended.get(at) || !dispatched.get(at)) return false;
        ended.set(at);
        counts.merge(verdict.status(), 1L, Long::sum);
        sumOfTaskMs += verdict.taskMs();
        answeredThisRun++;
        return true;
    }

    public synchronized boolean isRunning() {
        return status == JobStatus.RUNNING;
    }

    /** How many arrivals complete the fan-in: one per record dispatched in this run plus the start and end markers; 0 while unknown. */
    public synchronized int expectedArrivals() {
        return inputClosed ? dispatched.cardinality() + 2 : 0;
    }

    /** Where a job stands now: live counts while it runs, final ones after. */
    public synchronized Progress progress() {
        long answered = count(Verdict.Status.VERIFIED) + count(Verdict.Status.FLAGGED) + count(Verdict.Status.FAILED);
        long pending = dispatched.cardinality() - answeredThisRun;
        return new Progress(status, answered + pending, answered, count(Verdict.Status.VERIFIED),
                count(Verdict.Status.FLAGGED), count(Verdict.Status.FAILED), malformed, wallMs());
    }

    /** Completes with the summary once the job is closed: finished, its files written, the store told (see {@link #closed()}). */
    public CompletableFuture<Summary> done() {
        return done;
    }

    /**
     * The job's files are written and the store says it finished: whoever waits on {@link #done()} is told now, so
     * what they do next (read the report, redrive it) sees the finished job.
     */
    public void closed() {
        Summary result = summary();
        if (result == null) throw new IllegalStateException("job " + info.id() + " is closed before it finished");
        done.complete(result);
    }

    /**
     * Finishes the job; {@code timedOut} when the fan-in gave up waiting; {@code failures}: its FAILED records counted by
     * check and error (from the job store). Idempotent: a second call returns the first summary.
     */
    public Summary finish(boolean timedOut, Instant now, Failures failures) {
        synchronized (this) {
            if (summary != null) return summary;
            long verified = count(Verdict.Status.VERIFIED);
            long flagged = count(Verdict.Status.FLAGGED);
            long failed = count(Verdict.Status.FAILED);
            List<Long> missingLines = new ArrayList<>();
            dispatched.stream().filter(line -> !ended.get(line)).forEach(line -> missingLines.add((long) line));
            long records = verified + flagged + failed + missingLines.size();
            long wallMs = wallMs();
            status = JobStatus.decide(timedOut, records, failed, malformed, info.policy());
            summary = new Summary(info.id(), info.name(), info.label(), info.source(), status, records, verified, flagged,
                    failed, malformed, missingLines.size(), missingLines, failures.byCheck(), failures.byError(),
                    info.startedAt().toString(), now.toString(), wallMs, sumOfTaskMs, Summary.speedup(sumOfTaskMs, wallMs),
                    info.concurrency(), info.redrives());
            return summary;
        }
    }

    private long wallMs() {
        return earlierWallMs + Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    private long count(Verdict.Status s) {
        return counts.getOrDefault(s, 0L);
    }

    /** Live counts: {@code records} known so far, {@code done} of them with a verdict. */
    public record Progress(JobStatus status, long records, long done, long verified, long flagged, long failed,
                           long malformed, long elapsedMs) {
    }
}
