package io.fanout.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.BitSet;
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
    private static final Failures NO_FAILURES = new Failures(Map.of(), Map.of());

    private static final JobInfo INFO = info(FailurePolicy.ANY_MAY_FAIL, 0);

    private final Job job = new Job(INFO);

    private static JobInfo info(FailurePolicy policy, int redrives) {
        return new JobInfo("abc123def456", "customers", "customers.csv", "file:customers.csv", 8, STARTED, policy, redrives);
    }

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

    private static Verdict timed(long line, long addressMs, long emailMs) {
        return Verdict.decide(record(line), List.of(CheckOutcome.pass("address").withElapsedMs(addressMs),
                CheckOutcome.pass("email").withElapsedMs(emailMs)), CHECKS);
    }

    private static void dispatch(Job job, long... lines) {
        for (long line : lines) job.dispatched(line);
    }

    private void dispatch(long... lines) {
        dispatch(job, lines);
    }

    private static BitSet bits(int... lines) {
        BitSet bits = new BitSet();
        for (int line : lines) bits.set(line);
        return bits;
    }

    // --- a new job

    @Test
    void aNewJobIsRunning() {
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.isRunning()).isTrue();
        assertThat(job.summary()).isNull();
        assertThat(job.done()).isNotDone();
    }

    @Test
    void aNewJobIsDescribedByItsInfo() {
        assertThat(job.info()).isSameAs(INFO);
        assertThat(job.id()).isEqualTo("abc123def456");
        assertThat(job.name()).isEqualTo("customers");
        assertThat(job.label()).isEqualTo("customers.csv");
        assertThat(job.source()).isEqualTo("file:customers.csv");
        assertThat(job.concurrency()).isEqualTo(8);
        assertThat(job.startedAt()).isEqualTo(STARTED);
    }

    @Test
    void aNewJobHasNoResultForAnyLine() {
        assertThat(job.hasResult(1)).isFalse();
        assertThat(job.hasResult(2)).isFalse();
        assertThat(job.hasResult(1_000_000)).isFalse();
    }

    // --- accept

    @Test
    void acceptKeepsTheFirstVerdictOfALine() {
        dispatch(2);

        assertThat(job.accept(verified(2))).isTrue();

        assertThat(job.hasResult(2)).isTrue();
        assertThat(job.progress().verified()).isEqualTo(1);
        assertThat(job.progress().done()).isEqualTo(1);
    }

    @Test
    void acceptRejectsASecondVerdictForTheSameLine() {
        dispatch(2);
        job.accept(verified(2));

        assertThat(job.accept(failed(2))).isFalse();
        assertThat(job.accept(verified(2))).isFalse();

        Job.Progress progress = job.progress();
        assertThat(progress.verified()).isEqualTo(1);
        assertThat(progress.failed()).isZero();
        assertThat(progress.done()).isEqualTo(1);
        assertThat(progress.records()).isEqualTo(1);
    }

    @Test
    void acceptRejectsAVerdictOfALineNeverDispatched() {
        dispatch(2);

        assertThat(job.accept(verified(3))).isFalse();

        assertThat(job.hasResult(3)).isFalse();
        assertThat(job.progress().done()).isZero();
    }

    @Test
    void acceptRejectsAVerdictAfterFinish() {
        dispatch(2, 3);
        job.accept(verified(2));
        job.finish(true, FINISHED, NO_FAILURES);

        assertThat(job.accept(verified(3))).isFalse();

        assertThat(job.hasResult(3)).isFalse();
        assertThat(job.summary().verified()).isEqualTo(1);
        assertThat(job.progress().verified()).isEqualTo(1);
    }

    @Test
    void hasResultIsTrueOnlyForLinesWithAVerdictOrMalformed() {
        dispatch(2, 3);
        job.accept(flagged(3));
        job.malformed(4);

        assertThat(job.hasResult(2)).isFalse();
        assertThat(job.hasResult(3)).isTrue();
        assertThat(job.hasResult(4)).isTrue();
        assertThat(job.hasResult(5)).isFalse();
    }

    // --- malformed

    @Test
    void malformedCountsALineOnce() {
        assertThat(job.malformed(4)).isTrue();
        assertThat(job.malformed(4)).isFalse();
        assertThat(job.malformed(7)).isTrue();

        assertThat(job.progress().malformed()).isEqualTo(2);
    }

    @Test
    void malformedIsRefusedForALineThatHasAVerdict() {
        dispatch(2);
        job.accept(verified(2));

        assertThat(job.malformed(2)).isFalse();

        assertThat(job.progress().malformed()).isZero();
    }

    @Test
    void aMalformedLineCannotGetAVerdictAfterwards() {
        job.malformed(2);
        dispatch(2);

        assertThat(job.accept(verified(2))).isFalse();
        assertThat(job.progress().verified()).isZero();
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

    @Test
    void columnsAreKnownBeforeTheInputIsClosed() {
        job.columns(List.of("id", "email"));

        assertThat(job.columns()).containsExactly("id", "email");
        assertThat(job.expectedArrivals()).isZero();
    }

    // --- finish

    @Test
    void finishCountsRecordsByVerdict() {
        dispatch(2, 3, 4, 5, 6, 7);
        job.malformed(8);
        job.malformed(9);
        job.accept(verified(2));
        job.accept(verified(3));
        job.accept(flagged(4));
        job.accept(failed(5));
        job.accept(failed(6));
        job.accept(failed(7));

        Summary summary = job.finish(false, FINISHED, NO_FAILURES);

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
        Summary summary = job.finish(false, FINISHED, NO_FAILURES);

        assertThat(summary.job()).isEqualTo("abc123def456");
        assertThat(summary.name()).isEqualTo("customers");
        assertThat(summary.label()).isEqualTo("customers.csv");
        assertThat(summary.source()).isEqualTo("file:customers.csv");
        assertThat(summary.startedAt()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(summary.finishedAt()).isEqualTo("2025-03-01T10:00:05Z");
        assertThat(summary.concurrency()).isEqualTo(8);
        assertThat(summary.redrives()).isZero();
    }

    @Test
    void finishKeepsTheFailuresGiven() {
        dispatch(2, 3);
        job.accept(failed(2));
        job.accept(verified(3));
        Failures failures = new Failures(Map.of("record", 1L), Map.of("verify-record", 1L));

        Summary summary = job.finish(false, FINISHED, failures);

        assertThat(summary.failuresByCheck()).containsExactly(Map.entry("record", 1L));
        assertThat(summary.failuresByError()).containsExactly(Map.entry("verify-record", 1L));
    }

    @Test
    void dispatchedLinesWithoutAVerdictAreMissingInLineOrder() {
        dispatch(9, 2, 5, 3, 7);
        job.accept(verified(3));
        job.accept(flagged(7));

        Summary summary = job.finish(true, FINISHED, NO_FAILURES);

        assertThat(summary.records()).isEqualTo(5);
        assertThat(summary.missing()).isEqualTo(3);
        assertThat(summary.missingLines()).containsExactly(2L, 5L, 9L);
    }

    @Test
    void aTimedOutFinishIsTimedOut() {
        dispatch(2, 3);
        job.accept(verified(2));

        Summary summary = job.finish(true, FINISHED, NO_FAILURES);

        assertThat(summary.status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(job.status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(job.isRunning()).isFalse();
    }

    @Test
    void everyRecordVerifiedFinishesCompleted() {
        dispatch(2, 3);
        job.accept(verified(2));
        job.accept(flagged(3));

        assertThat(job.finish(false, FINISHED, NO_FAILURES).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void aSecondFinishReturnsTheFirstSummary() {
        dispatch(2);
        job.accept(verified(2));
        Summary first = job.finish(false, FINISHED, NO_FAILURES);

        Summary second = job.finish(true, FINISHED.plusSeconds(60), new Failures(Map.of("email", 1L), Map.of("timeout", 1L)));

        assertThat(second).isSameAs(first);
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.summary()).isSameAs(first);
    }

    @Test
    void doneCompletesWithTheSummaryWhenClosedNotBefore() {
        dispatch(2);
        job.accept(verified(2));
        assertThat(job.done()).isNotDone();

        Summary summary = job.finish(false, FINISHED, NO_FAILURES);
        assertThat(job.done()).as("finished, its files not yet written").isNotDone();
        job.closed();

        assertThat(job.done()).isCompletedWithValue(summary);
    }

    @Test
    void aJobCannotBeClosedBeforeItFinished() {
        assertThatThrownBy(job::closed).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed before it finished");
    }

    @Test
    void progressCountsDispatchedRecordsAndVerdictsSoFar() {
        dispatch(2, 3, 4, 5, 6);
        job.malformed(7);
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
    void progressAfterFinishIsFinal() {
        dispatch(2, 3);
        job.accept(verified(2));
        Summary summary = job.finish(true, FINISHED, NO_FAILURES);

        Job.Progress progress = job.progress();

        assertThat(progress.status()).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(progress.records()).isEqualTo(2);
        assertThat(progress.done()).isEqualTo(1);
        assertThat(progress.elapsedMs()).isGreaterThanOrEqualTo(summary.wallMs());
    }

    @Test
    void sumOfTaskMsAddsUpEveryVerdictsTaskTime() {
        dispatch(2, 3, 4);
        job.accept(timed(2, 100, 50));
        job.accept(Verdict.decide(record(3), List.of(CheckOutcome.pass("address").withElapsedMs(30),
                CheckOutcome.error("email", "timeout: Read timed out (2 attempts)", 2).withElapsedMs(2000)), CHECKS));
        job.accept(failed(4));

        Summary summary = job.finish(false, FINISHED, NO_FAILURES);

        assertThat(summary.sumOfTaskMs()).isEqualTo(2180);
        assertThat(summary.speedup()).isEqualTo(Summary.speedup(2180, summary.wallMs()));
    }

    @Test
    void aRefusedVerdictAddsNoTaskTime() {
        dispatch(2);
        job.accept(timed(2, 100, 50));
        job.accept(timed(2, 1000, 1000));

        assertThat(job.finish(false, FINISHED, NO_FAILURES).sumOfTaskMs()).isEqualTo(150);
    }

    // --- failure policy

    @Test
    void theJobsPolicyDecidesWhetherFailedRecordsFailIt() {
        Job strict = new Job(info(FailurePolicy.NONE_MAY_FAIL, 0));
        Job lenient = new Job(info(FailurePolicy.ANY_MAY_FAIL, 0));
        for (Job j : List.of(strict, lenient)) {
            dispatch(j, 2, 3, 4);
            j.accept(verified(2));
            j.accept(verified(3));
            j.accept(failed(4));
        }

        assertThat(strict.finish(false, FINISHED, NO_FAILURES).status()).isEqualTo(JobStatus.FAILED);
        assertThat(lenient.finish(false, FINISHED, NO_FAILURES).status()).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
    }

    @Test
    void aPercentageAndACountOfFailedRecordsAreBothHonoured() {
        FailurePolicy fiftyPercentButAtMostOne = new FailurePolicy(50, 1L);
        Job oneOfFour = new Job(info(fiftyPercentButAtMostOne, 0));
        dispatch(oneOfFour, 2, 3, 4, 5);
        oneOfFour.accept(failed(2));
        oneOfFour.accept(verified(3));
        oneOfFour.accept(verified(4));
        oneOfFour.accept(verified(5));
        Job twoOfFour = new Job(info(fiftyPercentButAtMostOne, 0));
        dispatch(twoOfFour, 2, 3, 4, 5);
        twoOfFour.accept(failed(2));
        twoOfFour.accept(failed(3));
        twoOfFour.accept(verified(4));
        twoOfFour.accept(verified(5));

        assertThat(oneOfFour.finish(false, FINISHED, NO_FAILURES).status()).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
        assertThat(twoOfFour.finish(false, FINISHED, NO_FAILURES).status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void everyRecordFailedFailsTheJobWhateverThePolicy() {
        dispatch(2, 3);
        job.accept(failed(2));
        job.accept(failed(3));

        assertThat(job.finish(false, FINISHED, NO_FAILURES).status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void onlyMalformedLinesFailTheJob() {
        job.malformed(2);
        job.malformed(3);

        Summary summary = job.finish(false, FINISHED, NO_FAILURES);

        assertThat(summary.status()).isEqualTo(JobStatus.FAILED);
        assertThat(summary.records()).isZero();
        assertThat(summary.malformed()).isEqualTo(2);
    }

    // --- a run that goes on from a tally (resume, redrive)

    /** Lines 2, 3 VERIFIED, 4 FLAGGED, 5 FAILED; line 6 malformed; 900 ms of checks. */
    private static Tally earlier() {
        return new Tally(bits(2, 3, 4, 5, 6), Map.of(Verdict.Status.VERIFIED, 2L, Verdict.Status.FLAGGED, 1L, Verdict.Status.FAILED, 1L),
                1, 900);
    }

    @Test
    void aSeededRunReportsTheTalliedLinesAsHavingAResult() {
        Job resumed = new Job(INFO, earlier(), 0);

        assertThat(resumed.hasResult(2)).isTrue();
        assertThat(resumed.hasResult(3)).isTrue();
        assertThat(resumed.hasResult(4)).isTrue();
        assertThat(resumed.hasResult(5)).isTrue();
        assertThat(resumed.hasResult(6)).isTrue();
        assertThat(resumed.hasResult(1)).isFalse();
        assertThat(resumed.hasResult(7)).isFalse();
    }

    @Test
    void aSeededRunRefusesVerdictsAndMalformedForTalliedLines() {
        Job resumed = new Job(INFO, earlier(), 0);
        dispatch(resumed, 3, 5);

        assertThat(resumed.accept(failed(3))).isFalse();
        assertThat(resumed.accept(verified(5))).isFalse();
        assertThat(resumed.malformed(6)).isFalse();
        assertThat(resumed.malformed(2)).isFalse();

        Job.Progress progress = resumed.progress();
        assertThat(progress.verified()).isEqualTo(2);
        assertThat(progress.flagged()).isEqualTo(1);
        assertThat(progress.failed()).isEqualTo(1);
        assertThat(progress.malformed()).isEqualTo(1);
    }

    @Test
    void aSeededRunStartsItsCountsFromTheTally() {
        Job resumed = new Job(INFO, earlier(), 0);

        Job.Progress progress = resumed.progress();

        assertThat(progress.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(progress.verified()).isEqualTo(2);
        assertThat(progress.flagged()).isEqualTo(1);
        assertThat(progress.failed()).isEqualTo(1);
        assertThat(progress.malformed()).isEqualTo(1);
        assertThat(progress.done()).isEqualTo(4);
        assertThat(progress.records()).isEqualTo(4);
    }

    @Test
    void aSeededRunsProgressAddsTheTallyAndThisRun() {
        Job resumed = new Job(INFO, earlier(), 0);
        dispatch(resumed, 7, 8, 9);
        resumed.accept(verified(7));
        resumed.malformed(10);

        Job.Progress progress = resumed.progress();

        assertThat(progress.verified()).isEqualTo(3);
        assertThat(progress.done()).isEqualTo(5);
        assertThat(progress.records()).isEqualTo(7);
        assertThat(progress.records()).isEqualTo(progress.done() + 2);
        assertThat(progress.done()).isEqualTo(progress.verified() + progress.flagged() + progress.failed());
        assertThat(progress.malformed()).isEqualTo(2);
    }

    @Test
    void aSeededRunFinishesWithTheTallyAndThisRunTogether() {
        Job resumed = new Job(INFO, earlier(), 0);
        dispatch(resumed, 7, 8, 9);
        resumed.accept(timed(7, 40, 60));
        resumed.accept(failed(8));
        resumed.closeInput(List.of("id"));

        Summary summary = resumed.finish(true, FINISHED, NO_FAILURES);

        assertThat(summary.records()).isEqualTo(7);
        assertThat(summary.verified()).isEqualTo(3);
        assertThat(summary.flagged()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.malformed()).isEqualTo(1);
        assertThat(summary.missing()).isEqualTo(1);
        assertThat(summary.missingLines()).containsExactly(9L);
        assertThat(summary.sumOfTaskMs()).isEqualTo(1000);
        assertThat(resumed.expectedArrivals()).isEqualTo(5);
    }

    @Test
    void aSeededRunCountsTheTimeTheJobAlreadyRan() {
        Job resumed = new Job(INFO, earlier(), 60_000);

        assertThat(resumed.progress().elapsedMs()).isGreaterThanOrEqualTo(60_000);
        Summary summary = resumed.finish(false, FINISHED, NO_FAILURES);
        assertThat(summary.wallMs()).isGreaterThanOrEqualTo(60_000).isLessThan(120_000);
        assertThat(summary.speedup()).isEqualTo(Summary.speedup(900, summary.wallMs()));
    }

    @Test
    void aSeededRunLeavesTheTallyAsItWas() {
        Tally tally = earlier();
        Job resumed = new Job(INFO, tally, 0);
        dispatch(resumed, 7);
        resumed.accept(verified(7));
        resumed.malformed(8);

        assertThat(tally.ended()).isEqualTo(bits(2, 3, 4, 5, 6));
        assertThat(tally.counts()).containsEntry(Verdict.Status.VERIFIED, 2L);
    }

    @Test
    void aRedriveRunsTheLinesTheTallyLeftOut() {
        // a redrive's tally leaves the FAILED line 5 out: it runs again
        Tally withoutFailed = new Tally(bits(2, 3, 4, 6), Map.of(Verdict.Status.VERIFIED, 2L, Verdict.Status.FLAGGED, 1L), 1, 900);
        Job redrive = new Job(INFO.redriven(), withoutFailed, 5_000);
        assertThat(redrive.hasResult(5)).isFalse();
        dispatch(redrive, 5);

        assertThat(redrive.accept(verified(5))).isTrue();
        redrive.closeInput(List.of("id"));
        Summary summary = redrive.finish(false, FINISHED, NO_FAILURES);

        assertThat(summary.status()).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);  // line 6 is still malformed
        assertThat(summary.records()).isEqualTo(4);
        assertThat(summary.verified()).isEqualTo(3);
        assertThat(summary.failed()).isZero();
        assertThat(summary.missing()).isZero();
        assertThat(redrive.expectedArrivals()).isEqualTo(3);
    }

    @Test
    void theSummaryCountsTheRedrivesOfItsInfo() {
        Job redriven = new Job(INFO.redriven().redriven(), Tally.NONE, 0);

        Summary summary = redriven.finish(false, FINISHED, NO_FAILURES);

        assertThat(redriven.info().redrives()).isEqualTo(2);
        assertThat(summary.redrives()).isEqualTo(2);
    }

    @Test
    void aRunSeededFromNoTallyIsANewRun() {
        Job fresh = new Job(INFO, Tally.NONE, 0);

        assertThat(fresh.hasResult(2)).isFalse();
        assertThat(fresh.progress().done()).isZero();
        assertThat(fresh.progress().records()).isZero();
        assertThat(fresh.progress().malformed()).isZero();
    }
}
