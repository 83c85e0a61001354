package dev.datomickit.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pairs benchmark results by the naming convention and formats their ratios: in each benchmark
 * class, a method whose name starts with {@value #LIBRARY_PREFIX} measures datomic-kit, and every
 * other method of the class measures an alternative to it. Results pair up when they share class,
 * parameters and thread count, so every ratio compares two figures from the same run.
 */
final class Ratios {

    static final String LIBRARY_PREFIX = "kit";

    /** One benchmark result, as JMH reports it. */
    record Score(String benchmark, String params, int threads, boolean higherIsBetter, double score, double error,
            String unit) {

        String className() {
            return benchmark.substring(0, benchmark.lastIndexOf('.'));
        }

        String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }

        boolean isLibrary() {
            return method().startsWith(LIBRARY_PREFIX);
        }

        String group() {
            String simple = className().substring(className().lastIndexOf('.') + 1);
            return simple + (params.isEmpty() ? "" : " " + params) + ", " + threads + (threads == 1 ? " thread" : " threads");
        }
    }

    private Ratios() {}

    /** A Markdown table: one row per library/alternative pair. */
    static String table(List<Score> scores) {
        Map<String, List<Score>> groups = new LinkedHashMap<>();
        for (Score score : scores) {
            groups.computeIfAbsent(score.group(), k -> new ArrayList<>()).add(score);
        }
        StringBuilder table = new StringBuilder()
                .append("| benchmark | library | score | alternative | score | library vs alternative |\n")
                .append("|---|---|---|---|---|---|\n");
        int rows = 0;
        for (Map.Entry<String, List<Score>> group : groups.entrySet()) {
            for (Score library : group.getValue()) {
                if (!library.isLibrary()) {
                    continue;
                }
                for (Score alternative : group.getValue()) {
                    if (alternative.isLibrary()) {
                        continue;
                    }
                    table.append("| ").append(group.getKey()).append(" | ").append(library.method()).append(" | ")
                            .append(show(library)).append(" | ").append(alternative.method()).append(" | ")
                            .append(show(alternative)).append(" | ").append(compare(library, alternative)).append(" |\n");
                    rows++;
                }
            }
        }
        return rows == 0 ? "No library/alternative pairs among the results (a library benchmark's name starts with \""
                + LIBRARY_PREFIX + "\"; its alternatives are the other methods of its class).\n" : table.toString();
    }

    /**
     * "12,345x faster", "1.05x slower", or for sizes in bytes "1,100x less memory": how the library
     * compares, whatever the benchmark mode.
     */
    static String compare(Score library, Score alternative) {
        if (!library.unit().equals(alternative.unit()) || library.higherIsBetter() != alternative.higherIsBetter()) {
            return "not comparable (" + library.unit() + " vs " + alternative.unit() + ")";
        }
        double better = library.higherIsBetter() ? library.score() / alternative.score() : alternative.score() / library.score();
        if (Math.abs(better - 1) < 0.005) {
            return "1.00x, the same";
        }
        boolean memory = library.unit().startsWith("bytes");
        return better > 1 ? times(better) + (memory ? " less memory" : " faster")
                : times(1 / better) + (memory ? " more memory" : " slower");
    }

    static String times(double ratio) {
        String pattern = ratio >= 100 ? "%,.0f" : ratio >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, ratio) + "x";
    }

    /** The score and its error, both with the precision the score calls for. */
    private static String show(Score score) {
        double value = score.score();
        String pattern = value >= 100 ? "%,.0f" : value >= 10 ? "%.1f" : value >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value)
                + (Double.isNaN(score.error()) ? "" : " ± " + String.format(Locale.ROOT, pattern, score.error()))
                + " " + score.unit();
    }
}
