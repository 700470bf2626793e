package io.fanout.job;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one job, as written to NAME.summary.json. The counts add up:
 * {@code records = verified + flagged + failed + missing}; dead letters = {@code malformed + failed}. The failed
 * records are also counted by the check that failed and by the kind of error (a record can fail on two checks).
 * {@code redrives}: how many times its FAILED records were run again (POST /api/jobs/{id}/redrive).
 */
@JsonPropertyOrder({"job", "name", "label", "source", "status", "records", "verified", "flagged", "failed", "malformed",
        "missing", "missingLines", "failuresByCheck", "failuresByError", "startedAt", "finishedAt", "wallMs", "sumOfTaskMs", "speedup", "concurrency", "redrives"})
public record Summary(String job, String name, String label, String source, JobStatus status,
                      long records, long verified, long flagged, long failed, long malformed,
                      long missing, List<Long> missingLines, Map<String, Long> failuresByCheck, Map<String, Long> failuresByError,
                      String startedAt, String finishedAt, long wallMs, long sumOfTaskMs, double speedup,
                      int concurrency, int redrives) {

    public Summary {
        missingLines = List.copyOf(missingLines);
        failuresByCheck = Collections.unmodifiableMap(new TreeMap<>(failuresByCheck));
        failuresByError = Collections.unmodifiableMap(new TreeMap<>(failuresByError));
    }

    /** sumOfTaskMs / wallMs, to one decimal: how many times faster than checking one record after another. */
    public static double speedup(long sumOfTaskMs, long wallMs) {
        return Math.round(10.0 * sumOfTaskMs / Math.max(1, wallMs)) / 10.0;
    }
}
