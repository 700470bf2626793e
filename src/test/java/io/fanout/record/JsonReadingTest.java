package io.fanout.record;

import static io.fanout.record.Items.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.fanout.record.RecordReader.Format;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReadingTest {

    @Test
    void objectsBecomeRecordsWithTheLineTheyStartOn() throws IOException {
        List<InputItem> items = read("""
                [
                  {"id": 1, "name": "Ann"},
                  {"id": 2, "name": "Bob",
                   "active": true, "score": 1.50, "note": null}
                ]
                """, Format.JSON);

        assertThat(items).containsExactly(
                new Record(2, Map.of("id", "1", "name", "Ann"), "{\"id\":1,\"name\":\"Ann\"}"),
                new Record(3, Map.of("id", "2", "name", "Bob", "active", "true", "score", "1.50", "note", ""),
                        "{\"id\":2,\"name\":\"Bob\",\"active\":true,\"score\":1.50,\"note\":null}"));
        assertThat(((Record) items.get(1)).fields().keySet()).containsExactly("id", "name", "active", "score", "note");
    }

    @Test
    void nestedObjectsAndArraysBecomeCompactJsonText() throws IOException {
        Record record = (Record) read("[{\"id\": \"7\", \"address\": { \"city\": \"Oslo\", \"zip\": [ 1, 2 ] },"
                + " \"tags\": [ {\"k\": \"v\"} ]}]", Format.JSON).get(0);

        assertThat(record.fields()).containsExactly(entry("id", "7"),
                entry("address", "{\"city\":\"Oslo\",\"zip\":[1,2]}"), entry("tags", "[{\"k\":\"v\"}]"));
    }

    @Test
    void nonObjectElementsAreMalformedAndTheRestIsRead() throws IOException {
        assertThat(read("[\n42,\n\"text\",\n[1, 2],\nnull,\nfalse,\n{\"id\": 1}\n]", Format.JSON)).containsExactly(
                new MalformedLine(2, "42", "expected a JSON object, found a number"),
                new MalformedLine(3, "\"text\"", "expected a JSON object, found a string"),
                new MalformedLine(4, "[1,2]", "expected a JSON object, found an array"),
                new MalformedLine(5, "null", "expected a JSON object, found null"),
                new MalformedLine(6, "false", "expected a JSON object, found a boolean"),
                new Record(7, Map.of("id", "1"), "{\"id\":1}"));
    }

    @Test
    void syntaxErrorMidFileIsOneMalformedLineAndEndsTheIteration() throws IOException {
        assertThat(read("[\n{\"id\": 1},\n{\"id\": 2,\n}, \n{\"id\": 3}\n]", Format.JSON)).containsExactly(
                new Record(2, Map.of("id", "1"), "{\"id\":1}"),
                new MalformedLine(4, "", "invalid JSON: Unexpected character ('}' (code 125)): was expecting"
                        + " double-quote to start field name; the rest of the file was not read"));
    }

    @Test
    void truncatedArrayIsReportedAtTheEnd() throws IOException {
        assertThat(read("[\n{\"id\": 1},\n", Format.JSON)).containsExactly(
                new Record(2, Map.of("id", "1"), "{\"id\":1}"),
                new MalformedLine(3, "", "invalid JSON: Unexpected end-of-input within/between Array entries"
                        + "; the rest of the file was not read"));
    }

    @Test
    void contentAfterTheArrayIsReported() throws IOException {
        assertThat(read("[{\"id\": 1}]\n[]\n", Format.JSON)).containsExactly(
                new Record(1, Map.of("id", "1"), "{\"id\":1}"),
                new MalformedLine(2, "", "unexpected content after the end of the JSON array; it was not read"));
    }

    @Test
    void emptyArrayHasNoItems() throws IOException {
        try (RecordReader reader = Items.open(" [ ] ", Format.JSON)) {
            assertThat(reader.hasNext()).isFalse();
            assertThat(reader.columns()).isEmpty();
        }
    }

    @Test
    void byteOrderMarkCrlfAndLoneCrKeepLineNumbers() throws IOException {
        byte[] input = Items.bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "[\r\n{\"id\": 1},\r{\"id\": 2}\r\n]");

        assertThat(read(input, Format.JSON)).extracting(InputItem::line).containsExactly(2L, 3L);
    }

    @Test
    void invalidUtf8MakesOnlyThatElementMalformed() throws IOException {
        byte[] input = Items.bytes("[\n{\"name\": \"B", new byte[] {(byte) 0xFF}, "b\"},\n{\"name\": \"Cy\"}\n]");

        assertThat(read(input, Format.JSON)).containsExactly(
                new MalformedLine(2, "{\"name\":\"B\uFFFDb\"}", "line is not valid UTF-8"),
                new Record(3, Map.of("name", "Cy"), "{\"name\":\"Cy\"}"));
    }

    @Test
    void columnsAreTheUnionOfKeysInOrderOfFirstAppearance() throws IOException {
        try (RecordReader reader = Items.open("[{\"b\": 1, \"a\": 2}, 7, {\"a\": 3, \"c\": 4}, {\"d\": 5, \"b\": 6}]",
                Format.JSON)) {
            reader.next();
            assertThat(reader.columns()).containsExactly("b", "a");
            reader.forEachRemaining(item -> { });
            assertThat(reader.columns()).containsExactly("b", "a", "c", "d");
        }
    }

    @Test
    void topLevelObjectIsUnreadable() {
        assertThatThrownBy(() -> Items.open("{\"id\": 1}", Format.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("expected a JSON array starting with '[', found an object");
    }

    @Test
    void emptyJsonFileIsUnreadable() {
        assertThatThrownBy(() -> Items.open("  \n", Format.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("the file is empty");
    }

    @Test
    void fileNotStartingWithJsonIsUnreadable() {
        assertThatThrownBy(() -> Items.open("id,name\n1,Ann\n", Format.JSON))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("the file is not valid JSON: Unrecognized token 'id': was expecting"
                        + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    }
}
