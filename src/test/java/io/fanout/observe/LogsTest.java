package io.fanout.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.fanout.app.RunningApp;
import io.fanout.observe.LogCapture.Line;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Log lines: one INFO line at the start and one at the end of a job, none per record; a record's lines carry its job and line. */
class LogsTest {

    @Test
    void aJobLogsTwoInfoLinesAndItsRecordsLinesCarryJobAndLine(@TempDir Path dir) throws Exception {
        try (StubEmailService email = new StubEmailService(0);
             RunningApp app = RunningApp.start(dir, Map.of("fanout.checks.email.url", email.url()));
             // the retry of a check is logged at DEBUG by Camel's error handler: let it through to see its MDC
             LogCapture logs = new LogCapture("org.apache.camel.processor.errorhandler")) {
            // 40 records, one of which (line 12) is answered 503 once and retried
            String csv = "id,name,email,city,state,postal_code\n" + IntStream.rangeClosed(1, 40)
                    .mapToObj(i -> i + ",P" + i + "," + (i == 11 ? "flaky" : "p" + i) + "@example.com,Springfield,IL,62704")
                    .collect(Collectors.joining("\n")) + "\n";
            app.drop("forty.csv", csv);
            JsonNode summary = app.awaitSummary("forty", Duration.ofSeconds(30));
            assertThat(summary.get("verified").asInt()).isEqualTo(40);
            String job = summary.get("job").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream().anyMatch(l -> l.message().contains("finished")));
            List<Line> lines = logs.lines();

            List<Line> info = lines.stream().filter(l -> l.level() == Level.INFO && l.message().contains(job)).toList();
            assertThat(info).extracting(Line::message).hasSize(2);
            assertThat(info.get(0).message()).startsWith("Job " + job + " (forty) started");
            assertThat(info.get(1).message()).startsWith("Job " + job + " (forty) finished: COMPLETED, 40 records");
            assertThat(info.get(1).mdc()).containsEntry(RecordMdc.JOB, job);
            assertThat(info.get(1).formatted()).contains("job=" + job + " - Job " + job);
            // no INFO (or louder) line about a single record
            assertThat(lines.stream().filter(l -> l.level().isMoreSpecificThan(Level.INFO) && l.mdc().containsKey(RecordMdc.LINE)))
                    .extracting(Line::formatted).isEmpty();

            // a second job: no line about it carries the first job's id (threads are reused from job to job)
            app.drop("again.csv", "id,name,email,city,state,postal_code\n1,Ann,ann@example.com,Springfield,IL,62704\n");
            String second = app.awaitSummary("again", Duration.ofSeconds(30)).get("job").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream()
                    .anyMatch(l -> l.message().startsWith("Job " + second) && l.message().contains("finished")));
            assertThat(logs.lines().stream().filter(l -> l.message().startsWith("Job " + second)))
                    .hasSize(2).allSatisfy(l -> assertThat(l.mdc().getOrDefault(RecordMdc.JOB, second)).isEqualTo(second));

            List<Line> retry = lines.stream().filter(l -> l.logger().startsWith("org.apache.camel.processor.errorhandler")
                    && l.message().contains("503")).toList();
            assertThat(retry).as("the DEBUG line of the retried call").isNotEmpty();
            assertThat(retry).allSatisfy(l -> {
                assertThat(l.mdc()).containsEntry(RecordMdc.JOB, job).containsEntry(RecordMdc.LINE, "12");
                assertThat(l.formatted()).contains("job=" + job + " line=12 - ");
            });
        }
    }
}
