package io.fanout.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fanout.check.CheckOutcome;
import io.fanout.job.Verdict;
import io.fanout.record.MalformedLine;
import io.fanout.record.Record;

class DeadLetterTest {

    private static final List<String> CHECKS = List.of("address", "email", "suppression");

    private static Record record(long line) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", "7");
        fields.put("email", "x@example.com");
        return new Record(line, fields, "7,x@example.com");
    }

    @Test
    void aMalformedLineWasNeverAttempted() {
        DeadLetter letter = DeadLetter.malformed("job1", new MalformedLine(5, "1,\"open", "unterminated quote"));

        assertThat(letter).isEqualTo(new DeadLetter("job1", 5, "1,\"open", "malformed: unterminated quote", null, 0));
    }

    @Test
    void aVerdictWithOneFailedCheckNamesThatCheckAndItsError() {
        Verdict verdict = Verdict.decide(record(3), List.of(CheckOutcome.pass("address"),
                CheckOutcome.error("email", "HTTP 503 Service Unavailable (3 attempts)", 3),
                CheckOutcome.flag("suppression", "suppression: listed")), CHECKS);

        DeadLetter letter = DeadLetter.failed("job1", verdict);

        assertThat(letter).isEqualTo(new DeadLetter("job1", 3, "7,x@example.com",
                "email: HTTP 503 Service Unavailable (3 attempts)", "email", 3));
    }

    @Test
    void aVerdictWithTwoFailedChecksJoinsTheirNamesAndErrorsAndTakesTheMostAttempts() {
        Verdict verdict = Verdict.decide(record(3), List.of(
                CheckOutcome.error("email", "timeout: Read timed out (2 attempts)", 2),
                CheckOutcome.pass("suppression"),
                CheckOutcome.error("address", "HTTP 500 Server Error (4 attempts)", 4)), CHECKS);

        DeadLetter letter = DeadLetter.failed("job1", verdict);

        assertThat(letter).isEqualTo(new DeadLetter("job1", 3, "7,x@example.com",
                "address: HTTP 500 Server Error (4 attempts); email: timeout: Read timed out (2 attempts)",
                "address,email", 4));
    }

    @Test
    void aRecordLevelFailureCarriesTheVerdictErrorAndOneAttempt() {
        DeadLetter letter = DeadLetter.failed("job1", Verdict.failed(record(9), "verify-record: boom"));

        assertThat(letter).isEqualTo(new DeadLetter("job1", 9, "7,x@example.com", "verify-record: boom", null, 1));
    }

    @Test
    void jacksonWritesTheFieldsInOrder() throws JsonProcessingException {
        DeadLetter letter = new DeadLetter("job1", 3, "7,x@example.com", "email: HTTP 503 (2 attempts)", "email", 2);

        assertThat(new ObjectMapper().writeValueAsString(letter)).isEqualTo(
                "{\"job\":\"job1\",\"line\":3,\"raw\":\"7,x@example.com\",\"error\":\"email: HTTP 503 (2 attempts)\","
                        + "\"check\":\"email\",\"attempts\":2}");
    }

    @Test
    void jacksonOmitsANullCheck() throws JsonProcessingException {
        DeadLetter letter = DeadLetter.malformed("job1", new MalformedLine(5, "1,\"open", "unterminated quote"));

        assertThat(new ObjectMapper().writeValueAsString(letter)).isEqualTo(
                "{\"job\":\"job1\",\"line\":5,\"raw\":\"1,\\\"open\",\"error\":\"malformed: unterminated quote\","
                        + "\"attempts\":0}");
    }
}
