package io.fanout.job;

/** Where a job stands; every status but RUNNING is final. */
public enum JobStatus {
    RUNNING, COMPLETED, COMPLETED_WITH_FAILURES, FAILED, TIMED_OUT;

    /** {@link #decide(boolean, long, long, long, FailurePolicy)} with no limit on failed records. */
    public static JobStatus decide(boolean timedOut, long records, long failed, long malformed) {
        return decide(timedOut, records, failed, malformed, FailurePolicy.ANY_MAY_FAIL);
    }

    /**
     * How a finished job ends: TIMED_OUT when records never came back; FAILED when nothing usable came out
     * (every record failed, or every line was malformed) or more records failed than {@code policy} tolerates;
     * COMPLETED_WITH_FAILURES when some failed or some lines were malformed; else COMPLETED.
     */
    public static JobStatus decide(boolean timedOut, long records, long failed, long malformed, FailurePolicy policy) {
        if (timedOut) return TIMED_OUT;
        if (records == 0 && malformed > 0) return FAILED;
        if (records > 0 && failed == records) return FAILED;
        if (!policy.tolerates(failed, records)) return FAILED;
        if (failed > 0 || malformed > 0) return COMPLETED_WITH_FAILURES;
        return COMPLETED;
    }
}
