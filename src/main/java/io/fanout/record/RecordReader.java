package io.fanout.record;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Streams the items of one batch file: each {@link Record}, and each {@link MalformedLine} for input that could
 * not be read as one, in file order. Only the current record is held in memory, so files of any length stream.
 *
 * <p>Input is UTF-8 (a leading BOM is dropped); a record containing bytes that are not UTF-8 becomes a
 * MalformedLine "line is not valid UTF-8". Line numbers are physical, 1-based; LF, CRLF and a lone CR end lines.
 * <ul>
 * <li>{@link Format#CSV}: RFC 4180; the first non-blank line is the header; blank lines are skipped; a quoted
 * field may span up to 100 lines. A bad record becomes a MalformedLine and reading goes on with the next.</li>
 * <li>{@link Format#JSON}: one top-level array of objects. A syntax error yields a MalformedLine (with an empty
 * raw text) at the error's line and ends the iteration, as JSON cannot resync.</li>
 * <li>{@link Format#NDJSON}: one JSON object per line; blank lines are skipped; a bad line costs only itself.</li>
 * </ul>
 * {@link #open} fails fast with {@link UnreadableInputException} when the input cannot be read at all.
 * Not thread-safe. Close it (try-with-resources); after {@link #close()} {@link #hasNext()} is false.
 * An I/O failure while iterating is thrown as {@link UncheckedIOException}.
 */
public final class RecordReader implements Iterator<InputItem>, Closeable {

    /** The input formats, chosen by file extension. */
    public enum Format {
        CSV, JSON, NDJSON;

        /**
         * The format for a file name by its extension, ignoring case: .csv, .json, .ndjson or .jsonl.
         *
         * @throws UnreadableInputException for any other extension
         */
        public static Format of(String fileName) throws UnreadableInputException {
            String lower = fileName.toLowerCase(Locale.ROOT);
            int dot = lower.lastIndexOf('.');
            return switch (dot < 0 ? "" : lower.substring(dot)) {
                case ".csv" -> CSV;
                case ".json" -> JSON;
                case ".ndjson", ".jsonl" -> NDJSON;
                default -> throw new UnreadableInputException("cannot read \"" + fileName
                        + "\": unsupported file type (expected .csv, .json, .ndjson or .jsonl)");
            };
        }
    }

    private final ItemSource source;
    private final Set<String> keysSeen = new LinkedHashSet<>();
    private InputItem pending;
    private boolean exhausted;
    // read by other threads (progress, a report written on timeout) while one thread iterates
    private volatile long records;
    private volatile long malformed;

    private RecordReader(ItemSource source) {
        this.source = source;
    }

    /** Opens {@code file}, its format taken from its extension (see {@link Format#of}). */
    public static RecordReader open(Path file) throws IOException {
        Format format = Format.of(file.getFileName().toString());
        return open(Files.newInputStream(file), format);
    }

    /**
     * Opens {@code in} as {@code format}. The reader owns the stream and closes it, also when opening fails.
     *
     * @throws UnreadableInputException when the input cannot be read at all: an empty CSV or JSON file, a CSV
     *     without a header or whose header has a blank or duplicate column name, JSON not starting with '['
     */
    public static RecordReader open(InputStream in, Format format) throws IOException {
        try {
            BufferedReader reader = Utf8.reader(in);
            return new RecordReader(switch (format) {
                case CSV -> CsvSource.open(new PhysicalLines(reader));
                case JSON -> JsonArraySource.open(reader);
                case NDJSON -> new NdjsonSource(new PhysicalLines(reader));
            });
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The column names: for CSV the header, in order; for JSON and NDJSON the union of the keys of the records
     * returned so far, in order of first appearance.
     */
    public List<String> columns() {
        List<String> header = source.header();
        if (header != null) return header;
        synchronized (keysSeen) {
            return List.copyOf(keysSeen);
        }
    }

    /** How many {@link Record}s {@link #next()} has returned so far. */
    public long records() {
        return records;
    }

    /** How many {@link MalformedLine}s {@link #next()} has returned so far. */
    public long malformed() {
        return malformed;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !exhausted) {
            try {
                pending = source.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            exhausted = pending == null;
        }
        return pending != null;
    }

    @Override
    public InputItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        InputItem item = pending;
        pending = null;
        if (item instanceof Record record) {
            records++;
            if (source.header() == null) {
                synchronized (keysSeen) {
                    keysSeen.addAll(record.fields().keySet());
                }
            }
        } else {
            malformed++;
        }
        return item;
    }

    @Override
    public void close() throws IOException {
        exhausted = true;
        pending = null;
        source.close();
    }
}
