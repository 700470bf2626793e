package io.fanout.camel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the files of job NAME go: the report and summary in the outbox, the dead letters in their own folder. */
public record JobOutputs(Path outbox, Path deadLetters) {

    public Path report(String name) {
        return outbox.resolve(name + ".report.csv");
    }

    public Path summary(String name) {
        return outbox.resolve(name + ".summary.json");
    }

    public Path deadLetterFile(String name) {
        return deadLetters.resolve(name + ".dead-letter.ndjson");
    }

    /** A redriven job is not done until its summary is written again. */
    public void clearSummary(String name) throws IOException {
        Files.deleteIfExists(summary(name));
    }

    /** Removes what an earlier job of the same name left, the summary first (it is what users wait for). */
    public void clear(String name) throws IOException {
        Files.deleteIfExists(summary(name));
        Files.deleteIfExists(report(name));
        Files.deleteIfExists(deadLetterFile(name));
    }
}
