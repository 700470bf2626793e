package io.fanout.camel;

import io.fanout.job.Job;
import io.fanout.job.Summary;
import io.fanout.job.Verdict;
import io.fanout.record.MalformedLine;
import io.fanout.record.Record;
import io.fanout.record.RecordReader;
import io.fanout.store.JobStore;
import io.fanout.store.StoredJob;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The job steps of the routes (bean "jobs"): adapts exchanges to the {@link JobStore}. Every job runs from a kept
 * input: a dropped file is moved to {@code <inbox>/.processing/} when it is claimed, a posted batch is written there
 * when accepted, and either leaves only when the job has finished, so a job cut off by a crash or a shutdown can
 * be read again at the next start ({@link #interrupted()}).
 */
public final class JobSteps {

    /** Exchange properties every route of a job carries. */
    public static final String JOB = "fanoutJob";
    public static final String JOB_NAME = "fanoutJobName";
    public static final String INPUT = "fanoutInput";
    public static final String CONCURRENCY = "fanoutConcurrency";

    private static final Logger LOG = LoggerFactory.getLogger(JobSteps.class);

    private final JobStore store;
    private final int concurrency;
    private final JobOutputs outputs;
    private final Intake intake;
    /** Held while an input moves into .processing/ and its job is registered, so the sweep at start never takes it for stale. */
    private final Object keeping = new Object();
    private volatile boolean stopping;
    private int activeRuns;

    /** Where inputs come in and wait while their job runs; whether a file dropped twice runs twice. */
    public record Intake(Path inbox, boolean allowDuplicates) {
        public Path processing() {
            return inbox.resolve(".processing");
        }

        public Path done() {
            return inbox.resolve(".done");
        }
    }

    public JobSteps(JobStore store, int concurrency, JobOutputs outputs, Intake intake) {
        this.store = store;
        this.concurrency = concurrency;
        this.outputs = outputs;
        this.intake = intake;
    }

    public JobStore store() {
        return store;
    }

    public int concurrency() {
        return concurrency;
    }

    public Intake intake() {
        return intake;
    }

    /** False once the service has begun to stop: no new job is taken. */
    public boolean acceptingWork() {
        return !stopping;
    }

    /**
     * Claims a dropped file for a job: checks that it can be read at all (else it fails here, and goes to .failed/),
     * moves it to .processing/ and registers its job. Returns the job id, or null when it is not run now: a file of
     * the same name and content was run before (it goes to .done/ with a note), a job of that name is still running
     * (it waits in the inbox), or the service is stopping.
     */
    public String claimFile(@Header(Exchange.FILE_PATH) String path, @Header(Exchange.FILE_NAME_ONLY) String fileName)
            throws IOException, SQLException {
        Path file = Path.of(path);
        String name = baseName(fileName);
        if (stopping || store.isRunning(name)) return null;
        try (RecordReader ignored = RecordReader.open(file)) {
            // opening reads the header: an unreadable file fails here
        }
        String checksum = sha256(file);
        Optional<StoredJob> earlier = intake.allowDuplicates() ? Optional.empty() : store.findByContent(fileName, checksum);
        if (earlier.isPresent()) {
            skipDuplicate(file, fileName, earlier.get());
            return null;
        }
        synchronized (keeping) {
            Path kept = Files.move(file, Files.createDirectories(intake.processing()).resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
            return open(store.open(id -> name, fileName, "file:" + fileName, concurrency, kept, checksum));
        }
    }

    /** A dropped file that cannot be read at all goes to .failed/, with NAME.error.txt beside it saying why. */
    public void reject(String path, String fileName, String reason) throws IOException {
        Path failed = Files.createDirectories(intake.inbox().resolve(".failed"));
        Files.move(Path.of(path), failed.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(failed.resolve(fileName + ".error.txt"), reason == null ? "unreadable" : reason);
    }

    /** Registers a posted batch's job: the batch is kept in .processing/ as batch-RANDOM.EXT until the job ends. */
    public Job openBatch(byte[] batch, RecordReader.Format format, String label, int width) throws IOException, SQLException {
        String file = "batch-" + UUID.randomUUID().toString().replace("-", "") + "." + format.name().toLowerCase(Locale.ROOT);
        Path kept = Files.createDirectories(intake.processing()).resolve(file);
        synchronized (keeping) {
            Files.write(kept, batch);
            Job job = store.open(jobId -> "job-" + jobId, label, "http", width, kept, sha256(batch));
            open(job);
            return job;
        }
    }

    /** A new job starts clean: what an earlier job of the same name left in the outbox is removed, the summary first. */
    private String open(Job job) throws IOException {
        outputs.clear(job.name());
        LOG.debug("Job {} ({}) accepted from {}", job.id(), job.name(), job.source());
        return job.id();
    }

    private void skipDuplicate(Path file, String fileName, StoredJob earlier) throws IOException {
        Path done = Files.createDirectories(intake.done());
        Files.move(file, done.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
        String note = "Not processed: %s has the same name and content (SHA-256 %s) as job %s, started %s (%s).%n"
                + "Redrive that job's failed records with POST /api/jobs/%s/redrive, or set fanout.intake.allow-duplicates=true to run a file again.%n";
        Files.writeString(done.resolve(fileName + ".duplicate.txt"), note.formatted(fileName, earlier.checksum(), earlier.id(),
                earlier.info().startedAt(), earlier.status(), earlier.id()));
        LOG.warn("{} skipped: same name and content as job {} (see .done/{}.duplicate.txt)", fileName, earlier.id(), fileName);
    }

    /**
     * Starts a run of job {@code jobId}: a new job, one an earlier process left unfinished (it goes on from its
     * stored results), or a redrive (its FAILED records, read back from the store). The body becomes the items to fan out.
     */
    public JobInput begin(@Body String jobId, Exchange exchange) throws IOException, SQLException, InterruptedException {
        StoredJob stored = store.find(jobId).orElseThrow(() -> new IllegalStateException("no job " + jobId + " in the job store"));
        if (stored.mode() == StoredJob.Mode.RUN && !Files.exists(stored.input())) {
            throw new IllegalStateException("job " + jobId + " cannot run: its input " + stored.input() + " is gone (put it back, and restart, to resume it)");
        }
        Job job = store.run(jobId);
        JobInput input;
        if (stored.mode() == StoredJob.Mode.REDRIVE) {
            input = JobInput.of(store.failedRecords(jobId), stored.columns(), () -> stopping);
            LOG.info("Job {} ({}): redrive of {} failed records", jobId, job.name(), store.failedCount(jobId));
        } else {
            input = JobInput.of(RecordReader.open(stored.input()), job::hasResult, () -> stopping);
            store.saveColumns(jobId, input.columns());
            LOG.info("Job {} ({}) started from {}{}", jobId, job.name(), job.source(),
                    job.progress().done() + job.progress().malformed() > 0 ? " (resumed: " + job.progress().done() + " records already done)" : "");
        }
        job.columns(input.columns());
        exchange.setProperty(JOB, job.id());
        exchange.setProperty(JOB_NAME, job.name());
        exchange.setProperty(INPUT, input);
        exchange.setProperty(CONCURRENCY, job.concurrency());
        countRun(exchange);
        return input;
    }

    /** The jobs an earlier process left RUNNING (they resume now); a kept input whose job has ended is archived. */
    public List<String> interrupted() throws IOException, SQLException {
        List<String> ids = store.interrupted();
        synchronized (keeping) {
            Set<Path> inputs = store.runningInputs().stream().map(Path::toAbsolutePath).collect(Collectors.toSet());
            sweep(inputs);
        }
        if (!ids.isEmpty()) LOG.info("Resuming {} interrupted job(s): {}", ids.size(), ids);
        return ids;
    }

    /** Moves what is left in .processing/ but belongs to no running job (its job ended as the service stopped) to .done/. */
    private void sweep(Set<Path> inputs) throws IOException {
        if (Files.isDirectory(intake.processing())) {
            try (Stream<Path> kept = Files.list(intake.processing())) {
                for (Path stale : kept.filter(p -> !inputs.contains(p.toAbsolutePath())).collect(Collectors.toList())) {
                    LOG.warn("{} belongs to no running job (its job ended as the service stopped): moved to .done/", stale.getFileName());
                    Files.move(stale, Files.createDirectories(intake.done()).resolve(stale.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    public void dispatched(@ExchangeProperty(JOB) String jobId, @Body Record record) {
        store.get(jobId).dispatched(record.line());
    }

    /** A malformed line: counted and stored once (it then goes to the dead letters). */
    public void malformed(@ExchangeProperty(JOB) String jobId, @Body MalformedLine line) {
        if (store.get(jobId).malformed(line.line())) store.record(jobId, line);
    }

    /** The start-of-job marker: it opens the job's group in the fan-in before any verdict can arrive. */
    public JobOpened openFanIn(@ExchangeProperty(JOB) String jobId) {
        return new JobOpened(jobId);
    }

    /** False when the service began to stop before the input was read to the end: the job stays RUNNING, to resume. */
    public boolean inputReadToTheEnd(@ExchangeProperty(JOB) String jobId, @ExchangeProperty(INPUT) JobInput input) {
        if (input.stopped()) {
            LOG.info("Job {} paused by the shutdown: it resumes at the next start", jobId);
        }
        return !input.stopped();
    }

    /** The input is read to the end; the marker tells the fan-in that the job's size is now known. */
    public InputClosed closeInput(@ExchangeProperty(JOB) String jobId, @ExchangeProperty(INPUT) JobInput input) throws SQLException {
        store.get(jobId).closeInput(input.columns());
        store.saveColumns(jobId, input.columns());
        return new InputClosed(jobId);
    }

    /** Lets a verdict or a marker into the fan-in, unless its job already finished (a late verdict, logged and dropped). */
    public boolean accept(@ExchangeProperty(JOB) String jobId, @Body Object body) {
        Job job = store.running(jobId).orElse(null);
        boolean accepted = job != null && (body instanceof Verdict verdict ? job.accept(verdict) : job.isRunning());
        if (accepted && body instanceof Verdict verdict) store.record(jobId, verdict);
        if (!accepted) {
            String what = body instanceof Verdict verdict ? "the verdict of line " + verdict.line() : "the end-of-input marker";
            LOG.warn("Job {}: dropped {}: it arrived after the job finished, or twice", jobId, what);
        }
        return accepted;
    }

    /** The fan-in's completion size; null (no decision yet) until the input is read to the end. */
    public Integer expectedArrivals(@ExchangeProperty(JOB) String jobId) {
        int expected = store.get(jobId).expectedArrivals();
        return expected == 0 ? null : expected;
    }

    /** Closes the job: TIMED_OUT when the fan-in completed by timeout. Every result is in the store after this. */
    public Summary finish(@ExchangeProperty(JOB) String jobId,
                          @ExchangeProperty(Exchange.AGGREGATED_COMPLETED_BY) String completedBy, Exchange exchange)
            throws SQLException, InterruptedException {
        Summary s = store.finish(store.get(jobId), "timeout".equals(completedBy));
        exchange.setProperty("fanoutSummaryLine", "%s, %d records (%d verified, %d flagged, %d failed, %d missing), %d malformed, %d ms, speed-up %.1f"
                .formatted(s.status(), s.records(), s.verified(), s.flagged(), s.failed(), s.missing(), s.malformed(), s.wallMs(), s.speedup()));
        return s;
    }

    /** The job's files are written: the store marks it finished, and its kept input leaves .processing/. */
    public void close(@ExchangeProperty(JOB) String jobId) throws SQLException, IOException {
        StoredJob stored = store.close(jobId);
        Path input = stored.input();
        // a redrive read the store, not the input: that left .processing/ when the job first finished
        if (stored.mode() == StoredJob.Mode.REDRIVE || !Files.exists(input)) return;
        if (stored.info().source().startsWith("file:")) {
            Files.move(input, Files.createDirectories(intake.done()).resolve(input.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(input);  // a posted batch: its records are in the store
        }
    }

    /**
     * The service is stopping: no new job or record is taken, and this waits up to {@code grace} for the runs in
     * flight to finish their records. True when they all did.
     */
    public synchronized boolean drain(Duration grace) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (activeRuns > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Counts the run until its exchange is done (drain waits for it). */
    private void countRun(Exchange exchange) {
        synchronized (this) {
            activeRuns++;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                synchronized (JobSteps.this) {
                    activeRuns--;
                    JobSteps.this.notifyAll();
                }
            }
        });
    }

    static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The start-of-job marker. */
    public record JobOpened(String job) {
    }

    /** The end-of-input marker. */
    public record InputClosed(String job) {
    }
}
