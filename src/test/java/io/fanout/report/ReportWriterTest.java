package io.fanout.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fanout.check.CheckOutcome;
import io.fanout.job.Verdict;
import io.fanout.record.Record;

class ReportWriterTest {

    private static final List<String> COLUMNS = List.of("id", "name", "email");
    private static final List<String> CHECKS = List.of("address", "email");
    private static final String HEADER = "id,name,email,line,status,reasons,check_address,check_email\r\n";

    private static Record record(long line, String... nameValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.put(nameValues[i], nameValues[i + 1]);
        }
        return new Record(line, fields, "raw " + line);
    }

    private static Verdict decide(Record record, CheckOutcome... outcomes) {
        return Verdict.decide(record, List.of(outcomes), CHECKS);
    }

    private static String write(Verdict... verdicts) throws IOException {
        StringBuilder out = new StringBuilder();
        ReportWriter.write(COLUMNS, CHECKS, List.of(verdicts), out);
        return out.toString();
    }

    @Test
    void headerIsTheInputColumnsThenLineStatusReasonsAndOneColumnPerCheck() {
        assertThat(ReportWriter.header(COLUMNS, List.of("address", "email", "suppression")))
                .containsExactly("id", "name", "email", "line", "status", "reasons",
                        "check_address", "check_email", "check_suppression");
    }

    @Test
    void aReportWithoutVerdictsIsTheHeaderLine() throws IOException {
        assertThat(write()).isEqualTo(HEADER);
    }

    @Test
    void aVerifiedRowHasEmptyReasonsAndEachChecksResult() throws IOException {
        Verdict verdict = decide(record(2, "id", "1", "name", "Jo", "email", "jo@example.com"),
                CheckOutcome.pass("address"), CheckOutcome.pass("email"));

        assertThat(write(verdict)).isEqualTo(HEADER + "1,Jo,jo@example.com,2,VERIFIED,,PASS,PASS\r\n");
    }

    @Test
    void aValueWithACommaIsQuoted() throws IOException {
        Verdict verdict = decide(record(2, "id", "1", "name", "Smith, Jo", "email", "jo@example.com"),
                CheckOutcome.pass("address"), CheckOutcome.pass("email"));

        assertThat(write(verdict)).isEqualTo(HEADER + "1,\"Smith, Jo\",jo@example.com,2,VERIFIED,,PASS,PASS\r\n");
    }

    @Test
    void aQuoteInAValueIsDoubledInsideQuotes() throws IOException {
        Verdict verdict = decide(record(2, "id", "1", "name", "Ann \"Nan\" Lee", "email", "ann@example.com"),
                CheckOutcome.pass("address"), CheckOutcome.pass("email"));

        assertThat(write(verdict))
                .isEqualTo(HEADER + "1,\"Ann \"\"Nan\"\" Lee\",ann@example.com,2,VERIFIED,,PASS,PASS\r\n");
    }

    @Test
    void aMissingFieldIsWrittenEmpty() throws IOException {
        Verdict verdict = decide(record(2, "id", "1", "name", "Jo"),
                CheckOutcome.pass("address"), CheckOutcome.pass("email"));

        assertThat(write(verdict)).isEqualTo(HEADER + "1,Jo,,2,VERIFIED,,PASS,PASS\r\n");
    }

    @Test
    void aFieldThatIsNotAColumnIsNotWritten() throws IOException {
        Verdict verdict = decide(record(2, "id", "1", "name", "Jo", "email", "jo@example.com", "extra", "x"),
                CheckOutcome.pass("address"), CheckOutcome.pass("email"));

        assertThat(write(verdict)).isEqualTo(HEADER + "1,Jo,jo@example.com,2,VERIFIED,,PASS,PASS\r\n");
    }

    @Test
    void reasonsAreJoinedWithSemicolonsInCheckOrder() throws IOException {
        Verdict verdict = decide(record(4, "id", "3", "name", "Bo", "email", "bo@example.com"),
                CheckOutcome.error("email", "HTTP 503 Service Unavailable (2 attempts)", 2),
                CheckOutcome.flag("address", "address: no such postal code 00000"));

        assertThat(write(verdict)).isEqualTo(HEADER + "3,Bo,bo@example.com,4,FAILED,"
                + "address: no such postal code 00000; email: HTTP 503 Service Unavailable (2 attempts),FLAG,ERROR\r\n");
    }

    @Test
    void aRecordLevelFailureLeavesTheCheckColumnsEmpty() throws IOException {
        Verdict verdict = Verdict.failed(record(5, "id", "4", "name", "Cy", "email", "cy@example.com"),
                "verify-record: boom");

        assertThat(write(verdict)).isEqualTo(HEADER + "4,Cy,cy@example.com,5,FAILED,verify-record: boom,,\r\n");
    }

    @Test
    void rowsAreWrittenInTheOrderGiven() throws IOException {
        Verdict later = decide(record(9, "id", "8", "name", "Di", "email", "di@example.com"),
                CheckOutcome.pass("address"), CheckOutcome.pass("email"));
        Verdict earlier = decide(record(2, "id", "1", "name", "Jo", "email", "jo@example.com"),
                CheckOutcome.pass("address"), CheckOutcome.pass("email"));

        assertThat(write(later, earlier)).isEqualTo(HEADER
                + "8,Di,di@example.com,9,VERIFIED,,PASS,PASS\r\n"
                + "1,Jo,jo@example.com,2,VERIFIED,,PASS,PASS\r\n");
    }

    @Test
    void aSmallReportReadsExactly() throws IOException {
        Verdict verified = decide(record(2, "id", "1", "name", "Smith, Jo", "email", "jo@example.com"),
                CheckOutcome.pass("address"), CheckOutcome.pass("email"));
        Verdict flagged = decide(record(3, "id", "2", "name", "Ann \"Nan\" Lee"),
                CheckOutcome.flag("address", "address: city 'Chicago' does not match 62704"), CheckOutcome.pass("email"));
        Verdict failedCheck = decide(record(4, "id", "3", "name", "Bo", "email", "bo@example.com"),
                CheckOutcome.pass("address"), CheckOutcome.error("email", "timeout: Read timed out (3 attempts)", 3));
        Verdict failedRecord = Verdict.failed(record(5, "id", "4", "name", "Cy", "email", "cy@example.com"),
                "verify-record: bad answer, gave up");

        assertThat(write(verified, flagged, failedCheck, failedRecord)).isEqualTo(
                "id,name,email,line,status,reasons,check_address,check_email\r\n"
                        + "1,\"Smith, Jo\",jo@example.com,2,VERIFIED,,PASS,PASS\r\n"
                        + "2,\"Ann \"\"Nan\"\" Lee\",,3,FLAGGED,address: city 'Chicago' does not match 62704,FLAG,PASS\r\n"
                        + "3,Bo,bo@example.com,4,FAILED,email: timeout: Read timed out (3 attempts),PASS,ERROR\r\n"
                        + "4,Cy,cy@example.com,5,FAILED,\"verify-record: bad answer, gave up\",,\r\n");
    }
}
