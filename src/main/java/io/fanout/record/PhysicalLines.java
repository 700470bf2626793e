package io.fanout.record;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The physical lines of a text, numbered from 1. LF, CRLF and a lone CR all end a line (as in
 * {@link BufferedReader#readLine()}). Lines can be pushed back, so a reader that looked ahead too far can
 * give them back without losing or re-numbering any.
 */
final class PhysicalLines implements Closeable {

    /** One physical line: its 1-based number and its text without the line ending. */
    record Line(long number, String text) {
        boolean isBlank() {
            return text.isBlank();
        }
    }

    private final BufferedReader reader;
    private final Deque<Line> pushedBack = new ArrayDeque<>();
    private long lastNumber;

    PhysicalLines(BufferedReader reader) {
        this.reader = reader;
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        if (!pushedBack.isEmpty()) {
            return pushedBack.pollFirst();
        }
        String text = reader.readLine();
        return text == null ? null : new Line(++lastNumber, text);
    }

    /** The next line that is not empty or only whitespace, or null at the end of the input. */
    Line nextNonBlank() throws IOException {
        Line line = next();
        while (line != null && line.isBlank()) {
            line = next();
        }
        return line;
    }

    /** Makes {@code lines} (in order) the next ones returned, ahead of any not yet read. */
    void pushBack(List<Line> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            pushedBack.addFirst(lines.get(i));
        }
    }

    /** How many physical lines have been read from the input so far (pushed-back lines included). */
    long linesRead() {
        return lastNumber;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
