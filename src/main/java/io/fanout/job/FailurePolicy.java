package io.fanout.job;

/**
 * How many FAILED records a job may have and still complete: at most {@code maxFailedPercent} of its records and,
 * when set, at most {@code maxFailedRecords} (fanout.job.max-failed-percent and fanout.job.max-failed-records).
 */
public record FailurePolicy(double maxFailedPercent, Long maxFailedRecords) {

    /** No record may fail: the default. */
    public static final FailurePolicy NONE_MAY_FAIL = new FailurePolicy(0, null);
    /** Any number may fail (a job still fails when all its records do). */
    public static final FailurePolicy ANY_MAY_FAIL = new FailurePolicy(100, null);

    public FailurePolicy {
        if (maxFailedPercent < 0 || maxFailedPercent > 100) {
            throw new IllegalArgumentException("fanout.job.max-failed-percent must be between 0 and 100, not " + maxFailedPercent);
        }
        if (maxFailedRecords != null && maxFailedRecords < 0) {
            throw new IllegalArgumentException("fanout.job.max-failed-records must be 0 or more, or empty, not " + maxFailedRecords);
        }
    }

    public boolean tolerates(long failed, long records) {
        if (failed == 0) return true;
        return 100.0 * failed / Math.max(1, records) <= maxFailedPercent && (maxFailedRecords == null || failed <= maxFailedRecords);
    }
}
