package dev.datomickit.bench;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs benchmarks with JMH's usual command line, then prints a table of ratios: each datomic-kit
 * benchmark against the alternatives measured in the same run (see {@link Ratios} for how they
 * pair). The main class of {@code benchmarks.jar}; {@code scripts/bench} builds and runs it.
 *
 * <pre>
 * java -jar datomic-kit-bench/target/benchmarks.jar                 # every benchmark
 * java -jar datomic-kit-bench/target/benchmarks.jar ForkSetupBench  # those matching a regex
 * java -jar datomic-kit-bench/target/benchmarks.jar -f 1 -wi 1 -i 2 # any JMH option
 * </pre>
 */
public final class Compare {

    private Compare() {}

    /**
     * Runs the benchmarks JMH's options select and prints the ratios.
     *
     * @param args JMH command-line options and include patterns; {@code -h} lists them
     * @throws Exception if JMH fails
     */
    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
                || options.shouldListProfilers() || options.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.println("datomic-kit against the alternatives, from this run:");
        System.out.println();
        System.out.print(Ratios.table(scores(results)));
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
