package io.fanout.record;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * A JSON file holding one top-level array of objects, streamed element by element with Jackson's parser: only
 * the current element is ever held in memory. A syntax error ends the reading, as JSON has no point to resync at.
 */
final class JsonArraySource implements ItemSource {

    private final JsonParser parser;
    private boolean finished;

    private JsonArraySource(JsonParser parser) {
        this.parser = parser;
    }

    /** Reads up to the opening {@code [} and fails when the input does not start with one. */
    static JsonArraySource open(Reader reader) throws IOException {
        JsonParser parser = JsonValues.MAPPER.createParser(reader);
        JsonToken first;
        try {
            first = parser.nextToken();
        } catch (JsonProcessingException e) {
            throw new UnreadableInputException("the file is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (first == null) {
            throw new UnreadableInputException("the file is empty");
        }
        if (first != JsonToken.START_ARRAY) {
            throw new UnreadableInputException(
                    "expected a JSON array starting with '[', found " + JsonValues.describe(first));
        }
        return new JsonArraySource(parser);
    }

    @Override
    public InputItem next() throws IOException {
        if (finished) {
            return null;
        }
        try {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                finished = true;
                return afterArray();
            }
            long line = parser.currentTokenLocation().getLineNr();
            JsonNode node = JsonValues.MAPPER.readTree(parser);
            node = node == null ? NullNode.getInstance() : node;
            String raw = JsonValues.compact(node);
            return Utf8.wasInvalid(raw) ? new MalformedLine(line, raw, Utf8.INVALID)
                    : JsonValues.toItem(line, raw, node);
        } catch (JsonProcessingException e) {
            finished = true;
            return new MalformedLine(lineOf(e), "",
                    "invalid JSON: " + e.getOriginalMessage() + "; the rest of the file was not read");
        }
    }

    /** Anything but whitespace after the closing bracket is reported, not silently dropped. */
    private InputItem afterArray() throws IOException {
        if (parser.nextToken() == null) {
            return null;
        }
        return new MalformedLine(parser.currentTokenLocation().getLineNr(), "",
                "unexpected content after the end of the JSON array; it was not read");
    }

    private long lineOf(JsonProcessingException e) {
        JsonLocation where = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        return where.getLineNr();
    }

    @Override
    public List<String> header() {
        return null;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
