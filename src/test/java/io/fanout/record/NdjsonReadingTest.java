package io.fanout.record;

import static io.fanout.record.Items.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.fanout.record.RecordReader.Format;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NdjsonReadingTest {

    @Test
    void badLinesInTheMiddleAreMalformedAndBlankLinesSkipped() throws IOException {
        String input = "{\"id\": 1, \"tags\": [\"a\"]}\n"
                + "\n"
                + "{\"id\": 2,\n"
                + "   \n"
                + "[1, 2]\n"
                + "{\"id\": 3} {\"id\": 4}\n"
                + "{\"id\": 5, \"price\": 9.90, \"gone\": null}\n";

        assertThat(read(input, Format.NDJSON)).containsExactly(
                new Record(1, Map.of("id", "1", "tags", "[\"a\"]"), "{\"id\": 1, \"tags\": [\"a\"]}"),
                new MalformedLine(3, "{\"id\": 2,", "invalid JSON: Unexpected end-of-input within/between Object entries"),
                new MalformedLine(5, "[1, 2]", "expected a JSON object, found an array"),
                new MalformedLine(6, "{\"id\": 3} {\"id\": 4}", "invalid JSON: more than one JSON value on the line"),
                new Record(7, Map.of("id", "5", "price", "9.90", "gone", ""),
                        "{\"id\": 5, \"price\": 9.90, \"gone\": null}"));
    }

    @Test
    void crlfLoneCrAndByteOrderMarkKeepLineNumbers() throws IOException {
        byte[] input = Items.bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "{\"id\": 1}\r\n\r\n{\"id\": 2}\r{\"id\": 3}");

        assertThat(read(input, Format.NDJSON)).containsExactly(
                new Record(1, Map.of("id", "1"), "{\"id\": 1}"),
                new Record(3, Map.of("id", "2"), "{\"id\": 2}"),
                new Record(4, Map.of("id", "3"), "{\"id\": 3}"));
    }

    @Test
    void invalidUtf8MakesOnlyThatLineMalformed() throws IOException {
        byte[] input = Items.bytes("{\"n\": \"B", new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}\n{\"n\": \"Cy\"}\n");

        assertThat(read(input, Format.NDJSON)).containsExactly(
                new MalformedLine(1, "{\"n\": \"B\uFFFD(\"}", "line is not valid UTF-8"),
                new Record(2, Map.of("n", "Cy"), "{\"n\": \"Cy\"}"));
    }

    @Test
    void columnsAreTheUnionOfKeysInOrderOfFirstAppearance() throws IOException {
        try (RecordReader reader = Items.open("{\"z\": 1}\nnot json\n{\"a\": 2, \"z\": 3}\n{\"m\": 4}\n",
                Format.NDJSON)) {
            reader.forEachRemaining(item -> { });
            assertThat(reader.columns()).containsExactly("z", "a", "m");
        }
    }

    @Test
    void emptyFileHasNoItems() throws IOException {
        assertThat(read("", Format.NDJSON)).isEmpty();
    }
}
