package io.fanout.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStatusTest {

    @Test
    void aTimeoutIsTimedOutEvenWhenNothingFailed() {
        assertThat(JobStatus.decide(true, 5, 0, 0)).isEqualTo(JobStatus.TIMED_OUT);
    }

    @Test
    void aTimeoutWinsOverEveryRecordFailing() {
        assertThat(JobStatus.decide(true, 5, 5, 2)).isEqualTo(JobStatus.TIMED_OUT);
    }

    @Test
    void onlyMalformedLinesAndNoRecordsIsFailed() {
        assertThat(JobStatus.decide(false, 0, 0, 3)).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void everyRecordFailingIsFailed() {
        assertThat(JobStatus.decide(false, 4, 4, 0)).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void everyRecordFailingWithSomeMalformedLinesIsFailed() {
        assertThat(JobStatus.decide(false, 4, 4, 1)).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void someRecordsFailingIsCompletedWithFailures() {
        assertThat(JobStatus.decide(false, 4, 1, 0)).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
    }

    @Test
    void someMalformedLinesBesideGoodRecordsIsCompletedWithFailures() {
        assertThat(JobStatus.decide(false, 4, 0, 1)).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
    }

    @Test
    void noFailuresIsCompleted() {
        assertThat(JobStatus.decide(false, 4, 0, 0)).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void anEmptyInputIsCompleted() {
        assertThat(JobStatus.decide(false, 0, 0, 0)).isEqualTo(JobStatus.COMPLETED);
    }
}
