package io.fanout.store;

import io.fanout.job.JobInfo;
import io.fanout.job.JobStatus;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A job as the store keeps it: what it is, where its input is while it runs, where it stands, and (once finished)
 * its summary as written to NAME.summary.json.
 */
public record StoredJob(JobInfo info, Path input, String checksum, JobStatus status, Mode mode, List<String> columns,
                        Instant finishedAt, long wallMs, int resumes, String summaryJson) {

    /** What a RUNNING job is doing: reading its input, or running its FAILED records again. */
    public enum Mode { RUN, REDRIVE }

    public StoredJob {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    public String id() {
        return info.id();
    }
}
