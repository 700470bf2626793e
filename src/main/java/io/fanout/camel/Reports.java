package io.fanout.camel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fanout.job.Job;
import io.fanout.job.Summary;
import io.fanout.job.Verdict;
import io.fanout.record.MalformedLine;
import io.fanout.report.DeadLetter;
import io.fanout.report.ReportWriter;
import io.fanout.store.JobRepository;
import io.fanout.store.JobStore;
import org.apache.camel.ExchangeProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.List;

/**
 * What the write-report route writes (bean "reports"), read from the job store in line order as it is written, so
 * a report of a million rows never sits in memory. Each file is written beside its place and moved in at once.
 */
public final class Reports {

    /** The statuses of report rows: every record with a verdict. */
    public static final List<String> REPORTED = List.of(Verdict.Status.VERIFIED.name(), Verdict.Status.FLAGGED.name(), Verdict.Status.FAILED.name());
    /** The statuses of dead letters: FAILED records and malformed lines. */
    public static final List<String> DEAD = List.of(Verdict.Status.FAILED.name(), JobRepository.MALFORMED);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobStore store;
    private final CheckPlan plan;
    private final JobOutputs outputs;

    public Reports(JobStore store, CheckPlan plan, JobOutputs outputs) {
        this.store = store;
        this.plan = plan;
        this.outputs = outputs;
    }

    /** NAME.report.csv: one row per record, each exactly once, in input order. */
    public void writeReport(@ExchangeProperty(JobSteps.JOB) String jobId) throws IOException, SQLException, InterruptedException {
        Job job = store.get(jobId);
        writeAtomically(outputs.report(job.name()), out -> report(jobId, job.columns(), out));
    }

    /** The report of a job as CSV on {@code out}. */
    public void report(String jobId, List<String> columns, Appendable out) throws IOException, SQLException, InterruptedException {
        try (ReportWriter.Rows rows = ReportWriter.open(columns, plan.names(), out)) {
            store.forEachResult(jobId, REPORTED, item -> {
                try {
                    rows.write((Verdict) item);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * NAME.dead-letter.ndjson written again from the store: each FAILED record and malformed line once, in input
     * order (the lines appended while it ran may hold one twice after a resume, or one a redrive has since fixed).
     */
    public void writeDeadLetters(@ExchangeProperty(JobSteps.JOB) String jobId) throws IOException, SQLException, InterruptedException {
        Job job = store.get(jobId);
        Path file = outputs.deadLetterFile(job.name());
        long[] letters = {0};
        writeAtomically(file, out -> store.forEachResult(jobId, DEAD, item -> {
            DeadLetter letter = item instanceof MalformedLine line ? DeadLetter.malformed(jobId, line) : DeadLetter.failed(jobId, (Verdict) item);
            try {
                out.write(JSON.writeValueAsString(letter));
                out.write('\n');
                letters[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        if (letters[0] == 0) Files.delete(file);  // as when nothing was ever dead-lettered: no file
    }

    public Summary summary(@ExchangeProperty(JobSteps.JOB) String jobId) {
        return store.get(jobId).summary();
    }

    private interface Content {
        void write(Writer out) throws IOException, SQLException, InterruptedException;
    }

    private static void writeAtomically(Path file, Content content) throws IOException, SQLException, InterruptedException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            content.write(out);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
