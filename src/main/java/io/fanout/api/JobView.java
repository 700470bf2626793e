package io.fanout.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fanout.job.Job;
import io.fanout.job.Summary;

/** A job as the API shows it: the summary fields once it has finished, plus live progress at any time. */
final class JobView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobView() {
    }

    static ObjectNode of(Job job) {
        Job.Progress p = job.progress();
        Summary summary = job.summary();
        ObjectNode view = summary != null ? JSON.valueToTree(summary) : JSON.createObjectNode()
                .put("job", job.id()).put("name", job.name()).put("label", job.label()).put("source", job.source())
                .put("status", p.status().name()).put("records", p.records())
                .put("startedAt", job.startedAt().toString()).put("concurrency", job.concurrency());
        view.put("done", p.done()).put("verified", p.verified()).put("flagged", p.flagged())
                .put("failed", p.failed()).put("malformed", p.malformed())
                .put("elapsedMs", summary != null ? summary.wallMs() : p.elapsedMs());
        return view;
    }
}
