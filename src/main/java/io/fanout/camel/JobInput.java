package io.fanout.camel;

import io.fanout.record.InputItem;
import io.fanout.record.RecordReader;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * What one run of a job fans out: the items of its input that have no result yet (a resumed job skips what it
 * finished before), until the input ends or the service begins to stop ({@link #stopped()}: the job is left
 * unfinished, to resume at the next start). Iterated by one thread, the split's.
 */
public final class JobInput implements Iterator<InputItem>, Closeable {

    private final Iterator<? extends InputItem> items;
    private final Closeable source;
    private final Supplier<List<String>> columns;
    private final LongPredicate hasResult;
    private final BooleanSupplier stopping;
    private InputItem next;
    private volatile boolean stopped;

    JobInput(Iterator<? extends InputItem> items, Closeable source, Supplier<List<String>> columns,
             LongPredicate hasResult, BooleanSupplier stopping) {
        this.items = items;
        this.source = source;
        this.columns = columns;
        this.hasResult = hasResult;
        this.stopping = stopping;
    }

    /** The lines of {@code reader} that have no result yet. */
    static JobInput of(RecordReader reader, LongPredicate hasResult, BooleanSupplier stopping) {
        return new JobInput(reader, reader, reader::columns, hasResult, stopping);
    }

    /** Records read back from the job store (a redrive): their columns are the job's. */
    static JobInput of(Iterator<? extends InputItem> items, List<String> columns, BooleanSupplier stopping) {
        return new JobInput(items, () -> { }, () -> columns, line -> false, stopping);
    }

    /** The input's columns as known so far. */
    public List<String> columns() {
        return columns.get();
    }

    /** True when the service began to stop before the input was read to the end. */
    public boolean stopped() {
        return stopped;
    }

    @Override
    public boolean hasNext() {
        if (next != null) return true;
        if (stopping.getAsBoolean()) {
            stopped = true;
            return false;
        }
        while (items.hasNext()) {
            InputItem item = items.next();
            if (!hasResult.test(item.line())) {
                next = item;
                return true;
            }
        }
        return false;
    }

    @Override
    public InputItem next() {
        if (!hasNext()) throw new NoSuchElementException();
        InputItem item = next;
        next = null;
        return item;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
