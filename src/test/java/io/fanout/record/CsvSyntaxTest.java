package io.fanout.record;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CsvSyntaxTest {

    /** The split of unquoted records gives exactly what commons-csv's RFC 4180 parser gives. */
    @Test
    void unquotedRecordsSplitAsCommonsCsvParsesThem() throws IOException {
        Random random = new Random(42);
        String alphabet = "ab ,\t;é'x";
        List<String> samples = new ArrayList<>(List.of("a", ",", ",,", "a,", ",a", " a , b ", "1,Ann,ann@example.com,Springfield,IL,62704"));
        for (int i = 0; i < 2_000; i++) {
            StringBuilder line = new StringBuilder();
            int length = 1 + random.nextInt(30);
            for (int j = 0; j < length; j++) line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            samples.add(line.toString());
        }
        for (String text : samples) {
            assertThat(CsvSyntax.parse(text)).as(text).isEqualTo(commonsCsv(text));
        }
    }

    @Test
    void quotedRecordsStillGoToCommonsCsv() throws IOException {
        assertThat(CsvSyntax.parse("1,\"Smith, Ann\",\"say \"\"hi\"\"\"")).containsExactly("1", "Smith, Ann", "say \"hi\"");
        assertThat(CsvSyntax.parse("\"a\nb\",c")).containsExactly("a\nb", "c");
    }

    private static List<String> commonsCsv(String text) throws IOException {
        try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180)) {
            List<String> values = new ArrayList<>();
            parser.getRecords().forEach(r -> r.forEach(values::add));
            return values;
        }
    }
}
