package io.fanout.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fanout.app.RunningApp;
import io.fanout.observe.LogCapture.Line;
import org.apache.camel.ServiceStatus;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live route editing: the application runs on a copy of routes/ that the test edits as a user would. A changed file
 * replaces its routes for the next records; a broken one is rejected with a log line naming it while the routes it
 * had keep serving; a job in flight during a reload completes with exact counts.
 */
class ReloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TWO_RECORDS = """
            id,name,email,city,state,postal_code
            1,Ann,ann@example.com,Springfield,IL,62704
            2,Bo,bo@example.com,Chicago,IL,62704
            """;
    /** The judge step of routes/checks/check-email.yaml as it is in the repository. */
    private static final String JUDGE = """
                    - bean:
                        id: judge-email
                        ref: checks
                        method: email
            """;
    /** The same step, edited to flag every address. */
    private static final String FLAG_ALL = """
                    - setBody:
                        id: judge-email
                        method:
                          beanType: io.fanout.check.CheckOutcome
                          method: "flag('email', 'email: flagged by the edited route')"
            """;

    @TempDir
    Path dir;
    Path routes;
    Path checkEmail;
    RunningApp app;
    LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        routes = dir.resolve("routes");
        copy(Path.of("routes"), routes);
        checkEmail = routes.resolve("checks/check-email.yaml");
        assertThat(Files.readString(checkEmail)).contains(JUDGE);
        logs = new LogCapture();
        app = RunningApp.start(dir.resolve("app"), Map.of(
                "camel.main.routes-include-pattern", "file:" + routes + "/**/*.yaml,file:" + routes + "/**/*.xml",
                "camel.main.routes-reload-directory", routes.toString(),
                "fanout.routes.reload", "true",
                "fanout.demo.latency-ms", "10"));
    }

    @AfterEach
    void stop() {
        if (app != null) app.close();
        if (logs != null) logs.close();
    }

    @Test
    void anEditedCheckRouteServesTheNextJob() throws Exception {
        assertThat(emailColumn(runJob("before"))).containsExactly("PASS", "PASS");

        edit(checkEmail, JUDGE, FLAG_ALL);
        awaitReloadOf("check-email.yaml", 1);

        String report = runJob("after");
        assertThat(emailColumn(report)).containsExactly("FLAG", "FLAG");
        assertThat(report).contains("email: flagged by the edited route");
        // the other routes were not touched: the address check still flags Bo's city
        assertThat(report).contains("address: city 'Chicago' does not match 62704");
    }

    @Test
    void aRouteFileThatDoesNotParseIsRejectedAndTheOldRoutesKeepServing() throws Exception {
        Files.writeString(checkEmail, Files.readString(checkEmail).replace("    from:\n      uri: direct:check-email",
                "    from: [direct:check-email\n      uri: direct:check-email"));
        Line rejected = awaitRejectionOf("check-email.yaml");
        assertThat(rejected.level()).isEqualTo(Level.ERROR);

        assertRoutesStarted("check-email", "call-email");
        assertThat(emailColumn(runJob("still-served"))).containsExactly("PASS", "PASS");
    }

    @Test
    void aRouteFileWhoseRoutesCannotStartIsRejectedAndTheOldRoutesArePutBack() throws Exception {
        // valid YAML, but the judge calls a bean that does not exist: found only when the route is made
        String noSuchBean = JUDGE.replace("ref: checks", "ref: noSuchBean");
        edit(checkEmail, JUDGE, noSuchBean);
        Line rejected = awaitRejectionOf("check-email.yaml");
        assertThat(rejected.message()).contains("noSuchBean");

        assertRoutesStarted("check-email", "call-email");
        assertThat(emailColumn(runJob("put-back"))).containsExactly("PASS", "PASS");

        // and the file, once fixed, is taken
        edit(checkEmail, noSuchBean, FLAG_ALL);
        awaitReloadOf("check-email.yaml", 1);
        assertThat(emailColumn(runJob("fixed"))).containsExactly("FLAG", "FLAG");
    }

    @Test
    void aJobInFlightDuringAReloadCompletesWithExactCounts() throws Exception {
        int records = 150;
        String csv = "id,name,email,city,state,postal_code\n" + IntStream.rangeClosed(1, records)
                .mapToObj(i -> i + ",P" + i + ",p" + i + "@example.com,Springfield,IL,62704")
                .collect(Collectors.joining("\n")) + "\n";
        // one record at a time, so the job is still running when the edit lands
        JsonNode submitted = api("POST", "/api/jobs?concurrency=1&name=in-flight", csv);
        String job = submitted.get("job").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> api("GET", "/api/jobs/" + job, null).get("done").asInt() >= 10);

        edit(checkEmail, JUDGE, FLAG_ALL);
        awaitReloadOf("check-email.yaml", 1);
        JsonNode during = api("GET", "/api/jobs/" + job, null);
        assertThat(during.get("status").asText()).as("still running after the reload").isEqualTo("RUNNING");
        assertThat(during.get("done").asInt()).isLessThan(records);

        JsonNode summary = app.awaitSummary("job-" + job, Duration.ofSeconds(60));
        assertThat(summary.get("records").asInt()).isEqualTo(records);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("missing").asInt()).isZero();
        assertThat(summary.get("verified").asInt() + summary.get("flagged").asInt()).isEqualTo(records);
        // records verified before the reload, flagged by the edited route after it
        assertThat(summary.get("verified").asInt()).isGreaterThanOrEqualTo(10);
        assertThat(summary.get("flagged").asInt()).isPositive();
        List<String> column = emailColumn(app.report("job-" + job));
        assertThat(column).hasSize(records);
        int firstFlag = column.indexOf("FLAG");
        assertThat(column.subList(firstFlag, records)).as("every record after the reload").containsOnly("FLAG");
        assertThat(column.subList(0, firstFlag)).containsOnly("PASS");
    }

    @Test
    void theFanInIsNotReplacedUnderAJobItIsCollecting() throws Exception {
        int records = 150;
        String csv = "id,name,email,city,state,postal_code\n" + IntStream.rangeClosed(1, records)
                .mapToObj(i -> i + ",P" + i + ",p" + i + "@example.com,Springfield,IL,62704")
                .collect(Collectors.joining("\n")) + "\n";
        String job = api("POST", "/api/jobs?concurrency=1&name=collecting", csv).get("job").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> api("GET", "/api/jobs/" + job, null).get("done").asInt() >= 10);

        // saved while the fan-in holds the job's verdicts: deferred (or, were the fan-in to keep no state, replaced)
        Path fanIn = routes.resolve("fan-in.yaml");
        Files.writeString(fanIn, Files.readString(fanIn) + "\n# saved while a job runs\n");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> logs.lines().stream()
                .anyMatch(l -> l.message().contains("fan-in.yaml")));
        boolean deferred = logs.lines().stream().anyMatch(l -> l.message().contains("fan-in.yaml not reloaded yet"));

        JsonNode summary = app.awaitSummary("job-" + job, Duration.ofSeconds(60));
        assertThat(summary.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(summary.get("records").asInt()).isEqualTo(records);
        assertThat(summary.get("verified").asInt()).isEqualTo(records);
        assertThat(summary.get("missing").asInt()).isZero();

        if (deferred) {
            // once the job is done, saving again replaces it, and the next job goes through the new fan-in
            Files.writeString(fanIn, Files.readString(fanIn) + "# saved again\n");
            awaitReloadOf("fan-in.yaml", 1);
        }
        assertThat(emailColumn(runJob("after-fan-in"))).containsExactly("PASS", "PASS");
    }

    private String runJob(String name) throws IOException {
        app.drop(name + ".csv", TWO_RECORDS);
        app.awaitSummary(name, Duration.ofSeconds(30));
        return app.report(name);
    }

    /** The check_email column of a report, in row order. */
    private static List<String> emailColumn(String report) throws IOException {
        try (CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(report))) {
            return csv.getRecords().stream().map(row -> row.get("check_email")).toList();
        }
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        // written beside it and moved over it, as editors save, so the watcher never sees half a file
        Path staging = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(staging, text.replace(from, to));
        Files.move(staging, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void awaitReloadOf(String fileName, int times) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> logs.lines().stream()
                .filter(l -> l.message().startsWith("Routes reloaded from") && l.message().contains(fileName)).count() >= times);
    }

    private Line awaitRejectionOf(String fileName) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> logs.lines().stream()
                .anyMatch(l -> l.message().startsWith("Route file") && l.message().contains(fileName + " rejected")));
        return logs.lines().stream().filter(l -> l.message().startsWith("Route file") && l.message().contains(fileName + " rejected"))
                .findFirst().orElseThrow();
    }

    private void assertRoutesStarted(String... ids) {
        for (String id : ids) {
            assertThat(app.context().getRouteController().getRouteStatus(id)).as(id).isEqualTo(ServiceStatus.Started);
        }
    }

    private JsonNode api(String method, String path, String csv) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, csv == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(csv));
        if (csv != null) request.header("Content-Type", "text/csv");
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) Files.createDirectories(target);
                else Files.copy(source, target);
            }
        }
    }
}
