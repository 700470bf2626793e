package io.fanout.api;

import io.fanout.record.InputItem;
import io.fanout.record.MalformedLine;
import io.fanout.record.RecordReader;
import io.fanout.record.RecordReader.Format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * A batch posted to the jobs API, checked before the job starts: a synchronous caller can fix and resend it, so
 * unlike a dropped file a batch with one bad line is refused whole, with the line and the reason.
 */
public record BatchBody(byte[] bytes, Format format, long records) {

    /** Validates {@code body} of {@code contentType}: 415, 413 and 400 as {@link ApiException}s. */
    public static BatchBody parse(byte[] body, String contentType, long maxBytes, long maxRecords) {
        Format format = format(contentType);
        if (body == null || body.length == 0) throw new ApiException(400, "empty batch", "the request has no body");
        if (body.length > maxBytes) {
            throw new ApiException(413, "batch too large", "the body has " + body.length + " bytes; at most " + maxBytes + " are accepted (fanout.http.max-body-bytes)");
        }
        long records = 0;
        try (RecordReader reader = RecordReader.open(new ByteArrayInputStream(body), format)) {
            while (reader.hasNext()) {
                InputItem item = reader.next();
                if (item instanceof MalformedLine bad) {
                    throw new ApiException(400, "malformed batch", "line " + bad.line() + ": " + bad.reason());
                }
                if (++records > maxRecords) {
                    throw new ApiException(413, "too many records", "the batch has more than " + maxRecords + " records (fanout.max-records-per-job)");
                }
            }
        } catch (IOException e) {
            throw new ApiException(400, "malformed batch", e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ApiException(400, "malformed batch", e.getCause().getMessage());
        }
        if (records == 0) throw new ApiException(400, "empty batch", "the batch has no records");
        return new BatchBody(body, format, records);
    }

    /** A fresh reader over the batch, for the fan-out. */
    public RecordReader reader() throws IOException {
        return RecordReader.open(new ByteArrayInputStream(bytes), format);
    }

    static Format format(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String media = type.split(";")[0].trim();
        if (type.contains("charset=") && !type.replace(" ", "").contains("charset=utf-8")) {
            throw new ApiException(415, "unsupported charset", "send the batch as UTF-8");
        }
        return switch (media) {
            case "application/json" -> Format.JSON;
            case "application/x-ndjson", "application/ndjson", "application/jsonl" -> Format.NDJSON;
            case "text/csv" -> Format.CSV;
            default -> throw new ApiException(415, "unsupported content type",
                    "send application/json (an array of objects), application/x-ndjson or text/csv, not '" + media + "'");
        };
    }
}
