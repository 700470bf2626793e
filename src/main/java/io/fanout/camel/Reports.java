package io.fanout.camel;

import io.fanout.job.Job;
import io.fanout.job.JobStore;
import io.fanout.job.Summary;
import io.fanout.record.RecordReader;
import io.fanout.report.ReportWriter;
import org.apache.camel.ExchangeProperty;

import java.io.IOException;

/** What the write-report route writes (bean "reports"). */
public final class Reports {

    private final JobStore store;
    private final CheckPlan plan;

    public Reports(JobStore store, CheckPlan plan) {
        this.store = store;
        this.plan = plan;
    }

    /** The report; its input columns come from the reader, which knows them even when the job timed out mid-file. */
    public String reportCsv(@ExchangeProperty(JobSteps.JOB) String jobId,
                            @ExchangeProperty(JobSteps.INPUT) RecordReader input) throws IOException {
        Job job = store.get(jobId);
        StringBuilder csv = new StringBuilder();
        ReportWriter.write(input.columns(), plan.names(), job.verdicts(), csv);
        return csv.toString();
    }

    public Summary summary(@ExchangeProperty(JobSteps.JOB) String jobId) {
        return store.get(jobId).summary();
    }
}
