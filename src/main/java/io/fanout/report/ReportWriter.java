package io.fanout.report;

import io.fanout.check.CheckOutcome;
import io.fanout.job.Verdict;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes NAME.report.csv: the input columns, then {@code line}, {@code status}, {@code reasons} and one
 * {@code check_<name>} column per check, one row per verdict in the order given (input order).
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static List<String> header(List<String> columns, List<String> checks) {
        List<String> header = new ArrayList<>(columns);
        header.addAll(List.of("line", "status", "reasons"));
        checks.forEach(check -> header.add("check_" + check));
        return header;
    }

    public static void write(List<String> columns, List<String> checks, Iterable<Verdict> verdicts, Appendable out)
            throws IOException {
        try (Rows rows = open(columns, checks, out)) {
            for (Verdict verdict : verdicts) rows.write(verdict);
        }
    }

    /** Starts a report on {@code out} (the header is written now); then one {@link Rows#write} per verdict, in input order. */
    public static Rows open(List<String> columns, List<String> checks, Appendable out) throws IOException {
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180);
        csv.printRecord(header(columns, checks));
        return new Rows(csv, List.copyOf(columns), List.copyOf(checks));
    }

    /** The rows of a report being written. */
    public static final class Rows implements Closeable {
        private final CSVPrinter csv;
        private final List<String> columns;
        private final List<String> checks;
        private final List<String> row = new ArrayList<>();

        private Rows(CSVPrinter csv, List<String> columns, List<String> checks) {
            this.csv = csv;
            this.columns = columns;
            this.checks = checks;
        }

        public void write(Verdict verdict) throws IOException {
            row.clear();
            for (String column : columns) {
                row.add(verdict.record().fields().getOrDefault(column, ""));
            }
            row.add(Long.toString(verdict.line()));
            row.add(verdict.status().name());
            row.add(String.join("; ", verdict.reasons()));
            for (String check : checks) {
                row.add(verdict.outcome(check).map(CheckOutcome::result).map(Enum::name).orElse(""));
            }
            csv.printRecord(row);
        }

        @Override
        public void close() throws IOException {
            csv.close(true);
        }
    }
}
