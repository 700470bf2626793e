package io.fanout.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * US postal codes (ZIP codes) and the one city and state each belongs to, from the classpath resource
 * {@value #RESOURCE} (header {@code postal_code,city,state,latitude,longitude}). Immutable and thread-safe.
 */
public final class PostalCodes {

    public static final String RESOURCE = "reference/us-postal-codes.csv";

    /** A known postal code with its city and state as written in the reference data. */
    public record Place(String postalCode, String city, String state) {
        public Place {
            Objects.requireNonNull(postalCode, "postalCode");
            Objects.requireNonNull(city, "city");
            Objects.requireNonNull(state, "state");
        }
    }

    private static final Pattern ZIP_PLUS_4 = Pattern.compile("\\d{5}-\\d{4}");

    private final Map<String, Place> byCode;

    private PostalCodes(Map<String, Place> byCode) {
        this.byCode = Map.copyOf(byCode);
    }

    /** Loads {@value #RESOURCE}; fails with a clear message if it is missing or unreadable. */
    public static PostalCodes load() {
        InputStream in = PostalCodes.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("classpath resource " + RESOURCE + " not found");
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        Map<String, Place> places = new HashMap<>(64 * 1024);
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            for (CSVRecord row : parser) {
                String code = row.get("postal_code");
                places.put(code, new Place(code, row.get("city"), row.get("state")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new PostalCodes(places);
    }

    /** A table of the given places, for tests and small fixtures. */
    public static PostalCodes of(Collection<Place> places) {
        Map<String, Place> map = new HashMap<>();
        places.forEach(p -> map.put(p.postalCode(), p));
        return new PostalCodes(map);
    }

    /**
     * The 5-digit code of {@code code}: "62704" and ZIP+4 "62704-1234" both give "62704" (after trimming).
     * Anything else comes back trimmed and otherwise unchanged; {@code null} gives "".
     */
    public static String normalize(String code) {
        if (code == null) {
            return "";
        }
        String trimmed = code.trim();
        if (ZIP_PLUS_4.matcher(trimmed).matches()) {
            return trimmed.substring(0, 5);
        }
        return trimmed;
    }

    /** The place for {@code code} (normalized first, so ZIP+4 works), or empty if unknown or blank. */
    public Optional<Place> find(String code) {
        return Optional.ofNullable(byCode.get(normalize(code)));
    }

    public int size() {
        return byCode.size();
    }
}
