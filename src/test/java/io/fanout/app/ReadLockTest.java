package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A file copied into the inbox slowly is read only once it stops growing, never half-written. */
class ReadLockTest {

    static final int LINES = 30;

    @Test
    void aSlowCopyIsReadWhole(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, Map.of("fanout.inbox.read-lock-interval", "500"))) {
            Path file = Files.createDirectories(app.inbox()).resolve("slow-copy.csv");
            Files.writeString(file, "id,email,city,state,postal_code\n");
            AtomicInteger written = new AtomicInteger();
            ScheduledExecutorService copier = Executors.newSingleThreadScheduledExecutor();
            // one line every 50 ms: 1.5 s of copying, many inbox polls while it grows
            copier.scheduleAtFixedRate(() -> {
                int i = written.incrementAndGet();
                if (i > LINES) throw new IllegalStateException("done");  // ends the schedule
                append(file, i + ",p" + i + "@example.com,Springfield,IL,62704\n");
            }, 0, 50, TimeUnit.MILLISECONDS);
            try {
                JsonNode summary = app.awaitSummary("slow-copy", Duration.ofSeconds(30));
                assertThat(summary.get("records").asInt()).isEqualTo(LINES);
                assertThat(app.report("slow-copy").lines().skip(1)).hasSize(LINES);
            } finally {
                copier.shutdownNow();
            }
        }
    }

    private static void append(Path file, String line) {
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
