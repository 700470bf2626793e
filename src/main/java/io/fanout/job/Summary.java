package io.fanout.job;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The outcome of one job, as written to NAME.summary.json. The counts add up:
 * {@code records = verified + flagged + failed + missing}; dead letters = {@code malformed + failed}.
 */
@JsonPropertyOrder({"job", "name", "label", "source", "status", "records", "verified", "flagged", "failed", "malformed",
        "missing", "missingLines", "startedAt", "finishedAt", "wallMs", "sumOfTaskMs", "speedup", "concurrency"})
public record Summary(String job, String name, String label, String source, JobStatus status,
                      long records, long verified, long flagged, long failed, long malformed,
                      long missing, List<Long> missingLines,
                      String startedAt, String finishedAt, long wallMs, long sumOfTaskMs, double speedup,
                      int concurrency) {

    public Summary {
        missingLines = List.copyOf(missingLines);
    }

    /** sumOfTaskMs / wallMs, to one decimal: how many times faster than checking one record after another. */
    public static double speedup(long sumOfTaskMs, long wallMs) {
        return Math.round(10.0 * sumOfTaskMs / Math.max(1, wallMs)) / 10.0;
    }
}
