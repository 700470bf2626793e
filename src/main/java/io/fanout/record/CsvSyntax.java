package io.fanout.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/** RFC 4180 details for {@link CsvSource}: where a record ends, how its text is parsed, what errors mean. */
final class CsvSyntax {

    private CsvSyntax() {
    }

    /**
     * Whether a quoted field is still open at the end of {@code text}. Follows commons-csv: a quote opens a
     * field only as its first character, {@code ""} inside a quoted field is an escaped quote.
     */
    static boolean endsInQuotes(String text, boolean inQuotes) {
        boolean fieldStart = !inQuotes;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    i++;
                } else if (c == '"') {
                    inQuotes = false;
                }
            } else if (c == ',') {
                fieldStart = true;
            } else {
                inQuotes = c == '"' && fieldStart;
                fieldStart = false;
            }
        }
        return inQuotes;
    }

    /**
     * The values of the one logical record in {@code text}. Without quotes (or carriage returns) an RFC 4180 record
     * is its text between commas, exactly: that common case is split here, since a commons-csv parser per record
     * allocates a 16 KB read buffer each time; anything quoted goes to commons-csv.
     */
    static List<String> parse(String text) throws IOException {
        if (text.indexOf('"') < 0 && text.indexOf('\r') < 0) {
            return splitOnCommas(text);
        }
        try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180)) {
            List<String> values = new ArrayList<>();
            parser.getRecords().forEach(r -> r.forEach(values::add));
            return values;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static List<String> splitOnCommas(String text) {
        List<String> values = new ArrayList<>();
        int start = 0;
        for (int comma = text.indexOf(','); comma >= 0; comma = text.indexOf(',', start)) {
            values.add(text.substring(start, comma));
            start = comma + 1;
        }
        values.add(text.substring(start));
        return values;
    }

    /** The commons-csv message in plain words, without its line number (which counts within the record). */
    static String readable(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Invalid character between encapsulated token and delimiter")) {
            return "text after a closing quote";
        }
        if (message.contains("EOF reached before encapsulated token finished")) {
            return "unterminated quoted field";
        }
        return "invalid CSV: " + message.replaceAll(" at line: [\\d,]+,?", "");
    }
}
