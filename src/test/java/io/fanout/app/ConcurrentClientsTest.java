package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.fanout.app.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fifty clients post 200 records each at once: every job completes with exactly its own records, the service
 * answers GETs quickly meanwhile, and none of the clients' headers reaches the check services.
 */
class ConcurrentClientsTest {

    static final int CLIENTS = 50;
    static final int RECORDS = 200;

    @Test
    void fiftyConcurrentBatchesEachGetExactlyTheirOwnReport(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, Map.of("fanout.demo.latency-ms", "10"))) {
            Http http = app.http();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<CompletableFuture<String>> submitted = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String batch = batch(c);
                submitted.add(CompletableFuture.supplyAsync(() -> {
                    HttpResponse<String> answer = http.post("/api/jobs", "text/csv", batch, "X-Leak-Test", "yes");
                    assertThat(answer.statusCode()).isEqualTo(202);
                    return json(answer).get("job").asText();
                }, clients));
            }
            List<String> ids = submitted.stream().map(CompletableFuture::join).toList();
            clients.shutdown();

            // while the jobs run, the API stays responsive
            List<Long> getMillis = new ArrayList<>();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
                long start = System.nanoTime();
                JsonNode jobs = json(http.get("/api/jobs"));
                getMillis.add((System.nanoTime() - start) / 1_000_000);
                int finished = 0;
                for (JsonNode job : jobs) if (!job.get("status").asText().equals("RUNNING")) finished++;
                return finished == CLIENTS;
            });
            assertThat(getMillis).allSatisfy(ms -> assertThat(ms).isLessThan(1000));

            for (int c = 0; c < CLIENTS; c++) {
                String id = ids.get(c);
                JsonNode job = json(http.get("/api/jobs/" + id));
                assertThat(job.get("status").asText()).isEqualTo("COMPLETED");
                assertThat(job.get("verified").asInt()).isEqualTo(RECORDS);
                JsonNode rows = json(http.get("/api/jobs/" + id + "/report"));
                Set<String> emails = new TreeSet<>();
                rows.forEach(row -> emails.add(row.get("record").get("email").asText()));
                Set<String> expected = new TreeSet<>();
                for (int r = 1; r <= RECORDS; r++) expected.add("c" + c + "r" + r + "@example.com");
                assertThat(emails).as("job of client %d", c).isEqualTo(expected);
            }
            assertThat(app.demo().headerNamesSeen()).doesNotContain("x-leak-test", "content-type", "camelhttpuri");
        }
    }

    static String batch(int client) {
        StringBuilder csv = new StringBuilder("id,email,city,state,postal_code\n");
        for (int r = 1; r <= RECORDS; r++) {
            csv.append(r).append(",c").append(client).append('r').append(r).append("@example.com,Boston,MA,02108\n");
        }
        return csv.toString();
    }
}
