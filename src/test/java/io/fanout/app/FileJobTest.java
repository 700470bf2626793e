package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Files dropped into the inbox of the running application, checked over real HTTP and SQL, give exact reports. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileJobTest {

    RunningApp app;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        app = RunningApp.start(dir, Map.of());
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void csvFileGivesTheExactReportSummaryAndDeadLetters() throws Exception {
        app.drop("mailing.csv", """
                id,name,email,city,state,postal_code
                1,Ann Lee,ann@example.com,Springfield,IL,62704
                2,"Bo, Jr.",bo@example.com,Chicago,IL,62704
                3,Cy,cy@mailinator.com,Boston,MA,02108
                4,Di,JREYES1@Comcast.net,New York,NY,10001
                5,Ed,ed@@example.com,Miami,FL,33101
                6,Fay,fay@example.com,Miami,FL

                7,"Gus ""G"" Grant",gus@example.com,  san francisco ,ca,94105-1234
                8,Hal,hal@example.com,Boston,NY,99999
                """);

        JsonNode summary = app.awaitSummary("mailing", Duration.ofSeconds(30));

        assertThat(app.report("mailing")).isEqualTo(String.join("\r\n",
                "id,name,email,city,state,postal_code,line,status,reasons,check_address,check_email,check_suppression",
                "1,Ann Lee,ann@example.com,Springfield,IL,62704,2,VERIFIED,,PASS,PASS,PASS",
                "2,\"Bo, Jr.\",bo@example.com,Chicago,IL,62704,3,FLAGGED,\"address: city 'Chicago' does not match 62704 (Springfield, IL)\",FLAG,PASS,PASS",
                "3,Cy,cy@mailinator.com,Boston,MA,02108,4,FLAGGED,email: mailinator.com is a disposable-mail domain,PASS,FLAG,PASS",
                "4,Di,JREYES1@Comcast.net,New York,NY,10001,5,FLAGGED,suppression: JREYES1@Comcast.net is on the do-not-mail list,PASS,PASS,FLAG",
                "5,Ed,ed@@example.com,Miami,FL,33101,6,FLAGGED,email: 'ed@@example.com' is not a valid address,PASS,FLAG,PASS",
                "7,\"Gus \"\"G\"\" Grant\",gus@example.com,\"  san francisco \",ca,94105-1234,9,VERIFIED,,PASS,PASS,PASS",
                "8,Hal,hal@example.com,Boston,NY,99999,10,FLAGGED,address: postal code '99999' is unknown,FLAG,PASS,PASS",
                ""));
        assertThat(summary.get("status").asText()).isEqualTo("COMPLETED_WITH_FAILURES");
        assertThat(counts(summary)).isEqualTo(List.of(7, 2, 5, 0, 1, 0));
        assertThat(summary.get("source").asText()).isEqualTo("file:mailing.csv");
        assertThat(summary.get("concurrency").asInt()).isEqualTo(50);
        assertThat(summary.get("sumOfTaskMs").asLong()).isGreaterThanOrEqualTo(7 * 2 * 5);

        List<JsonNode> deadLetters = app.deadLetters("mailing");
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).get("line").asLong()).isEqualTo(7);
        assertThat(deadLetters.get(0).get("raw").asText()).isEqualTo("6,Fay,fay@example.com,Miami,FL");
        assertThat(deadLetters.get(0).get("error").asText()).isEqualTo("malformed: expected 6 fields, found 5");
        assertThat(deadLetters.get(0).get("job").asText()).isEqualTo(summary.get("job").asText());

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(app.inbox().resolve(".done/mailing.csv")));
    }

    @Test
    void jsonAndNdjsonFilesAreJobsToo() throws Exception {
        app.drop("people.json", """
                [
                  {"id": 1, "email": "ann@example.com", "city": "Springfield", "state": "IL", "postal_code": "62704"},
                  {"id": 2, "email": "bo@mailinator.com", "city": "Springfield", "state": "IL", "postal_code": "62704"},
                  42
                ]
                """);
        app.drop("people-lines.ndjson", """
                {"id": 1, "email": "ann@example.com", "city": "Springfield", "state": "IL", "postal_code": "62704"}
                {"id": 2, "email": "bo@example.com", "city": "Springfield", "state": "MO", "postal_code": "62704"
                {"id": 3, "email": "cy@example.com", "city": "Boston", "state": "MA", "postal_code": "02108", "vip": true}
                """);

        JsonNode json = app.awaitSummary("people", Duration.ofSeconds(30));
        assertThat(counts(json)).isEqualTo(List.of(2, 1, 1, 0, 1, 0));
        assertThat(app.report("people")).startsWith("id,email,city,state,postal_code,line,status,")
                .contains("1,ann@example.com,Springfield,IL,62704,2,VERIFIED,")
                .contains("2,bo@mailinator.com,Springfield,IL,62704,3,FLAGGED,email: mailinator.com is a disposable-mail domain,");
        assertThat(app.deadLetters("people")).singleElement()
                .satisfies(d -> assertThat(d.get("line").asLong()).isEqualTo(4));

        JsonNode ndjson = app.awaitSummary("people-lines", Duration.ofSeconds(30));
        assertThat(counts(ndjson)).isEqualTo(List.of(2, 2, 0, 0, 1, 0));
        assertThat(app.report("people-lines")).startsWith("id,email,city,state,postal_code,vip,line,status,")
                .contains("3,cy@example.com,Boston,MA,02108,true,3,VERIFIED,");
        assertThat(app.deadLetters("people-lines")).singleElement()
                .satisfies(d -> assertThat(d.get("line").asLong()).isEqualTo(2));
    }

    @Test
    void aFileThatCannotBeReadGoesToFailedWithTheReason() throws Exception {
        app.drop("broken.csv", "id,email,email\n1,a@example.com,b@example.com\n");

        Path note = app.inbox().resolve(".failed/broken.csv.error.txt");
        Path failed = app.inbox().resolve(".failed/broken.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(note) && Files.exists(failed));
        assertThat(Files.readString(note)).isEqualTo("the header names column \"email\" twice (columns 2 and 3)");
        assertThat(app.outbox().resolve("broken.summary.json")).doesNotExist();
    }

    @Test
    void droppingAFileOfTheSameNameAgainReplacesTheEarlierOutputs() throws Exception {
        String header = "id,email,city,state,postal_code\n";
        app.drop("again.csv", header + "1,a@example.com,Springfield,IL,62704\n1,broken\n");
        assertThat(app.awaitSummary("again", Duration.ofSeconds(30)).get("records").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(app.inbox().resolve(".done/again.csv")));

        app.drop("again.csv", header + "1,a@example.com,Springfield,IL,62704\n2,b@example.com,Springfield,IL,62704\n");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(app.outbox().resolve("again.summary.json"))
                && app.awaitSummary("again", Duration.ofSeconds(1)).get("records").asInt() == 2);
        assertThat(app.report("again").lines()).hasSize(3);
        assertThat(app.deadLetters("again")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(app.inbox().resolve("again.csv")));
        assertThat(Files.readString(app.inbox().resolve(".done/again.csv"))).contains("2,b@example.com");
    }

    @Test
    void theSampleOf2000CustomersEndsEachLineInExactlyOnePlace() throws Exception {
        app.drop("customers-2000.csv", Files.readAllBytes(Path.of("samples/customers-2000.csv")));

        JsonNode summary = app.awaitSummary("customers-2000", Duration.ofSeconds(60));

        // the planted defects of samples/README.md: 105 address, 60 e-mail and 25 suppression flags, 3 malformed lines
        assertThat(counts(summary)).isEqualTo(List.of(1997, 1807, 190, 0, 3, 0));
        List<String> rows = app.report("customers-2000").lines().skip(1).toList();
        assertThat(rows).hasSize(1997);
        assertThat(rows.stream().filter(r -> r.contains(",FLAG,PASS,PASS"))).hasSize(105);
        assertThat(rows.stream().filter(r -> r.contains(",PASS,FLAG,PASS"))).hasSize(60);
        assertThat(rows.stream().filter(r -> r.contains(",PASS,PASS,FLAG"))).hasSize(25);
        assertThat(app.deadLetters("customers-2000")).extracting(d -> d.get("line").asLong()).containsExactly(334L, 1001L, 1667L);
        // report rows + malformed lines = the 2,000 data lines
        assertThat(rows.size() + summary.get("malformed").asInt()).isEqualTo(2000);
    }

    /** records, verified, flagged, failed, malformed, missing. */
    static List<Integer> counts(JsonNode summary) {
        return List.of(summary.get("records").asInt(), summary.get("verified").asInt(), summary.get("flagged").asInt(),
                summary.get("failed").asInt(), summary.get("malformed").asInt(), summary.get("missing").asInt());
    }
}
