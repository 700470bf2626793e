package io.fanout.record;

import static io.fanout.record.Items.bytes;
import static io.fanout.record.Items.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fanout.record.RecordReader.Format;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvReadingTest {

    private static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    @Test
    void quotedFieldsKeepCommasEscapedQuotesAndNewlinesAndLaterLineNumbersStayExact() throws IOException {
        List<InputItem> items = read("id,name,note\n"
                + "1,\"Smith, John\",\"He said \"\"hi\"\"\"\n"
                + "2,\"multi\nline\nnote\",x\n"
                + "3,plain,y\n", Format.CSV);

        assertThat(items).containsExactly(
                new Record(2, fields("id", "1", "name", "Smith, John", "note", "He said \"hi\""),
                        "1,\"Smith, John\",\"He said \"\"hi\"\"\""),
                new Record(3, fields("id", "2", "name", "multi\nline\nnote", "note", "x"),
                        "2,\"multi\nline\nnote\",x"),
                new Record(6, fields("id", "3", "name", "plain", "note", "y"), "3,plain,y"));
    }

    @Test
    void fieldsKeepHeaderOrderAndValuesAreNotTrimmed() throws IOException {
        Record record = (Record) read(" id , name \n1, Ann \n", Format.CSV).get(0);

        assertThat(record.fields()).containsExactly(entry("id", "1"), entry("name", " Ann "));
        assertThat(record.field("name")).isEqualTo("Ann");
    }

    @Test
    void byteOrderMarkIsDropped() throws IOException {
        byte[] input = bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "id,name\n1,Ann\n");

        try (RecordReader reader = RecordReader.open(new java.io.ByteArrayInputStream(input), Format.CSV)) {
            assertThat(reader.columns()).containsExactly("id", "name");
            assertThat(reader.next()).isEqualTo(new Record(2, fields("id", "1", "name", "Ann"), "1,Ann"));
        }
    }

    @Test
    void crlfEndsLines() throws IOException {
        assertThat(read("id,name\r\n1,Ann\r\n2,Bob\r\n", Format.CSV)).containsExactly(
                new Record(2, fields("id", "1", "name", "Ann"), "1,Ann"),
                new Record(3, fields("id", "2", "name", "Bob"), "2,Bob"));
    }

    @Test
    void loneCrEndsLines() throws IOException {
        assertThat(read("id,name\r1,Ann\r2,Bob", Format.CSV)).containsExactly(
                new Record(2, fields("id", "1", "name", "Ann"), "1,Ann"),
                new Record(3, fields("id", "2", "name", "Bob"), "2,Bob"));
    }

    @Test
    void blankLinesAreSkippedAndLineNumbersStayPhysical() throws IOException {
        assertThat(read("\n  \nid,name\n\n1,Ann\n \t \n2,Bob\n\n", Format.CSV)).containsExactly(
                new Record(5, fields("id", "1", "name", "Ann"), "1,Ann"),
                new Record(7, fields("id", "2", "name", "Bob"), "2,Bob"));
    }

    @Test
    void wrongFieldCountsAreMalformedAndTheRestIsRead() throws IOException {
        assertThat(read("id,name,city\n1,Ann\n2,Bob,Oslo,extra,more\n3,Cy,Rome\n", Format.CSV)).containsExactly(
                new MalformedLine(2, "1,Ann", "expected 3 fields, found 2"),
                new MalformedLine(3, "2,Bob,Oslo,extra,more", "expected 3 fields, found 5"),
                new Record(4, fields("id", "3", "name", "Cy", "city", "Rome"), "3,Cy,Rome"));
    }

    @Test
    void textAfterAClosingQuoteIsMalformedAndTheRestIsRead() throws IOException {
        assertThat(read("id,name\n1,\"Ann\"x\n2,Bob\n", Format.CSV)).containsExactly(
                new MalformedLine(2, "1,\"Ann\"x", "text after a closing quote"),
                new Record(3, fields("id", "2", "name", "Bob"), "2,Bob"));
    }

    @Test
    void unterminatedQuoteMakesOnlyTheFirstLineMalformed() throws IOException {
        assertThat(read("id,name\n1,\"Ann\n2,Bob\n3,Cy\n", Format.CSV)).containsExactly(
                new MalformedLine(2, "1,\"Ann", "unterminated quoted field"),
                new Record(3, fields("id", "2", "name", "Bob"), "2,Bob"),
                new Record(4, fields("id", "3", "name", "Cy"), "3,Cy"));
    }

    @Test
    void quoteStillOpenAfter100LinesIsUnterminatedEvenIfItClosesLater() throws IOException {
        StringBuilder csv = new StringBuilder("id,name\n1,\"open\n");
        for (int line = 3; line <= 120; line++) {
            csv.append(line).append(",v\n");
        }
        csv.append("closes\"\n");

        List<InputItem> items = read(csv.toString(), Format.CSV);

        assertThat(items).hasSize(120);
        assertThat(items.get(0)).isEqualTo(new MalformedLine(2, "1,\"open", "unterminated quoted field"));
        assertThat(items.get(1)).isEqualTo(new Record(3, fields("id", "3", "name", "v"), "3,v"));
        assertThat(items.get(118)).isEqualTo(new Record(120, fields("id", "120", "name", "v"), "120,v"));
        assertThat(items.get(119)).isEqualTo(new MalformedLine(121, "closes\"", "expected 2 fields, found 1"));
    }

    @Test
    void invalidUtf8MakesOnlyThatLineMalformed() throws IOException {
        byte[] input = bytes("id,name\n1,Ann\n2,B", new byte[] {(byte) 0xFF, (byte) 0xC3}, "b\n3,Cy\n");

        assertThat(read(input, Format.CSV)).containsExactly(
                new Record(2, fields("id", "1", "name", "Ann"), "1,Ann"),
                new MalformedLine(3, "2,B\uFFFD\uFFFDb", "line is not valid UTF-8"),
                new Record(4, fields("id", "3", "name", "Cy"), "3,Cy"));
    }

    @Test
    void a70000CharacterFieldIsReadWhole() throws IOException {
        String big = "x".repeat(35_000) + ",\"" + "y".repeat(34_998);

        List<InputItem> items = read("id,text\n1,\"" + big.replace("\"", "\"\"") + "\"\n2,short\n", Format.CSV);

        assertThat(((Record) items.get(0)).fields().get("text")).hasSize(70_000).isEqualTo(big);
        assertThat(items.get(1)).isEqualTo(new Record(3, fields("id", "2", "text", "short"), "2,short"));
    }
}
