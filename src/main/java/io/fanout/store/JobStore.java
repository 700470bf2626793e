package io.fanout.store;

import io.fanout.job.FailurePolicy;
import io.fanout.job.Failures;
import io.fanout.job.Job;
import io.fanout.job.JobInfo;
import io.fanout.job.JobStatus;
import io.fanout.job.Summary;
import io.fanout.job.Tally;
import io.fanout.job.Verdict;
import io.fanout.record.Record;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * All jobs, file and HTTP alike: durable in the database ({@link JobRepository}), with the jobs running in this
 * process in memory (their counts; the results go to the store through the {@link ResultLog}). A finished job is
 * forgotten here and read from the store when asked for.
 */
public final class JobStore {

    /** Rows read at a time by {@link #failedRecords}. */
    static final int PAGE = 1_000;

    private final JobRepository repository;
    private final ResultLog results;
    private final Clock clock;
    private final FailurePolicy policy;
    private final Map<String, Job> running = new ConcurrentHashMap<>();

    /** {@code policy}: how many records of a new job may fail before the job does. */
    public JobStore(JobRepository repository, ResultLog results, Clock clock, FailurePolicy policy) {
        this.repository = repository;
        this.results = results;
        this.clock = clock;
        this.policy = policy;
    }

    /**
     * Registers a new running job with a fresh id; {@code naming} gives its name (of its files) from the id,
     * {@code input} is where its input is kept while it runs, {@code checksum} its SHA-256.
     */
    public Job open(UnaryOperator<String> naming, String label, String source, int concurrency, Path input, String checksum)
            throws SQLException {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        JobInfo info = new JobInfo(id, naming.apply(id), label, source, concurrency, clock.instant(), policy, 0);
        repository.insert(new StoredJob(info, input, checksum, JobStatus.RUNNING, StoredJob.Mode.RUN, List.of(), null, 0, 0, null));
        Job job = new Job(info);
        running.put(id, job);
        return job;
    }

    /**
     * The job to run now: one just opened, or one the store says is RUNNING though this process does not run it
     * (interrupted by a crash or a shutdown: it goes on from the results it has).
     */
    public Job run(String id) throws SQLException {
        Job job = running.get(id);
        if (job != null) return job;
        StoredJob stored = stored(id);
        if (stored.status() != JobStatus.RUNNING) throw new IllegalStateException("job " + id + " has finished (" + stored.status() + "): nothing to resume");
        repository.resumed(id);
        Tally tally = repository.tally(id, stored.mode() == StoredJob.Mode.REDRIVE);
        long ranMs = stored.mode() == StoredJob.Mode.REDRIVE ? stored.wallMs()
                : Duration.between(stored.info().startedAt(), clock.instant()).toMillis();
        return running.computeIfAbsent(id, key -> new Job(stored.info(), tally, ranMs));
    }

    /**
     * Starts a redrive of a finished job: its FAILED records run again. Empty when it is running, timed out (the
     * lines that never came back have no result to run again: run its input again instead), or has no FAILED record.
     */
    public Optional<Job> redrive(String id) throws SQLException {
        awaitClosing(id);
        StoredJob stored = stored(id);
        if (stored.status() == JobStatus.RUNNING || stored.status() == JobStatus.TIMED_OUT || failed(stored) == 0) return Optional.empty();
        if (!repository.startRedrive(id)) return Optional.empty();
        Tally tally = repository.tally(id, true);
        Job job = new Job(stored.info().redriven(), tally, stored.wallMs());
        running.put(id, job);
        return Optional.of(job);
    }

    /** A job that has finished but is still writing its files (its summary file may already be there) is waited for, briefly. */
    private void awaitClosing(String id) {
        Job finishing = running.get(id);
        if (finishing == null || finishing.summary() == null) return;
        try {
            finishing.done().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // it did not close: the store still says RUNNING, and the redrive is refused as for a running job
        }
    }

    private static long failed(StoredJob stored) {
        return stored.summaryJson() == null ? 0 : Summaries.read(stored.summaryJson()).failed();
    }

    /** Ids of the jobs left RUNNING by an earlier process, oldest first. */
    public List<String> interrupted() throws SQLException {
        return repository.running().stream().map(StoredJob::id).filter(id -> !running.containsKey(id)).toList();
    }

