package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fanout.Application;
import io.fanout.demo.DemoServices;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The whole application, started in this JVM on a temporary data directory with free loopback ports and the
 * repo's own routes/ and application.properties. Files are dropped into its inbox as a user would.
 */
public final class RunningApp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Main main;

    private RunningApp(Path dir, Main main) {
        this.dir = dir;
        this.main = main;
    }

    /** Starts with test-friendly defaults (short read lock, 5 ms demo latency, fast retries, no route reloading), then {@code settings}. */
    public static RunningApp start(Path dir, Map<String, String> settings) throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        Map<String, String> props = new HashMap<>();
        props.put("camel.main.routes-include-pattern", "file:" + repo.resolve("routes") + "/**/*.yaml,file:" + repo.resolve("routes") + "/**/*.xml");
        props.put("fanout.inbox", dir.resolve("inbox").toString());
        props.put("fanout.outbox", dir.resolve("outbox").toString());
        props.put("fanout.dead-letter", dir.resolve("dead-letter").toString());
        props.put("fanout.db.url", "jdbc:h2:file:" + dir.resolve("db/fanout"));
        props.put("fanout.inbox.read-lock-interval", "100");
        props.put("fanout.demo.port", Integer.toString(freePort()));
        props.put("fanout.demo.latency-ms", "5");
        props.put("fanout.checks.default.initial-backoff", "10");
        props.put("fanout.http.port", Integer.toString(freePort()));
        props.put("fanout.management.port", Integer.toString(freePort()));
        // the repo's routes/ are not watched by tests (a test of live editing watches a copy of its own)
        props.put("fanout.routes.reload", "false");
        props.putAll(settings);
        Main main = Application.create(props);
        main.start();
        return new RunningApp(dir, main);
    }

    /** A client of the jobs API of this application. */
    public Http http() {
        return new Http(httpPort());
    }

    /** The port of the HTTP server: the jobs API and the dashboard. */
    public int httpPort() {
        return Integer.parseInt(context().resolvePropertyPlaceholders("{{camel.server.port}}"));
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public DemoServices demo() {
        return context().getRegistry().lookupByNameAndType("demoServices", DemoServices.class);
    }

    public Path inbox() {
        return dir.resolve("inbox");
    }

    public Path outbox() {
        return dir.resolve("outbox");
    }

    /** Writes {@code content} beside the inbox, then moves it in at once, as a careful user would. */
    public Path drop(String fileName, String content) {
        return drop(fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    public Path drop(String fileName, byte[] content) {
        try {
            Path staging = Files.createDirectories(dir.resolve("staging")).resolve(fileName);
            Files.write(staging, content);
            Files.createDirectories(inbox());
            return Files.move(staging, inbox().resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for NAME.summary.json (written last, so the job is done) and reads it. */
    public JsonNode awaitSummary(String name, Duration atMost) {
        Path summary = outbox().resolve(name + ".summary.json");
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> Files.exists(summary));
        try {
            return JSON.readTree(summary.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String report(String name) throws IOException {
        return Files.readString(outbox().resolve(name + ".report.csv"));
    }

    /** The dead letters of job NAME, one JSON object each, in file order. */
    public List<JsonNode> deadLetters(String name) throws IOException {
        Path file = dir.resolve("dead-letter").resolve(name + ".dead-letter.ndjson");
        if (!Files.exists(file)) return List.of();
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(RunningApp::parse).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        main.stop();
    }
}
