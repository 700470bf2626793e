package io.fanout.record;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** One input format behind {@link RecordReader}: hands out items one at a time. */
interface ItemSource extends Closeable {

    /** The next item, or null when the input is exhausted. */
    InputItem next() throws IOException;

    /** The column names fixed by the input (a CSV header), or null when the records themselves name them. */
    List<String> header();
}
