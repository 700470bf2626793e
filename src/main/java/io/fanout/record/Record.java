package io.fanout.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One input record: its fields in input order, the line it starts on, and its raw text.
 * Field names are kept as written; {@link #field(String)} looks them up ignoring case.
 */
public record Record(long line, Map<String, String> fields, String raw) implements InputItem {

    public Record {
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(raw, "raw");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The value of the first field whose name equals one of {@code names} ignoring case, trimmed; "" when absent. */
    public String field(String... names) {
        for (String name : names) {
            for (Map.Entry<String, String> e : fields.entrySet()) {
                if (e.getKey().trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return e.getValue() == null ? "" : e.getValue().trim();
                }
            }
        }
        return "";
    }
}
