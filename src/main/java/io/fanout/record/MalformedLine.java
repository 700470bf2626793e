package io.fanout.record;

import java.util.Objects;

/** A line that could not be read as a record: where it is, what it said, and why it was refused. */
public record MalformedLine(long line, String raw, String reason) implements InputItem {

    public MalformedLine {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(reason, "reason");
    }
}
