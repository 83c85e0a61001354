package dev.datomickit.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the benchmarks, then prints one table of ratios covering every comparison of the run: each
 * datomic-kit benchmark against the alternatives measured in the same run (see {@link Ratios} for
 * how they pair). The main class of {@code benchmarks.jar}; {@code scripts/bench} builds and runs it.
 *
 * <p>Besides the JMH benchmarks, two measurement programs take part, each in JVMs of their own:
 * {@link WholeSuite} (a suite of JUnit tests, forks against fresh databases) and
 * {@link ForkMemory} (heap retained per fork against per {@code datomic:mem} database). Include
 * patterns select them as they select benchmarks ({@code WholeSuite}, {@code ForkMemory}); JMH's
 * {@code -f} sets the JVMs per variant of {@code WholeSuite}, and {@code -p} their parameters:
 * {@code tests}, {@code users} (WholeSuite), {@code datoms}, {@code writes}, {@code forks}
 * (ForkMemory).
 *
 * <pre>
 * java -jar datomic-kit-bench/target/benchmarks.jar                 # everything
 * java -jar datomic-kit-bench/target/benchmarks.jar ForkSetupBench  # what matches a regex
 * java -jar datomic-kit-bench/target/benchmarks.jar -f 1 -wi 1 -i 2 # any JMH option
 * </pre>
 */
public final class Compare {

    /** A measurement outside JMH: its variants' names, for selection, and how to run it. */
    private record Program(String className, List<String> methods, Function<CommandLineOptions, List<Ratios.Score>> run) {

        boolean selectedBy(CommandLineOptions options) {
            return methods.stream().map(m -> className + "." + m).anyMatch(name -> matches(options.getIncludes(), name, true)
                    && !matches(options.getExcludes(), name, false));
        }
    }

    private static final List<Program> PROGRAMS = List.of(
            new Program(WholeSuite.NAME, List.of("kitForks", "freshMemDatabase"), options -> WholeSuite.measure(
                    options.getForkCount().orElse(WholeSuite.DEFAULT_ROUNDS),
                    param(options, "tests", List.of(WholeSuite.DEFAULT_TESTS)).get(0),
                    param(options, "users", List.of(WholeSuite.DEFAULT_USERS)).get(0), System.out)),
            new Program(ForkMemory.NAME, List.of("kitFork", "memDatabase"), options -> ForkMemory.measure(
                    param(options, "datoms", ForkMemory.DEFAULT_DATOMS), param(options, "writes", ForkMemory.DEFAULT_WRITES),
                    param(options, "forks", List.of(ForkMemory.DEFAULT_FORKS)).get(0), System.out)));

    private Compare() {}

    /**
     * Runs the benchmarks and programs the options select and prints the ratios of all of them.
     *
     * @param args JMH command-line options and include patterns; {@code -h} lists them
     * @throws Exception if JMH fails
     */
    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
                || options.shouldListProfilers() || options.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            if (options.shouldList() || options.shouldListWithParams()) {
                PROGRAMS.stream().filter(p -> p.selectedBy(options))
                        .forEach(p -> p.methods().forEach(m -> System.out.println(p.className() + "." + m + " (program)")));
            }
            return;
        }
        List<Ratios.Score> scores = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Set<String> selected = jmhBenchmarks(options);
        if (!selected.isEmpty()) {
            Collection<RunResult> results = new Runner(options).run();
            scores.addAll(scores(results));
            Set<String> measured = results.stream().map(r -> r.getParams().getBenchmark()).collect(Collectors.toSet());
            selected.stream().filter(name -> !measured.contains(name))
                    .forEach(name -> missing.add(name + ": no result (see its output above)"));
        }
        for (Program program : PROGRAMS) {
            if (program.selectedBy(options)) {
                try {
                    scores.addAll(program.run().apply(options));
                } catch (RuntimeException e) {
                    missing.add(program.className() + ": " + e.getMessage());
                }
            }
        }
        if (selected.isEmpty() && PROGRAMS.stream().noneMatch(p -> p.selectedBy(options))) {
            System.err.println("No benchmark or program matches " + options.getIncludes() + "; scripts/bench -l lists them");
            System.exit(1);
        }
        print(scores, missing, System.out);
        if (!missing.isEmpty()) {
            System.exit(1);
        }
    }

    /** The summary that ends every run: one table of every comparison, then what produced no result. */
    static void print(List<Ratios.Score> scores, List<String> missing, PrintStream out) {
        out.println();
        out.println("datomic-kit against the alternatives, from this run:");
        out.println();
        out.print(Ratios.table(scores));
        if (!missing.isEmpty()) {
            out.println();
            out.println("Not measured:");
            missing.forEach(m -> out.println("- " + m));
        }
    }

    /** The JMH benchmarks the options select, by full method name. */
    private static Set<String> jmhBenchmarks(CommandLineOptions options) {
        List<String> includes = options.getIncludes().isEmpty() ? List.of(".*") : options.getIncludes();
        Set<String> names = new LinkedHashSet<>();
        for (BenchmarkListEntry entry : BenchmarkList.defaultList()
                .find(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), includes, options.getExcludes())) {
            names.add(entry.getUsername());
        }
        return names;
    }

    private static boolean matches(List<String> patterns, String name, boolean whenNone) {
        return patterns.isEmpty() ? whenNone : patterns.stream().anyMatch(p -> Pattern.compile(p).matcher(name).find());
    }

    /** The values of {@code -p name=…}, or the default. */
    private static List<Integer> param(CommandLineOptions options, String name, List<Integer> otherwise) {
        Collection<String> values = options.getParameter(name).orElse(List.of());
        return values.isEmpty() ? otherwise : values.stream().map(Integer::parseInt).toList();
    }

    static List<Ratios.Score> scores(Collection<RunResult> results) {
        return results.stream().map(result -> {
            BenchmarkParams params = result.getParams();
            Result<?> primary = result.getPrimaryResult();
            String paramText = params.getParamsKeys().stream().map(key -> key + "=" + params.getParam(key))
                    .collect(Collectors.joining(" "));
            return new Ratios.Score(params.getBenchmark(), paramText, params.getThreads(),
                    params.getMode() == Mode.Throughput, primary.getScore(), primary.getScoreError(), primary.getScoreUnit());
        }).toList();
    }
}
