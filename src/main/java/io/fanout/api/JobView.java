package io.fanout.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fanout.job.Job;
import io.fanout.job.JobStatus;
import io.fanout.job.Summary;
import io.fanout.store.StoredJob;
import io.fanout.store.Summaries;

/** A job as the API shows it: the summary fields once it has finished, plus live progress while it runs here. */
final class JobView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobView() {
    }

    /** {@code live}: the job's run in this process, or null (finished, or left RUNNING by an earlier process). */
    static ObjectNode of(StoredJob stored, Job live) {
        Summary summary = live != null ? live.summary()
                : stored.status() != JobStatus.RUNNING ? Summaries.read(stored.summaryJson()) : null;
        ObjectNode view = summary != null ? JSON.valueToTree(summary) : JSON.createObjectNode()
                .put("job", stored.id()).put("name", stored.info().name()).put("label", stored.info().label())
                .put("source", stored.info().source()).put("status", live != null ? live.status().name() : stored.status().name())
                .put("startedAt", stored.info().startedAt().toString()).put("concurrency", stored.info().concurrency())
                .put("redrives", stored.info().redrives());
        if (live != null) {
            Job.Progress p = live.progress();
            if (summary == null) view.put("records", p.records());
            view.put("done", p.done()).put("verified", p.verified()).put("flagged", p.flagged())
                    .put("failed", p.failed()).put("malformed", p.malformed())
                    .put("elapsedMs", summary != null ? summary.wallMs() : p.elapsedMs());
        } else if (summary != null) {
            view.put("done", summary.verified() + summary.flagged() + summary.failed()).put("elapsedMs", summary.wallMs());
        } else {
            // left RUNNING by an earlier process: it resumes shortly
            view.put("records", 0).put("done", 0).put("verified", 0).put("flagged", 0).put("failed", 0).put("malformed", 0)
                    .put("elapsedMs", 0);
        }
        return view;
    }
}
