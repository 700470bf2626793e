package io.fanout.web;

import io.fanout.app.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's files over real HTTP: the allow-listed files with their types, JSON refusals for anything else. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebServingTest {

    static final String KEY = "s3cret-key";

    RunningApp app;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        app = RunningApp.start(dir, Map.of("fanout.api-key", KEY));
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void thePageAndItsFilesAreServedWithTheirTypesAndNeedNoKey() throws Exception {
        HttpResponse<byte[]> page = get("/", "X-Probe", "echo-me");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(new String(page.body())).contains("<script type=\"module\" src=\"/web/app.js\"></script>");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
        // the request's own headers are not echoed back
        assertThat(page.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Probe") || h.equalsIgnoreCase("User-Agent"));

        assertThat(get("/web/app.js").headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(get("/web/app.css").headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
        assertThat(get("/web/index.html").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> sample = get("/web/sample-batch.csv");
        assertThat(sample.statusCode()).isEqualTo(200);
        assertThat(sample.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
        assertThat(sample.body()).as("byte for byte the sample, accents included").isEqualTo(Files.readAllBytes(Path.of("samples/customers-200.csv")));

        // the API the page calls still wants the key
        assertThat(get("/api/jobs").statusCode()).isEqualTo(401);
        assertThat(get("/api/jobs", "X-API-Key", KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void anyOtherFileIsNotFoundAsJson() throws Exception {
        for (String path : new String[] {"/web/customers-200.csv", "/web/..%2Fapplication.properties", "/web/..%2F..%2Fapi%2Fopenapi.json",
                "/web/%2Fetc%2Fpasswd", "/web/app.js.map", "/web/APP.JS", "/web/.env"}) {
            HttpResponse<byte[]> answer = get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.headers().firstValue("Content-Type")).as(path).contains("application/json");
            assertThat(new String(answer.body())).as(path).isEqualTo("{\"error\": \"not found\", \"detail\": \"no such file; the dashboard is at /\"}");
        }
    }

    @Test
    void onlyGetIsServed() throws Exception {
        HttpResponse<byte[]> post = client.send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET");
        assertThat(new String(post.body())).contains("\"method not allowed\"");
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.httpPort() + path);
    }
}