    /** Where the inputs of all RUNNING jobs are kept (this process's and those left by an earlier one). */
    public List<Path> runningInputs() throws SQLException {
        return repository.running().stream().map(StoredJob::input).toList();
    }

    /** Records a result of a running job (a verdict or a malformed line); stored in the next batch. */
    public void record(String jobId, Object result) {
        results.add(new JobRepository.Result(jobId, result));
    }

    /**
     * Closes a job and returns its summary; every result recorded before is stored first. The store still counts
     * it RUNNING until {@link #close} (once its files are written), so a crash in between runs it again.
     */
    public Summary finish(Job job, boolean timedOut) throws SQLException, InterruptedException {
        results.flush();
        Failures.Counter failures = new Failures.Counter();
        repository.forEachResult(job.id(), List.of(Verdict.Status.FAILED.name()), item -> failures.add((Verdict) item));
        return job.finish(timedOut, clock.instant(), failures.counted());
    }

    /**
     * The finished job's files are written: the store marks it finished with its summary, and it is forgotten here.
     * Returns the job as stored before (its mode says whether this run was a redrive).
     */
    public StoredJob close(String id) throws SQLException {
        Job job = get(id);
        StoredJob before = stored(id);
        repository.finish(id, job.summary(), clock.instant());
        running.remove(id);
        job.closed();
        return before;
    }

    /** The job's results in line order (each a Verdict or a MalformedLine), as stored; {@code statuses} says which. */
    public void forEachResult(String jobId, List<String> statuses, Consumer<Object> action) throws SQLException, InterruptedException {
        results.flush();
        repository.forEachResult(jobId, statuses, action);
    }

    /**
     * The records of a job's FAILED results, in line order, read a page of {@value #PAGE} at a time as they are taken
     * (a redrive of a million failed records holds one page, not a million). A page that cannot be read fails the
     * iteration with an {@link IllegalStateException}.
     */
    public Iterator<Record> failedRecords(String jobId) throws SQLException, InterruptedException {
        results.flush();
        return new Iterator<>() {
            private Iterator<Object> page = Collections.emptyIterator();
            private long lastLine;
            private boolean more = true;

            @Override
            public boolean hasNext() {
                if (!page.hasNext() && more) {
                    List<Object> next = read();
                    more = next.size() == PAGE;
                    page = next.iterator();
                }
                return page.hasNext();
            }

            @Override
            public Record next() {
                if (!hasNext()) throw new NoSuchElementException();
                Record record = ((Verdict) page.next()).record();
                lastLine = record.line();
                return record;
            }

            private List<Object> read() {
                try {
                    return repository.results(jobId, Verdict.Status.FAILED.name(), lastLine, PAGE);
                } catch (SQLException e) {
                    throw new IllegalStateException("could not read the failed records of job " + jobId + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** How many FAILED results the job has. */
    public long failedCount(String jobId) throws SQLException, InterruptedException {
        results.flush();
        return repository.count(jobId, Verdict.Status.FAILED.name());
    }

    public void saveColumns(String jobId, List<String> columns) throws SQLException {
        repository.saveColumns(jobId, columns);
    }

    /** The running job of this id in this process. */
    public Optional<Job> running(String id) {
        return Optional.ofNullable(running.get(id));
    }

    public Job get(String id) {
        return running(id).orElseThrow(() -> new NoSuchElementException("no running job " + id));
    }

    public Optional<StoredJob> find(String id) throws SQLException {
        return repository.find(id);
    }

    private StoredJob stored(String id) throws SQLException {
        return repository.find(id).orElseThrow(() -> new NoSuchElementException("no job " + id));
    }

    /** The newest jobs first, at most {@code limit}. */
    public List<StoredJob> recent(int limit) throws SQLException {
        return repository.recent(limit);
    }

    /** The newest job of this label with the same input: a file dropped again. */
    public Optional<StoredJob> findByContent(String label, String checksum) throws SQLException {
        return repository.findByContent(label, checksum);
    }

    /** Whether a job of this name runs in this process now. */
    public boolean isRunning(String name) {
        return running.values().stream().anyMatch(job -> job.name().equals(name));
    }

    /** Jobs by status; none while the database cannot be read (the metrics must not fail for it; health says why). */
    public Map<JobStatus, Long> countByStatusOrNone() {
        try {
            return repository.countByStatus();
        } catch (SQLException e) {
            return Map.of();
        }
    }

    public Clock clock() {
        return clock;
    }
}
