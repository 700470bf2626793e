package io.fanout.record;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decoding of input bytes: UTF-8, a leading BOM dropped, invalid bytes replaced by U+FFFD so reading never stops. */
final class Utf8 {

    /** The reason given for a line or record that contained bytes that are not UTF-8. */
    static final String INVALID = "line is not valid UTF-8";

    private static final char BOM = '\uFEFF';
    private static final char REPLACEMENT = '\uFFFD';
    private static final int BUFFER_CHARS = 64 * 1024;

    private Utf8() {
    }

    /** A buffered reader over {@code in}, positioned after the BOM if there is one. */
    static BufferedReader reader(InputStream in) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), BUFFER_CHARS);
        reader.mark(1);
        if (reader.read() != BOM) {
            reader.reset();
        }
        return reader;
    }

    /** True when decoding had to replace bytes in {@code text}, i.e. the input there was not valid UTF-8. */
    static boolean wasInvalid(String text) {
        return text.indexOf(REPLACEMENT) >= 0;
    }
}
