package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.fanout.app.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The jobs API over real HTTP: submit, poll, wait, fetch, and every refusal with its status and JSON error. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobsApiTest {

    static final String CSV = """
            id,email,city,state,postal_code
            1,ann@example.com,Springfield,IL,62704
            2,bo@mailinator.com,Springfield,IL,62704
            3,cy@example.com,Chicago,IL,62704
            """;

    RunningApp app;
    Http http;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        app = RunningApp.start(dir, Map.of("fanout.http.max-body-bytes", "4000", "fanout.max-records-per-job", "50"));
        http = app.http();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void submitThenPollThenFetchTheReportAsCsvAndJson() throws Exception {
        HttpResponse<String> accepted = http.post("/api/jobs", "text/csv", CSV);

        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json(accepted).get("job").asText();
        assertThat(accepted.headers().firstValue("Location")).contains("/api/jobs/" + id);
        assertThat(accepted.body()).isEqualToIgnoringWhitespace("{\"job\":\"" + id + "\",\"status\":\"RUNNING\",\"records\":3}");

        JsonNode job = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(http.get("/api/jobs/" + id)), j -> !j.get("status").asText().equals("RUNNING"));
        assertThat(job.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(List.of(job.get("records").asInt(), job.get("done").asInt(), job.get("verified").asInt(),
                job.get("flagged").asInt(), job.get("failed").asInt())).containsExactly(3, 3, 1, 2, 0);
        assertThat(job.get("name").asText()).isEqualTo("job-" + id);

        HttpResponse<String> csv = http.get("/api/jobs/" + id + "/report", "Accept", "text/csv");
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        // streamed in chunks from a file written row by row, not built in memory with a length
        assertThat(csv.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(csv.body()).isEqualTo(String.join("\r\n",
                "id,email,city,state,postal_code,line,status,reasons,check_address,check_email,check_suppression",
                "1,ann@example.com,Springfield,IL,62704,2,VERIFIED,,PASS,PASS,PASS",
                "2,bo@mailinator.com,Springfield,IL,62704,3,FLAGGED,email: mailinator.com is a disposable-mail domain,PASS,FLAG,PASS",
                "3,cy@example.com,Chicago,IL,62704,4,FLAGGED,\"address: city 'Chicago' does not match 62704 (Springfield, IL)\",FLAG,PASS,PASS",
                ""));
        HttpResponse<String> jsonReport = http.get("/api/jobs/" + id + "/report");
        assertThat(jsonReport.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(jsonReport.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        JsonNode rows = json(jsonReport);
        assertThat(rows).hasSize(3);
        JsonNode row = rows.get(1);
        assertThat(row.get("latencyMs").size()).isEqualTo(3);
        assertThat(row.get("attempts").toString()).isEqualTo("{\"address\":1,\"email\":1,\"suppression\":1}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) row).remove(List.of("latencyMs", "attempts"));
        assertThat(row.toString()).isEqualTo("{\"record\":{\"id\":\"2\",\"email\":\"bo@mailinator.com\",\"city\":\"Springfield\",\"state\":\"IL\",\"postal_code\":\"62704\"},"
                + "\"line\":3,\"status\":\"FLAGGED\",\"reasons\":[\"email: mailinator.com is a disposable-mail domain\"],"
                + "\"checks\":{\"address\":\"PASS\",\"email\":\"FLAG\",\"suppression\":\"PASS\"}}");
        assertThat(http.get("/api/jobs/" + id + "/dead-letters").body()).isEqualTo("[ ]");
        // HTTP jobs write the same files as file jobs
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(app.outbox().resolve("job-" + id + ".summary.json")));
        assertThat(app.report("job-" + id)).isEqualTo(csv.body());
    }

    @Test
    void waitTrueAnswersTheFinishedJobWithItsLabel() {
        HttpResponse<String> done = http.post("/api/jobs?wait=true&name=spring-mailing", "application/x-ndjson", """
                {"id": 1, "email": "ann@example.com", "city": "Springfield", "state": "IL", "postal_code": "62704"}
                {"id": 2, "email": "JREYES1@comcast.net", "city": "Springfield", "state": "IL", "postal_code": "62704"}
                """);

        assertThat(done.statusCode()).isEqualTo(200);
        JsonNode job = json(done);
        assertThat(job.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.get("label").asText()).isEqualTo("spring-mailing");
        assertThat(List.of(job.get("records").asInt(), job.get("verified").asInt(), job.get("flagged").asInt())).containsExactly(2, 1, 1);
        assertThat(job.get("finishedAt").asText()).isNotEmpty();
    }

    @Test
    void concurrencyOneRunsTheJobOneRecordAtATime() {
        JsonNode job = json(http.post("/api/jobs?wait=true&concurrency=1", "text/csv", CSV));

        assertThat(job.get("concurrency").asInt()).isEqualTo(1);
        assertThat(List.of(job.get("records").asInt(), job.get("verified").asInt(), job.get("flagged").asInt())).containsExactly(3, 1, 2);
        assertError(http.post("/api/jobs?concurrency=7", "text/csv", CSV), 400, "bad concurrency",
                "concurrency may be 1 (one record at a time) or left out (fanout.concurrency), not '7'");
    }

    @Test
    void recentJobsListsFileAndHttpJobsNewestFirst() {
        app.drop("listed.csv", CSV);
        app.awaitSummary("listed", Duration.ofSeconds(30));
        String httpJob = json(http.post("/api/jobs?wait=true", "application/json",
                "[{\"id\": 9, \"email\": \"z@example.com\", \"city\": \"Boston\", \"state\": \"MA\", \"postal_code\": \"02108\"}]")).get("job").asText();

        JsonNode jobs = json(http.get("/api/jobs"));
        List<String> ids = new ArrayList<>();
        jobs.forEach(j -> ids.add(j.get("job").asText()));
        assertThat(ids.get(0)).isEqualTo(httpJob);
        assertThat(jobs).anySatisfy(j -> assertThat(j.get("source").asText()).isEqualTo("file:listed.csv"));
        List<String> started = new ArrayList<>();
        jobs.forEach(j -> started.add(j.get("startedAt").asText()));
        assertThat(started).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void badBatchesAreRefusedWithTheLineAndReason() {
        assertError(http.post("/api/jobs", "text/csv", "id,email\n1,a@example.com\n2,b@example.com,extra\n"),
                400, "malformed batch", "line 3: expected 2 fields, found 3");
        assertError(http.post("/api/jobs", "application/json", "[{\"id\": 1}, 42]"),
                400, "malformed batch", "line 1: expected a JSON object, found a number");
        assertError(http.post("/api/jobs", "application/json", "{\"id\": 1}"),
                400, "malformed batch", "expected a JSON array starting with '[', found an object");
        assertError(http.post("/api/jobs", "application/json", "[]"), 400, "empty batch", "the batch has no records");
        assertError(http.post("/api/jobs", "text/csv", "id,email\n"), 400, "empty batch", "the batch has no records");
        assertError(http.post("/api/jobs", "text/plain", "hello"), 415, "unsupported content type",
                "send application/json (an array of objects), application/x-ndjson or text/csv, not 'text/plain'");
        assertError(http.post("/api/jobs", null, "hello"), 415, "unsupported content type",
                "send application/json (an array of objects), application/x-ndjson or text/csv, not ''");
        assertError(http.post("/api/jobs", "text/csv", "id,email\n" + "1,a@example.com\n".repeat(300)), 413, "batch too large",
                "the body has 4809 bytes; at most 4000 are accepted (fanout.http.max-body-bytes)");
        assertError(http.post("/api/jobs", "text/csv", "id\n" + "1\n".repeat(51)), 413, "too many records",
                "the batch has more than 50 records (fanout.max-records-per-job)");
    }

    @Test
    void unknownJobsAndWrongMethodsAreRefused() {
        assertError(http.get("/api/jobs/0123456789ab"), 404, "not found", "no job '0123456789ab'");
        assertError(http.get("/api/jobs/..%2F..%2Fetc"), 404, "not found", "no job '../../etc'");
        assertError(http.get("/api/jobs/0123456789ab/report"), 404, "not found", "no job '0123456789ab'");
        HttpResponse<String> delete = http.send("DELETE", "/api/jobs", null, null);
        assertError(delete, 405, "method not allowed", "DELETE is not served here; use GET, POST");
        assertThat(delete.headers().firstValue("Allow")).contains("GET, POST");
        assertError(http.post("/api/jobs/0123456789ab", "application/json", "[]"), 405, "method not allowed",
                "POST is not served here; use GET");
    }

    @Test
    void theOpenApiDocumentListsExactlyWhatIsServed() {
        String id = json(http.post("/api/jobs?wait=true", "text/csv", CSV)).get("job").asText();
        JsonNode paths = json(http.get("/api/openapi.json")).get("paths");
        List<String> documented = new ArrayList<>();
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            for (String method : List.of("get", "post", "put", "delete", "patch")) {
                String concrete = path.replace("{id}", id);
                HttpResponse<String> answer = method.equals("post")
                        ? http.post(concrete + "?wait=true", "text/csv", CSV) : http.send(method.toUpperCase(), concrete, null, null);
                if (paths.get(path).has(method)) {
                    documented.add(method + " " + path);
                    // served: answered with a status the document lists (a redrive of this completed job is 409)
                    assertThat(paths.get(path).get(method).get("responses").has(Integer.toString(answer.statusCode())))
                            .as(method + " " + path + " answered " + answer.statusCode()).isTrue();
                    assertThat(answer.statusCode()).as(method + " " + path).isNotIn(404, 405);
                } else {
                    assertThat(answer.statusCode()).as(method + " " + path).isEqualTo(405);
                }
            }
        }
        assertThat(documented).containsExactlyInAnyOrder("get /api/jobs", "post /api/jobs", "get /api/jobs/{id}",
                "get /api/jobs/{id}/report", "get /api/jobs/{id}/dead-letters", "post /api/jobs/{id}/redrive", "get /api/openapi.json");
        // every API route is documented
        assertThat(app.context().getRoutes()).filteredOn(r -> r.getEndpoint().getEndpointUri().startsWith("platform-http:///api/"))
                .extracting(r -> java.net.URLDecoder.decode(r.getEndpoint().getEndpointUri(), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("platform-http://", ""))
                .allSatisfy(path -> assertThat(paths.has(path)).as(path).isTrue());
    }

    static void assertError(HttpResponse<String> response, int status, String error, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("detail").asText()).isEqualTo(detail);
        assertThat(body.size()).isEqualTo(2);
    }
}
