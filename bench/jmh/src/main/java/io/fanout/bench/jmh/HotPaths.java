package io.fanout.bench.jmh;

import io.fanout.check.CheckOutcome;
import io.fanout.job.Verdict;
import io.fanout.record.InputItem;
import io.fanout.record.Record;
import io.fanout.record.RecordReader;
import io.fanout.report.ReportWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pure code every record passes through, per record: parsing it, merging its check outcomes into a verdict,
 * writing its report row. Scores are nanoseconds per record (per row), and with -prof gc bytes allocated per record.
 * The records are the bench's: id,name,email,city,state,postal_code, Springfield IL 62704, pN@example.com.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class HotPaths {

    static final int ROWS = 10_000;
    static final List<String> CHECKS = List.of("address", "email", "suppression");

    byte[] csv;
    List<String> columns;
    Record record;
    List<CheckOutcome> passed;      // as they arrive: in completion order, not check order
    List<CheckOutcome> flagged;
    List<Verdict> verdicts;

    @Setup
    public void setUp() throws IOException {
        StringBuilder b = new StringBuilder("id,name,email,city,state,postal_code\n");
        for (int i = 1; i <= ROWS; i++) {
            b.append(i).append(",Person ").append(i).append(",p").append(i).append("@example.com,Springfield,IL,62704\n");
        }
        csv = b.toString().getBytes(StandardCharsets.UTF_8);
        List<Record> records = new ArrayList<>();
        try (RecordReader reader = RecordReader.open(new ByteArrayInputStream(csv), RecordReader.Format.CSV)) {
            columns = reader.columns();
            while (reader.hasNext()) records.add((Record) reader.next());
        }
        if (records.size() != ROWS) throw new IllegalStateException("read " + records.size() + " records");
        record = records.get(41);
        passed = List.of(CheckOutcome.pass("suppression").withElapsedMs(1), CheckOutcome.pass("address").withElapsedMs(50),
                CheckOutcome.pass("email").withElapsedMs(51));
        flagged = List.of(CheckOutcome.pass("suppression").withElapsedMs(1),
                CheckOutcome.flag("email", "disposable e-mail domain mailinator.com").withElapsedMs(50),
                CheckOutcome.flag("address", "city Springfeld does not match postal code 62704 (Springfield, IL)").withElapsedMs(51));
        verdicts = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            verdicts.add(Verdict.decide(records.get(i), i % 10 == 0 ? flagged : passed, CHECKS));
        }
    }

    /** RecordReader over an in-memory CSV of 10,000 records: per record. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long parseCsv() throws IOException {
        long sum = 0;
        try (RecordReader reader = RecordReader.open(new ByteArrayInputStream(csv), RecordReader.Format.CSV)) {
            while (reader.hasNext()) {
                InputItem item = reader.next();
                sum += ((Record) item).line();
            }
        }
        return sum;
    }

    /** Verdict.decide of three passing outcomes. */
    @Benchmark
    public Verdict decideVerified() {
        return Verdict.decide(record, passed, CHECKS);
    }

    /** Verdict.decide with two flags. */
    @Benchmark
    public Verdict decideFlagged() {
        return Verdict.decide(record, flagged, CHECKS);
    }

    /** ReportWriter.write of 10,000 verdicts into a StringBuilder, then toString(), as the fan-in does: per row. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int writeReportToString() throws IOException {
        StringBuilder out = new StringBuilder();
        ReportWriter.write(columns, CHECKS, verdicts, out);
        return out.toString().length();
    }

    /** ReportWriter.write of 10,000 verdicts into a writer that keeps nothing: the formatting alone, per row. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long writeReportFormattingOnly() throws IOException {
        CountingWriter out = new CountingWriter();
        ReportWriter.write(columns, CHECKS, verdicts, out);
        return out.chars;
    }

    /** Record.field as the checks look up a field (ignoring case, by two names). */
    @Benchmark
    public String recordField() {
        return record.field("postal_code", "zip");
    }

    /** A Writer that only counts. */
    static final class CountingWriter extends Writer {
        long chars;

        @Override
        public void write(char[] buf, int off, int len) {
            chars += len;
        }

        @Override
        public void write(String s, int off, int len) {
            chars += len;
        }

        @Override
        public Writer append(CharSequence s) {
            chars += s == null ? 4 : s.length();
            return this;
        }

        @Override
        public Writer append(char c) {
            chars++;
            return this;
        }

        @Override
        public void write(int c) {
            chars++;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

}
