package dev.datomickit.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.openjdk.jmh.util.ListStatistics;

/**
 * The whole-suite scenario: a suite of {@code tests} tests, each needing a database with the
 * schema and a fixture of {@code users} users and making three writes, run through the JUnit
 * Platform Launcher as a build tool runs it, in a JVM of its own.
 *
 * <ul>
 *   <li>{@code kitForks}: the tests are a {@code @DatomicTest} ({@link SuiteTests.Forked}): a
 *       fork per test of a starting point built once, and again each time its time to live (the
 *       default five seconds) has passed.
 *   <li>{@code freshMemDatabase}: the same tests, with a new {@code datomic:mem} database per test,
 *       schema and fixture transacted, deleted after the test ({@link SuiteTests.FreshDatabases}).
 * </ul>
 *
 * <p>Each test is timed in three parts ({@link SuiteTimings}): setup, body and teardown; the
 * per-test overhead is setup plus teardown. {@code scripts/bench WholeSuite} runs it; the
 * benchmarks' {@code -f} sets the JVMs per variant and {@code -p tests=…}, {@code -p users=…} the
 * scale. {@code WholeSuiteTest} checks on a small scale that both variants run the same tests and
 * that all pass.
 */
public final class WholeSuite {

    static final String NAME = WholeSuite.class.getName();
    static final int DEFAULT_TESTS = 1_000;
    static final int DEFAULT_USERS = 10_000;
    static final int DEFAULT_ROUNDS = 3;
    private static final List<String> JVM_ARGS = List.of("-Xms2g", "-Xmx2g");

    /** The two ways of giving each test its database. */
    enum Variant {
        KIT_FORKS("kitForks", SuiteTests.Forked.class),
        FRESH_MEM_DATABASE("freshMemDatabase", SuiteTests.FreshDatabases.class);

        final String method;
        final Class<?> tests;

        Variant(String method, Class<?> tests) {
            this.method = method;
            this.tests = tests;
        }

