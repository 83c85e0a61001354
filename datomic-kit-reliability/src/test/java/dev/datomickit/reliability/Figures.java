package dev.datomickit.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The figures of each case: operations performed, faults injected, bad inputs tried, duration, and
 * whether its checks passed. A case opens its row when it starts and closes it as passed when its
 * last check has passed; a row left open is reported as failed. {@link ReliabilityReport} prints
 * them all when the run ends.
 */
final class Figures {

    private static final List<Row> ROWS = new CopyOnWriteArrayList<>();

    private Figures() {}

    /** One case's counters; thread-safe, so the case's threads count as they go. */
    static final class Row {

        final String name;
        final String load;
        final LongAdder operations = new LongAdder();
        final LongAdder faults = new LongAdder();
        final LongAdder badInputs = new LongAdder();
        private final long started = System.nanoTime();
        private volatile Duration duration;
        private volatile boolean passed;
        private volatile String detail = "";

        private Row(String name, String load) {
            this.name = name;
            this.load = load;
        }

        /** Records that the case's checks all passed; {@code detail} says what was checked, briefly. */
        void passed(String detail) {
            this.detail = detail;
            this.duration = Duration.ofNanos(System.nanoTime() - started);
            this.passed = true;
        }

        String result() {
            return passed ? "passed: " + detail : "FAILED (see the test report)";
        }

        String duration() {
            Duration d = duration != null ? duration : Duration.ofNanos(System.nanoTime() - started);
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
    }

    /** Starts a row for a case; {@code load} describes its size, such as "8 threads × 400 operations". */
    static Row open(String name, String load) {
        Row row = new Row(name, load);
        ROWS.add(row);
        return row;
    }

    static List<Row> rows() {
        return List.copyOf(ROWS);
    }

    /** The Markdown table of every row so far. */
    static String table() {
        StringBuilder table = new StringBuilder("| case | load | operations | faults injected | bad inputs tried | duration | result |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Row row : ROWS) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %s | %s |%n", row.name, row.load,
                    row.operations.sum(), row.faults.sum(), row.badInputs.sum(), row.duration(), row.result()));
        }
        return table.toString();
    }
}
