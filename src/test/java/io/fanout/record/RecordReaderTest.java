package io.fanout.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fanout.record.RecordReader.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordReaderTest {

    @Test
    void formatComesFromTheExtensionIgnoringCase() throws IOException {
        assertThat(Format.of("batch.CSV")).isEqualTo(Format.CSV);
        assertThat(Format.of("batch.2024.Json")).isEqualTo(Format.JSON);
        assertThat(Format.of("batch.ndjson")).isEqualTo(Format.NDJSON);
        assertThat(Format.of("batch.JSONL")).isEqualTo(Format.NDJSON);
    }

    @Test
    void unsupportedExtensionIsUnreadable() {
        assertThatThrownBy(() -> Format.of("batch.xlsx"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("cannot read \"batch.xlsx\": unsupported file type (expected .csv, .json, .ndjson or .jsonl)");
        assertThatThrownBy(() -> Format.of("README"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("cannot read \"README\": unsupported file type (expected .csv, .json, .ndjson or .jsonl)");
    }

    @Test
    void openPathReadsTheFormatOfItsExtension(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("batch.JSONL"), "{\"id\": 1}\n");

        try (RecordReader reader = RecordReader.open(file)) {
            assertThat(reader.next()).isEqualTo(new Record(1, Map.of("id", "1"), "{\"id\": 1}"));
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void openPathWithUnsupportedExtensionIsUnreadable(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("batch.txt"), "id\n1\n");

        assertThatThrownBy(() -> RecordReader.open(file)).isInstanceOf(UnreadableInputException.class);
    }

    @Test
    void countsRecordsAndMalformedLinesReturnedSoFar() throws IOException {
        try (RecordReader reader = Items.open("id,name\n1,Ann\n2\n3,Cy\n4,Di,x\n", Format.CSV)) {
            reader.next();
            reader.next();
            assertThat(reader.records()).isEqualTo(1);
            assertThat(reader.malformed()).isEqualTo(1);
            reader.forEachRemaining(item -> { });
            assertThat(reader.records()).isEqualTo(2);
            assertThat(reader.malformed()).isEqualTo(2);
        }
    }

    @Test
    void nextAfterTheLastItemThrows() throws IOException {
        try (RecordReader reader = Items.open("id\n1\n", Format.CSV)) {
            reader.next();
            assertThat(reader.hasNext()).isFalse();
            assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void closeClosesTheStreamAndEndsTheIteration() throws IOException {
        var in = new CloseTracking("id\n1\n2\n");
        RecordReader reader = RecordReader.open(in, Format.CSV);

        reader.close();

        assertThat(in.closed).isTrue();
        assertThat(reader.hasNext()).isFalse();
    }

    @Test
    void openClosesTheStreamWhenTheInputIsUnreadable() {
        var in = new CloseTracking("{\"not\": \"an array\"}");

        assertThatThrownBy(() -> RecordReader.open(in, Format.JSON)).isInstanceOf(UnreadableInputException.class);
        assertThat(in.closed).isTrue();
    }

    @Test
    void a200000LineCsvIsStreamedNotLoaded() throws IOException {
        var csv = new GeneratedCsv(199_999);
        try (RecordReader reader = RecordReader.open(csv, Format.CSV)) {
            InputItem first = reader.next();
            assertThat(first).isEqualTo(new Record(2,
                    Map.of("id", "1", "name", "Name, 1", "email", "user1@example.com"),
                    "1,\"Name, 1\",user1@example.com"));
            assertThat(csv.produced).isLessThan(1_000_000);

            InputItem last = first;
            while (reader.hasNext()) {
                last = reader.next();
            }

            assertThat(reader.records()).isEqualTo(199_800);
            assertThat(reader.malformed()).isEqualTo(199);
            assertThat(last.line()).isEqualTo(200_000);
            assertThat(csv.produced).isGreaterThan(5_000_000);
        }
    }

    /** A stream that remembers being closed. */
    private static final class CloseTracking extends ByteArrayInputStream {
        boolean closed;

        CloseTracking(String text) {
            super(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A header and {@code rows} CSV rows made as they are read; every 1000th row has one field too many. */
    private static final class GeneratedCsv extends InputStream {
        private final int rows;
        private int row;
        private byte[] chunk = "id,name,email\n".getBytes(StandardCharsets.UTF_8);
        private int pos;
        long produced;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (pos == chunk.length) {
                if (row == rows) {
                    return -1;
                }
                row++;
                String extra = row % 1000 == 0 ? ",extra" : "";
                chunk = (row + ",\"Name, " + row + "\",user" + row + "@example.com" + extra + "\n")
                        .getBytes(StandardCharsets.UTF_8);
                pos = 0;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            produced += n;
            return n;
        }
    }
}