        static Variant of(String method) {
            return Arrays.stream(values()).filter(v -> v.method.equals(method)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown variant " + method + "; expected one of "
                            + Arrays.stream(values()).map(v -> v.method).toList()));
        }
    }

    /** One run of a test class: its total time and what each test took. */
    record Run(int tests, long totalNanos, List<long[]> passed, List<String> passedNames, List<String> failures,
            int fixtureBuilds) {

        boolean allPassed() {
            return failures.isEmpty() && passed.size() == tests;
        }

        long median(int part) {
            return percentile(part, 50);
        }

        long mean(int part) {
            return (long) passed.stream().mapToLong(p -> p[part]).average().orElse(Double.NaN);
        }

        long percentile(int part, double p) {
            return (long) new ListStatistics(passed.stream().mapToLong(t -> t[part]).toArray()).getPercentile(p);
        }
    }

    static final int SETUP = 0;
    static final int BODY = 1;
    static final int TEARDOWN = 2;

    private WholeSuite() {}

    /**
     * Runs the parameterized test of {@code testClass} {@code tests} times, on a fixture of
     * {@code users} users, through the JUnit Platform Launcher, in this JVM.
     */
    static Run run(Class<?> testClass, int tests, int users) {
        SuiteTests.users = users;
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameter(SuiteTests.TESTS_PARAMETER, Integer.toString(tests))
                .build();
        Launcher launcher = LauncherFactory.create();
        SuiteTimings timings = SuiteTimings.start();
        long start = System.nanoTime();
        launcher.execute(request, timings);
        long total = System.nanoTime() - start;
        return new Run(tests, total, timings.passed, timings.passedNames, timings.failures, SuiteTimings.fixtureBuilds());
    }

    /**
     * Runs one variant once and prints its result line: {@code WholeSuite VARIANT TESTS USERS}.
     *
     * @param args the variant ({@code kitForks} or {@code freshMemDatabase}), the number of tests
     *     and the number of fixture users
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("Usage: WholeSuite kitForks|freshMemDatabase TESTS USERS");
            System.exit(2);
        }
        Variant variant = Variant.of(args[0]);
        Run run = run(variant.tests, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        if (!run.allPassed()) {
            System.out.println(variant.method + ": " + run.passed().size() + " of " + run.tests() + " tests passed");
            run.failures().stream().limit(10).forEach(f -> System.out.println("  " + f));
            System.exit(1);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("variant", variant.method);
        result.put("tests", run.tests());
        result.put("total_ns", run.totalNanos());
        for (int part : new int[] {SETUP, BODY, TEARDOWN}) {
            String name = part == SETUP ? "setup" : part == BODY ? "body" : "teardown";
            result.put(name + "_median_ns", run.median(part));
            result.put(name + "_mean_ns", run.mean(part));
        }
        result.put("first_setup_ns", run.passed().get(0)[SETUP]);
        result.put("fixture_builds", run.fixtureBuilds());
        System.out.println(ChildJvm.format(result));
    }

    /**
     * Runs each variant {@code rounds} times, each in a new JVM, alternating the variants; prints
     * a table of totals and per-test parts, and returns the totals for the table of ratios.
     */
    static List<Ratios.Score> measure(int rounds, int tests, int users, PrintStream out) {
        Map<Variant, List<Map<String, String>>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Variant variant : Variant.values()) {
                out.printf(Locale.ROOT, "# WholeSuite %s, JVM %d of %d: %,d tests, %,d users%n", variant.method, round, rounds,
                        tests, users);
                List<Map<String, String>> lines = ChildJvm.run(WholeSuite.class, JVM_ARGS,
                        List.of(variant.method, Integer.toString(tests), Integer.toString(users)), out);
                if (lines.size() != 1) {
                    throw new IllegalStateException("WholeSuite " + variant.method + " printed " + lines.size() + " results");
                }
                out.printf(Locale.ROOT, "  total %.2f s%n", Long.parseLong(lines.get(0).get("total_ns")) / 1e9);
                results.computeIfAbsent(variant, v -> new ArrayList<>()).add(lines.get(0));
            }
        }
        out.println();
        out.printf(Locale.ROOT, "WholeSuite: %,d tests, each on a database with the schema and %,d users, %d JVMs per variant%n%n",
                tests, users, rounds);
        out.print(table(results, tests));
        out.println();
        String params = "tests=" + tests + " users=" + users;
        List<Ratios.Score> scores = new ArrayList<>();
        results.forEach((variant, runs) -> {
            ListStatistics totals = statistics(runs, r -> Long.parseLong(r.get("total_ns")));
            scores.add(new Ratios.Score(NAME + "." + variant.method, params, 1, false, totals.getMean() / 1e9,
                    runs.size() > 1 ? totals.getMeanErrorAt(0.999) / 1e9 : Double.NaN, "s/suite"));
        });
        return scores;
    }

    /** Totals and per-test parts of each variant, averaged over its JVMs. */
    static String table(Map<Variant, List<Map<String, String>>> results, int tests) {
        StringBuilder table = new StringBuilder("| variant | total (min to max) | per test | first test's setup"
                + " | setup + teardown per later test, median (mean) | body per test, median | fixture builds per run |\n"
                + "|---|---|---|---|---|---|---|\n");
        results.forEach((variant, runs) -> {
            ListStatistics totals = statistics(runs, r -> Long.parseLong(r.get("total_ns")));
            double first = mean(runs, r -> Long.parseLong(r.get("first_setup_ns")));
            double overheadMedian = mean(runs, r -> Long.parseLong(r.get("setup_median_ns")) + Long.parseLong(r.get("teardown_median_ns")));
            // The mean without the first test, whose setup starts the peer and builds the first database.
            double overheadMean = mean(runs, r -> (Long.parseLong(r.get("setup_mean_ns")) * tests - Long.parseLong(r.get("first_setup_ns")))
                    / (tests - 1) + Long.parseLong(r.get("teardown_mean_ns")));
            table.append(String.format(Locale.ROOT, "| %s | %s (%s to %s) | %s | %s | %s (%s) | %s | %s |%n", variant.method,
                    duration(totals.getMean()), duration(totals.getMin()), duration(totals.getMax()),
                    duration(totals.getMean() / tests), duration(first), duration(overheadMedian), duration(overheadMean),
                    duration(mean(runs, r -> Long.parseLong(r.get("body_median_ns")))),
                    String.format(Locale.ROOT, "%.1f", mean(runs, r -> Long.parseLong(r.get("fixture_builds"))))));
        });
        return table.toString();
    }

    private static ListStatistics statistics(List<Map<String, String>> runs, ToLongFunction<Map<String, String>> value) {
        return new ListStatistics(runs.stream().mapToLong(value).toArray());
    }

    private static double mean(List<Map<String, String>> runs, ToLongFunction<Map<String, String>> value) {
        return runs.stream().mapToLong(value).average().orElse(Double.NaN);
    }

    /** Nanoseconds as text with a unit that suits them: "12 µs", "3.4 ms", "163 s". */
    static String duration(double nanos) {
        if (nanos >= 1e9) {
            return String.format(Locale.ROOT, nanos >= 1e11 ? "%.0f s" : "%.2f s", nanos / 1e9);
        }
        if (nanos >= 1e6) {
            return String.format(Locale.ROOT, nanos >= 1e8 ? "%.0f ms" : "%.2f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, nanos >= 1e4 ? "%.0f µs" : "%.1f µs", nanos / 1e3);
    }
}
