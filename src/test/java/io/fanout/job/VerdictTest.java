package io.fanout.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fanout.check.CheckOutcome;
import io.fanout.job.Verdict.Status;
import io.fanout.record.Record;

class VerdictTest {

    private static final List<String> CHECKS = List.of("address", "email", "suppression");

    private static Record record(long line) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", "1");
        fields.put("email", "a@example.com");
        return new Record(line, fields, "1,a@example.com");
    }

    private static Verdict decide(CheckOutcome... outcomes) {
        return Verdict.decide(record(2), List.of(outcomes), CHECKS);
    }

    // --- decide: status

    @Test
    void allPassesMakeTheRecordVerified() {
        Verdict verdict = decide(CheckOutcome.pass("address"), CheckOutcome.pass("email"), CheckOutcome.pass("suppression"));

        assertThat(verdict.status()).isEqualTo(Status.VERIFIED);
    }

    @Test
    void anyFlagWithoutErrorMakesTheRecordFlagged() {
        Verdict verdict = decide(CheckOutcome.pass("address"), CheckOutcome.flag("email", "email: disposable domain"),
                CheckOutcome.pass("suppression"));

        assertThat(verdict.status()).isEqualTo(Status.FLAGGED);
    }

    @Test
    void anyErrorMakesTheRecordFailed() {
        Verdict verdict = decide(CheckOutcome.pass("address"), CheckOutcome.flag("email", "email: disposable domain"),
                CheckOutcome.error("suppression", "HTTP 503 Service Unavailable (2 attempts)", 2));

        assertThat(verdict.status()).isEqualTo(Status.FAILED);
    }

    @Test
    void decidedVerdictHasNoRecordLevelError() {
        Verdict verdict = decide(CheckOutcome.pass("address"), CheckOutcome.pass("email"), CheckOutcome.pass("suppression"));

        assertThat(verdict.error()).isEmpty();
    }

    // --- decide: outcome order

    @Test
    void outcomesAreOrderedByTheGivenCheckList() {
        Verdict verdict = decide(CheckOutcome.pass("suppression"), CheckOutcome.pass("email"), CheckOutcome.pass("address"));

        assertThat(verdict.outcomes()).extracting(CheckOutcome::check).containsExactly("address", "email", "suppression");
    }

    @Test
    void aCheckMissingFromTheOutcomesBecomesANoAnswerError() {
        Verdict verdict = decide(CheckOutcome.pass("address"), CheckOutcome.pass("suppression"));

        assertThat(verdict.outcomes()).containsExactly(CheckOutcome.pass("address"),
                new CheckOutcome("email", CheckOutcome.Result.ERROR, "timeout: no answer within the record timeout", 0, 0),
                CheckOutcome.pass("suppression"));
    }

    @Test
    void aCheckMissingFromTheOutcomesMakesTheRecordFailed() {
        Verdict verdict = decide(CheckOutcome.pass("address"), CheckOutcome.pass("suppression"));

        assertThat(verdict.status()).isEqualTo(Status.FAILED);
    }

    @Test
    void unknownExtraChecksAreKeptAfterTheListedOnesSortedByName() {
        Verdict verdict = decide(CheckOutcome.pass("zip"), CheckOutcome.pass("suppression"), CheckOutcome.pass("blocklist"),
                CheckOutcome.pass("email"), CheckOutcome.pass("address"));

        assertThat(verdict.outcomes()).extracting(CheckOutcome::check)
                .containsExactly("address", "email", "suppression", "blocklist", "zip");
    }

    @Test
    void aFlagFromAnUnknownExtraCheckMakesTheRecordFlagged() {
        Verdict verdict = decide(CheckOutcome.pass("address"), CheckOutcome.pass("email"), CheckOutcome.pass("suppression"),
                CheckOutcome.flag("blocklist", "blocklist: listed"));

        assertThat(verdict.status()).isEqualTo(Status.FLAGGED);
    }

    @Test
    void onlyTheFirstOutcomeOfACheckThatAnsweredTwiceIsKept() {
        Verdict verdict = decide(CheckOutcome.pass("address"), CheckOutcome.flag("address", "address: late"),
                CheckOutcome.pass("email"), CheckOutcome.pass("suppression"));

        assertThat(verdict.outcomes()).containsExactly(CheckOutcome.pass("address"), CheckOutcome.pass("email"),
                CheckOutcome.pass("suppression"));
    }

    // --- failed

    @Test
    void failedIsARecordLevelFailureWithoutOutcomes() {
        Verdict verdict = Verdict.failed(record(7), "verify-record: IllegalStateException: boom");

        assertThat(verdict.status()).isEqualTo(Status.FAILED);
        assertThat(verdict.outcomes()).isEmpty();
        assertThat(verdict.error()).isEqualTo("verify-record: IllegalStateException: boom");
        assertThat(verdict.line()).isEqualTo(7);
    }

    @Test
    void aNullErrorIsKeptAsEmpty() {
        Verdict verdict = new Verdict(record(2), Status.VERIFIED, List.of(), null);

        assertThat(verdict.error()).isEqualTo("");
    }

    // --- reasons

    @Test
    void reasonsOfAllPassesAreEmpty() {
        Verdict verdict = decide(CheckOutcome.pass("address"), CheckOutcome.pass("email"), CheckOutcome.pass("suppression"));

        assertThat(verdict.reasons()).isEmpty();
    }

    @Test
    void aFlagReasonIsListedAsGiven() {
        Verdict verdict = decide(CheckOutcome.pass("address"), CheckOutcome.flag("email", "email: disposable domain"),
                CheckOutcome.pass("suppression"));

        assertThat(verdict.reasons()).containsExactly("email: disposable domain");
    }

    @Test
    void anErrorReasonIsPrefixedWithTheCheckName() {
        Verdict verdict = decide(CheckOutcome.pass("address"), CheckOutcome.pass("email"),
                CheckOutcome.error("suppression", "HTTP 503 Service Unavailable (2 attempts)", 2));

        assertThat(verdict.reasons()).containsExactly("suppression: HTTP 503 Service Unavailable (2 attempts)");
    }

    @Test
    void reasonsFollowTheCheckOrder() {
        Verdict verdict = decide(CheckOutcome.error("suppression", "timeout: Read timed out (3 attempts)", 3),
                CheckOutcome.flag("email", "email: disposable domain"),
                CheckOutcome.flag("address", "address: city 'Chicago' does not match 62704"));

        assertThat(verdict.reasons()).containsExactly("address: city 'Chicago' does not match 62704",
                "email: disposable domain", "suppression: timeout: Read timed out (3 attempts)");
    }

    @Test
    void theRecordLevelErrorIsTheLastReason() {
        Verdict verdict = new Verdict(record(2), Status.FAILED,
                List.of(CheckOutcome.flag("email", "email: disposable domain")), "fan-in: gave up");

        assertThat(verdict.reasons()).containsExactly("email: disposable domain", "fan-in: gave up");
    }

    @Test
    void reasonsOfARecordLevelFailureAreItsError() {
        Verdict verdict = Verdict.failed(record(2), "verify-record: boom");

        assertThat(verdict.reasons()).containsExactly("verify-record: boom");
    }

    // --- failedChecks, taskMs, attempts

    @Test
    void failedChecksNameOnlyTheErroredChecksInCheckOrder() {
        Verdict verdict = decide(CheckOutcome.error("suppression", "x", 1), CheckOutcome.flag("email", "email: y"),
                CheckOutcome.error("address", "z", 2));

        assertThat(verdict.failedChecks()).containsExactly("address", "suppression");
    }

    @Test
    void failedChecksOfARecordLevelFailureAreEmpty() {
        assertThat(Verdict.failed(record(2), "boom").failedChecks()).isEmpty();
    }

    @Test
    void taskMsIsTheSumOfTheChecksElapsedTimes() {
        Verdict verdict = decide(CheckOutcome.pass("address").withElapsedMs(120),
                CheckOutcome.flag("email", "email: y").withElapsedMs(45),
                CheckOutcome.error("suppression", "x", 2).withElapsedMs(300));

        assertThat(verdict.taskMs()).isEqualTo(465);
    }

    @Test
    void taskMsWithoutOutcomesIsZero() {
        assertThat(Verdict.failed(record(2), "boom").taskMs()).isZero();
    }

    @Test
    void attemptsIsTheMostCallsAnyOneCheckNeeded() {
        Verdict verdict = decide(CheckOutcome.pass("address").withAttempts(2), CheckOutcome.pass("email").withAttempts(4),
                CheckOutcome.pass("suppression"));

        assertThat(verdict.attempts()).isEqualTo(4);
    }

    @Test
    void attemptsWithoutOutcomesIsOne() {
        assertThat(Verdict.failed(record(2), "boom").attempts()).isEqualTo(1);
    }

    // --- outcome lookup

    @Test
    void outcomeFindsTheOutcomeOfACheckByName() {
        Verdict verdict = decide(CheckOutcome.pass("address"), CheckOutcome.flag("email", "email: y"),
                CheckOutcome.pass("suppression"));

        assertThat(verdict.outcome("email")).contains(CheckOutcome.flag("email", "email: y"));
        assertThat(verdict.outcome("zip")).isEmpty();
    }
}
