package io.fanout.app;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The application in a JVM of its own, as an operator runs it: started in {@code dir} (no routes/ and no
 * application.properties there, so the jar's copies serve), killed with SIGKILL or stopped with SIGTERM, and
 * started again on the same data. Each start logs to app-N.log in {@code dir}.
 */
final class AppProcess implements AutoCloseable {

    private final Path dir;
    private final Map<String, String> settings;
    private final int httpPort;
    private final int managementPort;
    private Process process;
    private int starts;

    /** {@code settings}: -D flags; the data (inbox, outbox, dead letters, H2 database) lives under {@code dir}. */
    AppProcess(Path dir, Map<String, String> settings) throws IOException {
        this.dir = dir;
        this.settings = settings;
        this.httpPort = RunningApp.freePort();
        this.managementPort = RunningApp.freePort();
    }

    /** Starts it and waits until the jobs API answers (a worker, which has none: until its health check does). */
    AppProcess start() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dfanout.http.port=" + httpPort,
                "-Dfanout.management.port=" + managementPort,
                "-Dfanout.demo.port=" + RunningApp.freePort(),
                "-Dfanout.inbox.read-lock-interval=100",
                "-Dfanout.db.url=jdbc:h2:file:" + dir.resolve("data/db/fanout")));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("io.fanout.Application");
        process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("app-" + (++starts) + ".log").toFile()).start();
        boolean worker = "worker".equals(settings.get("fanout.role"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> (worker ? management().get("/observe/health/live") : http().get("/api/jobs")).statusCode() == 200);
        return this;
    }

    Http http() {
        return new Http(httpPort);
    }

    /** The management server: /observe/health, /observe/metrics. */
    Http management() {
        return new Http(managementPort);
    }

    /** kill -9: no shutdown hook, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the process to end on its own; returns its exit code. */
    int terminate(Duration atMost) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the application did not stop within " + atMost + " of SIGTERM");
        }
        return process.exitValue();
    }

    Path dir() {
        return dir;
    }

    String log(int start) throws IOException {
        return Files.readString(dir.resolve("app-" + start + ".log"));
    }

    /** The live job view, polled until {@code done} reaches {@code records} or more. */
    void awaitDone(String jobId, long records, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> Http.json(http().get("/api/jobs/" + jobId)).path("done").asLong() >= records);
    }

    static String body(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
