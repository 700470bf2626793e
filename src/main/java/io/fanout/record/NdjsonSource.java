package io.fanout.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fanout.record.PhysicalLines.Line;
import java.io.IOException;
import java.util.List;

/** Newline-delimited JSON: one value per physical line, each parsed on its own, so a bad line costs only itself. */
final class NdjsonSource implements ItemSource {

    private final PhysicalLines lines;

    NdjsonSource(PhysicalLines lines) {
        this.lines = lines;
    }

    @Override
    public InputItem next() throws IOException {
        Line line = lines.nextNonBlank();
        if (line == null) {
            return null;
        }
        if (Utf8.wasInvalid(line.text())) {
            return new MalformedLine(line.number(), line.text(), Utf8.INVALID);
        }
        JsonNode node;
        try {
            node = JsonValues.SINGLE_VALUE.readTree(line.text());
        } catch (JsonProcessingException e) {
            return new MalformedLine(line.number(), line.text(), "invalid JSON: " + readable(e));
        }
        return JsonValues.toItem(line.number(), line.text(), node);
    }

    /** Jackson's message, except the one for a second value on the line, which names its internals. */
    private static String readable(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return message.startsWith("Trailing token") ? "more than one JSON value on the line" : message;
    }

    @Override
    public List<String> header() {
        return null;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
