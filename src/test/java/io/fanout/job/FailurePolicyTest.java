package io.fanout.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailurePolicyTest {

    @Test
    void byDefaultOneFailedRecordFailsTheJob() {
        assertThat(JobStatus.decide(false, 100, 1, 0, FailurePolicy.NONE_MAY_FAIL)).isEqualTo(JobStatus.FAILED);
        assertThat(JobStatus.decide(false, 100, 0, 3, FailurePolicy.NONE_MAY_FAIL)).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
        assertThat(JobStatus.decide(false, 100, 0, 0, FailurePolicy.NONE_MAY_FAIL)).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void failuresWithinThePercentageCompleteWithFailures() {
        FailurePolicy twoPercent = new FailurePolicy(2, null);
        assertThat(JobStatus.decide(false, 100, 2, 0, twoPercent)).isEqualTo(JobStatus.COMPLETED_WITH_FAILURES);
        assertThat(JobStatus.decide(false, 100, 3, 0, twoPercent)).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void theRecordCountLimitAppliesBesideThePercentage() {
        FailurePolicy tenPercentButAtMostFive = new FailurePolicy(10, 5L);
        assertThat(tenPercentButAtMostFive.tolerates(5, 1000)).isTrue();
        assertThat(tenPercentButAtMostFive.tolerates(6, 1000)).isFalse();
        assertThat(tenPercentButAtMostFive.tolerates(5, 40)).isFalse();
    }

    @Test
    void limitsOutOfRangeAreRefusedWithTheAllowedRange() {
        assertThatThrownBy(() -> new FailurePolicy(101, null))
                .hasMessage("fanout.job.max-failed-percent must be between 0 and 100, not 101.0");
        assertThatThrownBy(() -> new FailurePolicy(1, -1L))
                .hasMessage("fanout.job.max-failed-records must be 0 or more, or empty, not -1");
    }

    @Test
    void failuresAreCountedByCheckAndByKindOfError() {
        assertThat(Failures.kind("HTTP 503 Service Unavailable (2 attempts)")).isEqualTo("HTTP 503");
        assertThat(Failures.kind("timeout: no answer within the record timeout")).isEqualTo("timeout");
        assertThat(Failures.kind("connection refused: Connection refused (4 attempts)")).isEqualTo("connection refused");
        assertThat(Failures.kind("IllegalStateException: bad answer")).isEqualTo("IllegalStateException");
    }
}
