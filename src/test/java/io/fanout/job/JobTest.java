package io.fanout.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fanout.check.CheckOutcome;
import io.fanout.record.Record;

class JobTest {

    private static final Instant STARTED = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant FINISHED = Instant.parse("2025-03-01T10:00:05Z");
    private static final List<String> CHECKS = List.of("address", "email");

    private final Job job = new Job("abc123def456", "customers", "customers.csv", "file:customers.csv", 8, STARTED);

    private static Record record(long line) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", Long.toString(line));
        return new Record(line, fields, "raw " + line);
    }

    private static Verdict verified(long line) {
        return Verdict.decide(record(line), List.of(CheckOutcome.pass("address"), CheckOutcome.pass("email")), CHECKS);
    }

    private static Verdict flagged(long line) {
        return Verdict.decide(record(line),
                List.of(CheckOutcome.pass("address"), CheckOutcome.flag("email", "email: disposable domain")), CHECKS);
    }

    private static Verdict failed(long line) {
        return Verdict.failed(record(line), "verify-record: boom");
    }

    private void dispatch(long... lines) {
        for (long line : lines) job.dispatched(line);
    }

    // --- accept

    @Test
    void aNewJobIsRunning() {
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.isRunning()).isTrue();
        assertThat(job.summary()).isNull();
    }

    @Test
    void acceptKeepsTheFirstVerdictOfALine() {
        dispatch(2);

        assertThat(job.accept(verified(2))).isTrue();
        assertThat(job.verdicts()).containsExactly(verified(2));
    }

    @Test
    void acceptRejectsASecondVerdictForTheSameLine() {
        dispatch(2);
        job.accept(verified(2));

        assertThat(job.accept(failed(2))).isFalse();
        assertThat(job.verdicts()).containsExactly(verified(2));
    }

    @Test
    void acceptRejectsAVerdictAfterFinish() {
        dispatch(2, 3);
        job.accept(verified(2));
        job.finish(true, FINISHED);

        assertThat(job.accept(verified(3))).isFalse();
        assertThat(job.verdicts()).containsExactly(verified(2));
    }

    // --- expected arrivals, columns

    @Test
    void expectedArrivalsIsZeroBeforeTheInputIsClosed() {
        dispatch(2, 3, 4);

        assertThat(job.expectedArrivals()).isZero();
    }

    @Test
    void expectedArrivalsIsTheRecordsPlusStartAndEndMarkersAfterTheInputIsClosed() {
        dispatch(2, 3, 4);
        job.closeInput(List.of("id", "email"));

        assertThat(job.expectedArrivals()).isEqualTo(5);
    }

    @Test
    void expectedArrivalsOfAnEmptyInputIsTwo() {
        job.closeInput(List.of("id"));

        assertThat(job.expectedArrivals()).isEqualTo(2);
    }

    @Test
    void aLineDispatchedTwiceCountsOnce() {
        dispatch(2, 2, 3);
        job.closeInput(List.of("id"));

        assertThat(job.expectedArrivals()).isEqualTo(4);
    }

    @Test
    void closeInputKeepsTheColumns() {
        assertThat(job.columns()).isEmpty();

        job.closeInput(List.of("id", "name", "email"));

        assertThat(job.columns()).containsExactly("id", "name", "email");
    }

    // --- verdicts

    @Test
    void verdictsAreSortedByLine() {
        dispatch(2, 3, 4, 10);
        job.accept(flagged(10));
        job.accept(verified(3));
        job.accept(failed(4));
        job.accept(verified(2));

        assertThat(job.verdicts()).extracting(Verdict::line).containsExactly(2L, 3L, 4L, 10L);
    }

    // --- finish

    @Test
    void finishCountsRecordsByVerdict() {
        dispatch(2, 3, 4, 5, 6, 7);
        job.malformed();
        job.malformed();
        job.accept(verified(2));
        job.accept(verified(3));
        job.accept(flagged(4));
        job.accept(failed(5));
        job.accept(failed(6));
        job.accept(failed(7));

        Summary summary = job.finish(false, FINISHED);

        assertThat(summary.records()).isEqualTo(6);
        assertThat(summary.verified()).isEqualTo(2);
        assertThat(summary.flagged()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(3);
        assertThat(summary.malformed()).isEqualTo(2);
        assertThat(summary.missing()).isZero();
        assertThat(summary.missingLines()).isEmpty();
        assertThat(summary.status()).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
    }

    @Test
    void finishDescribesTheJob() {
        Summary summary = job.finish(false, FINISHED);

        assertThat(summary.job()).isEqualTo("abc123def456");
        assertThat(summary.name()).isEqualTo("customers");
        assertThat(summary.label()).isEqualTo("customers.csv");
        assertThat(summary.source()).isEqualTo("file:customers.csv");
        assertThat(summary.startedAt()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(summary.finishedAt()).isEqualTo("2025-03-01T10:00:05Z");
        assertThat(summary.concurrency()).isEqualTo(8);
    }

    @Test
    void dispatchedLinesWithoutAVerdictAreMissingInLineOrder() {
        dispatch(9, 2, 5, 3, 7);
        job.accept(verified(3));
        job.accept(flagged(7));

        Summary summary = job.finish(true, FINISHED);

        assertThat(summary.missing()).isEqualTo(3);
        assertThat(summary.missingLines()).containsExactly(2L, 5L, 9L);
    }

    @Test
    void aTimedOutFinishIsTimedOut() {
        dispatch(2, 3);
        job.accept(verified(2));

        Summary summary = job.finish(true, FINISHED);

        assertThat(summary.status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(job.status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(job.isRunning()).isFalse();
    }

    @Test
    void everyRecordVerifiedFinishesCompleted() {
        dispatch(2, 3);
        job.accept(verified(2));
        job.accept(flagged(3));

        assertThat(job.finish(false, FINISHED).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void aSecondFinishReturnsTheFirstSummary() {
        dispatch(2);
        job.accept(verified(2));
        Summary first = job.finish(false, FINISHED);

        Summary second = job.finish(true, FINISHED.plusSeconds(60));

        assertThat(second).isSameAs(first);
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.summary()).isSameAs(first);
    }

    @Test
    void doneCompletesWithTheSummaryOnFinish() {
        dispatch(2);
        job.accept(verified(2));
        assertThat(job.done()).isNotDone();

        Summary summary = job.finish(false, FINISHED);

        assertThat(job.done()).isCompletedWithValue(summary);
    }

    @Test
    void progressCountsDispatchedRecordsAndVerdictsSoFar() {
        dispatch(2, 3, 4, 5, 6);
        job.malformed();
        job.accept(verified(2));
        job.accept(flagged(3));
        job.accept(failed(4));
        job.accept(failed(4));

        Job.Progress progress = job.progress();

        assertThat(progress.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(progress.records()).isEqualTo(5);
        assertThat(progress.done()).isEqualTo(3);
        assertThat(progress.verified()).isEqualTo(1);
        assertThat(progress.flagged()).isEqualTo(1);
        assertThat(progress.failed()).isEqualTo(1);
        assertThat(progress.malformed()).isEqualTo(1);
    }

    @Test
    void sumOfTaskMsAddsUpEveryVerdictsTaskTime() {
        dispatch(2, 3, 4);
        job.accept(Verdict.decide(record(2), List.of(CheckOutcome.pass("address").withElapsedMs(100),
                CheckOutcome.pass("email").withElapsedMs(50)), CHECKS));
        job.accept(Verdict.decide(record(3), List.of(CheckOutcome.pass("address").withElapsedMs(30),
                CheckOutcome.error("email", "timeout: Read timed out (2 attempts)", 2).withElapsedMs(2000)), CHECKS));
        job.accept(failed(4));

        Summary summary = job.finish(false, FINISHED);

        assertThat(summary.sumOfTaskMs()).isEqualTo(2180);
        assertThat(summary.speedup()).isEqualTo(Summary.speedup(2180, summary.wallMs()));
    }
}
