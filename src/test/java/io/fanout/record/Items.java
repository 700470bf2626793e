package io.fanout.record;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: read a whole small input into a list. */
final class Items {

    private Items() {
    }

    static List<InputItem> read(String text, RecordReader.Format format) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8), format);
    }

    static List<InputItem> read(byte[] bytes, RecordReader.Format format) throws IOException {
        try (RecordReader reader = RecordReader.open(new ByteArrayInputStream(bytes), format)) {
            List<InputItem> items = new ArrayList<>();
            reader.forEachRemaining(items::add);
            return items;
        }
    }

    static RecordReader open(String text, RecordReader.Format format) throws IOException {
        return RecordReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), format);
    }

    /** The bytes of {@code parts}: strings as UTF-8, byte arrays as they are. */
    static byte[] bytes(Object... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] b ? b : part.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
