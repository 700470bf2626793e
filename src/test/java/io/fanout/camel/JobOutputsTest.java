package io.fanout.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobOutputsTest {

    @TempDir
    Path dir;

    private Path outbox;
    private Path deadLetters;
    private JobOutputs outputs;

    @BeforeEach
    void folders() throws IOException {
        outbox = Files.createDirectory(dir.resolve("outbox"));
        deadLetters = Files.createDirectory(dir.resolve("dead-letters"));
        outputs = new JobOutputs(outbox, deadLetters);
    }

    private void writeAll(String name) throws IOException {
        Files.writeString(outputs.report(name), "report");
        Files.writeString(outputs.summary(name), "{}");
        Files.writeString(outputs.deadLetterFile(name), "");
    }

    @Test
    void theFilesOfANameAreNamedAfterIt() {
        assertThat(outputs.report("customers")).isEqualTo(outbox.resolve("customers.report.csv"));
        assertThat(outputs.summary("customers")).isEqualTo(outbox.resolve("customers.summary.json"));
        assertThat(outputs.deadLetterFile("customers")).isEqualTo(deadLetters.resolve("customers.dead-letter.ndjson"));
    }

    @Test
    void clearRemovesTheThreeFilesOfTheName() throws IOException {
        writeAll("customers");

        outputs.clear("customers");

        assertThat(outputs.report("customers")).doesNotExist();
        assertThat(outputs.summary("customers")).doesNotExist();
        assertThat(outputs.deadLetterFile("customers")).doesNotExist();
    }

    @Test
    void clearLeavesTheFilesOfOtherNames() throws IOException {
        writeAll("customers");
        writeAll("customers2");
        writeAll("orders");

        outputs.clear("customers");

        try (var files = Files.list(outbox)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("customers2.report.csv", "customers2.summary.json",
                            "orders.report.csv", "orders.summary.json");
        }
        try (var files = Files.list(deadLetters)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("customers2.dead-letter.ndjson", "orders.dead-letter.ndjson");
        }
    }

    @Test
    void clearOfANameWithoutFilesDoesNothing() throws IOException {
        writeAll("orders");

        outputs.clear("customers");

        assertThat(outputs.report("orders")).exists();
        assertThat(outputs.summary("orders")).exists();
        assertThat(outputs.deadLetterFile("orders")).exists();
    }
}
