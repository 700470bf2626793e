package io.fanout.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/** What JSON and NDJSON share: one mapper, and how a parsed value becomes a {@link Record} or is refused. */
final class JsonValues {

    /** Floats kept as BigDecimal with their trailing zeros, so 1.50 stays "1.50" rather than becoming 1.5. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /** For one whole value per string: text after the value is an error, not silently ignored. */
    static final ObjectReader SINGLE_VALUE = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonValues() {
    }

    /** A Record when {@code node} is an object, otherwise a MalformedLine saying what was found. */
    static InputItem toItem(long line, String raw, JsonNode node) throws JsonProcessingException {
        if (!node.isObject()) {
            return new MalformedLine(line, raw, "expected a JSON object, found " + describe(node));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            fields.put(e.getKey(), text(e.getValue()));
        }
        return new Record(line, fields, raw);
    }

    /** The compact JSON text of {@code node}. */
    static String compact(JsonNode node) throws JsonProcessingException {
        return MAPPER.writeValueAsString(node);
    }

    /** Text as-is, numbers and booleans as written, null as "", objects and arrays as compact JSON. */
    private static String text(JsonNode value) throws JsonProcessingException {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNull()) {
            return "";
        }
        return value.isContainerNode() ? compact(value) : value.asText();
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }
}
