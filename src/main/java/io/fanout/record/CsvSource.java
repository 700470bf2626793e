package io.fanout.record;

import io.fanout.record.PhysicalLines.Line;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * RFC 4180 CSV. Physical lines are read here, not by commons-csv, so that line numbers and raw text stay exact
 * and one bad record never stops the rest: lines are gathered while a quoted field is open, and only that
 * logical record's text is handed to commons-csv.
 */
final class CsvSource implements ItemSource {

    /** A quoted field still open after this many physical lines is taken to be unterminated. */
    static final int MAX_RECORD_LINES = 100;

    private final PhysicalLines lines;
    private final List<String> header;

    private CsvSource(PhysicalLines lines, List<String> header) {
        this.lines = lines;
        this.header = header;
    }

    /** Reads the header (the first non-blank record) and fails when there is no usable one. */
    static CsvSource open(PhysicalLines lines) throws IOException {
        Line first = lines.nextNonBlank();
        if (first == null) {
            throw new UnreadableInputException(lines.linesRead() == 0
                    ? "the file is empty" : "the file has no header: it contains only blank lines");
        }
        List<Line> block = gather(lines, first);
        if (block == null) {
            throw new UnreadableInputException("the header has an unterminated quoted field");
        }
        String text = join(block);
        if (Utf8.wasInvalid(text)) {
            throw new UnreadableInputException("the header is not valid UTF-8");
        }
        List<String> names;
        try {
            names = CsvSyntax.parse(text).stream().map(String::trim).toList();
        } catch (IOException e) {
            throw new UnreadableInputException("the header cannot be read: " + CsvSyntax.readable(e), e);
        }
        checkNames(names);
        return new CsvSource(lines, names);
    }

    @Override
    public InputItem next() throws IOException {
        Line first = lines.nextNonBlank();
        if (first == null) {
            return null;
        }
        List<Line> block = gather(lines, first);
        if (block == null) {
            return new MalformedLine(first.number(), first.text(), "unterminated quoted field");
        }
        String text = join(block);
        if (Utf8.wasInvalid(text)) {
            return new MalformedLine(first.number(), text, Utf8.INVALID);
        }
        List<String> values;
        try {
            values = CsvSyntax.parse(text);
        } catch (IOException e) {
            return new MalformedLine(first.number(), text, CsvSyntax.readable(e));
        }
        if (values.size() != header.size()) {
            return new MalformedLine(first.number(), text,
                    "expected " + header.size() + " fields, found " + values.size());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            fields.put(header.get(i), values.get(i));
        }
        return new Record(first.number(), fields, text);
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    /**
     * The physical lines of the record starting at {@code first}; null when its quoted field is still open after
     * {@link #MAX_RECORD_LINES} lines or at the end of input, in which case every line after the first is pushed
     * back so that reading resumes right after the first.
     */
    private static List<Line> gather(PhysicalLines lines, Line first) throws IOException {
        List<Line> block = new ArrayList<>();
        block.add(first);
        boolean inQuotes = CsvSyntax.endsInQuotes(first.text(), false);
        while (inQuotes && block.size() < MAX_RECORD_LINES) {
            Line line = lines.next();
            if (line == null) {
                break;
            }
            block.add(line);
            inQuotes = CsvSyntax.endsInQuotes(line.text(), true);
        }
        if (!inQuotes) {
            return block;
        }
        lines.pushBack(block.subList(1, block.size()));
        return null;
    }

    private static String join(List<Line> block) {
        return block.size() == 1 ? block.get(0).text()
                : block.stream().map(Line::text).collect(Collectors.joining("\n"));
    }

    private static void checkNames(List<String> names) throws UnreadableInputException {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                throw new UnreadableInputException("column " + (i + 1) + " of the header has a blank name");
            }
            // Record.field() looks names up ignoring case, so "ID" and "id" would shadow each other.
            Integer earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i + 1);
            if (earlier != null) {
                throw new UnreadableInputException("the header names column \"" + name + "\" twice (columns "
                        + earlier + " and " + (i + 1) + ")");
            }
        }
    }
}
