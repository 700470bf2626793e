package io.fanout.camel;

import io.fanout.job.Job;
import io.fanout.job.JobStore;
import io.fanout.job.Summary;
import io.fanout.job.Verdict;
import io.fanout.record.Record;
import io.fanout.record.RecordReader;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/** The job steps of the routes (bean "jobs"): adapts exchanges to the {@link JobStore}. */
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

    public JobSteps(JobStore store, int concurrency, JobOutputs outputs) {
        this.store = store;
        this.concurrency = concurrency;
        this.outputs = outputs;
    }

    public JobStore store() {
        return store;
    }

    public int concurrency() {
        return concurrency;
    }

    /** Opens a dropped file (failing here if it cannot be read at all) and registers its job; the body becomes its items. */
    public RecordReader openFile(@Header(Exchange.FILE_PATH) String path, @Header(Exchange.FILE_NAME_ONLY) String fileName,
                                 Exchange exchange) throws IOException {
        RecordReader reader = RecordReader.open(Path.of(path));
        Job job = store.open(id -> baseName(fileName), fileName, "file:" + fileName, concurrency);
        start(exchange, job, reader);
        return reader;
    }

    /**
     * Marks the exchange as belonging to {@code job}, reading from {@code input}. The outputs of an earlier job of
     * the same name are removed first, so a summary in the outbox always means this job is done.
     */
    public void start(Exchange exchange, Job job, RecordReader input) throws IOException {
        outputs.clear(job.name());
        job.columns(input.columns());
        exchange.setProperty(JOB, job.id());
        exchange.setProperty(JOB_NAME, job.name());
        exchange.setProperty(INPUT, input);
        exchange.setProperty(CONCURRENCY, job.concurrency());
        LOG.info("Job {} ({}) started from {}", job.id(), job.name(), job.source());
    }

    public void dispatched(@ExchangeProperty(JOB) String jobId, @Body Record record) {
        store.get(jobId).dispatched(record.line());
    }

    public void malformed(@ExchangeProperty(JOB) String jobId) {
        store.get(jobId).malformed();
    }

    /** The start-of-job marker: it opens the job's group in the fan-in before any verdict can arrive. */
    public JobOpened openFanIn(@ExchangeProperty(JOB) String jobId) {
        return new JobOpened(jobId);
    }

    /** The input is read to the end; the marker tells the fan-in that the job's size is now known. */
    public InputClosed closeInput(@ExchangeProperty(JOB) String jobId, @ExchangeProperty(INPUT) RecordReader input) {
        store.get(jobId).closeInput(input.columns());
        return new InputClosed(input.records(), input.malformed());
    }

    /** Lets a verdict or a marker into the fan-in, unless its job already finished (a late verdict, logged and dropped). */
    public boolean accept(@ExchangeProperty(JOB) String jobId, @Body Object body) {
        Job job = store.get(jobId);
        boolean accepted = body instanceof Verdict verdict ? job.accept(verdict) : job.isRunning();
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

    /** Closes the job: TIMED_OUT when the fan-in completed by timeout. */
    public Summary finish(@ExchangeProperty(JOB) String jobId,
                          @ExchangeProperty(Exchange.AGGREGATED_COMPLETED_BY) String completedBy, Exchange exchange) {
        Summary s = store.get(jobId).finish("timeout".equals(completedBy), store.clock().instant());
        exchange.setProperty("fanoutSummaryLine", "%s, %d records (%d verified, %d flagged, %d failed, %d missing), %d malformed, %d ms, speed-up %.1f"
                .formatted(s.status(), s.records(), s.verified(), s.flagged(), s.failed(), s.missing(), s.malformed(), s.wallMs(), s.speedup()));
        return s;
    }

    static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** The start-of-job marker. */
    public record JobOpened(String job) {
    }

    /** The end-of-input marker: how many records and malformed lines the input held. */
    public record InputClosed(long records, long malformed) {
    }
}
