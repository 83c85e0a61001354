package dev.datomickit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datomickit.bench.Ratios.Score;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatiosTest {

    private static final String SETUP = "dev.datomickit.bench.ForkSetupBench.";
    private static final String TX = "dev.datomickit.bench.Transact2Threads.";

    @Test
    void pairsTheLibraryWithEachAlternativeOfItsClassParamsAndThreads() {
        String table = Ratios.table(List.of(
                new Score(SETUP + "kitFork", "users=10000", 1, false, 0.5, 0.01, "us/op"),
                new Score(SETUP + "memDatabase", "users=10000", 1, false, 600_000, 20_000, "us/op"),
                new Score(SETUP + "memDatabase", "users=10", 1, false, 6_000, 200, "us/op"),
                new Score(TX + "kitFork", "", 2, true, 9_000, 100, "ops/s"),
                new Score(TX + "floorWith", "", 2, true, 10_000, 100, "ops/s"),
                new Score(TX + "memConnection", "", 2, true, 3_000, 50, "ops/s")));

        assertThat(table).isEqualTo("""
                | benchmark | library | score | alternative | score | library vs alternative |
                |---|---|---|---|---|---|
                | ForkSetupBench users=10000, 1 thread | kitFork | 0.500 ± 0.010 us/op | memDatabase | 600,000 ± 20,000 us/op | 1,200,000x faster |
                | Transact2Threads, 2 threads | kitFork | 9,000 ± 100 ops/s | floorWith | 10,000 ± 100 ops/s | 1.11x slower |
                | Transact2Threads, 2 threads | kitFork | 9,000 ± 100 ops/s | memConnection | 3,000 ± 50 ops/s | 3.00x faster |
                """);
    }

    @Test
    void refusesToCompareDifferentUnitsAndSaysWhenNothingPairs() {
        assertThat(Ratios.compare(new Score(SETUP + "kitFork", "", 1, false, 1, 0, "us/op"),
                new Score(SETUP + "memDatabase", "", 1, false, 1, 0, "ms/op")))
                .isEqualTo("not comparable (us/op vs ms/op)");
        assertThat(Ratios.table(List.of(new Score(SETUP + "memDatabase", "", 1, false, 1, 0, "us/op"))))
                .startsWith("No library/alternative pairs among the results");
        assertThat(Ratios.compare(new Score(TX + "kitFork", "", 2, true, 24_772, 0, "ops/s"),
                new Score(TX + "floorWith", "", 2, true, 24_806, 0, "ops/s"))).isEqualTo("1.00x, the same");
        assertThat(Ratios.compare(new Score(ForkMemory.NAME + ".kitFork", "", 1, false, 9_000, 0, "bytes/conn"),
                new Score(ForkMemory.NAME + ".memDatabase", "", 1, false, 10_800_000, 0, "bytes/conn"))).isEqualTo("1,200x less memory");
        assertThat(Ratios.compare(new Score(ForkMemory.NAME + ".kitFork", "", 1, false, 3_000, 0, "bytes/conn"),
                new Score(ForkMemory.NAME + ".memDatabase", "", 1, false, 1_000, 0, "bytes/conn"))).isEqualTo("3.00x more memory");
        assertThat(Ratios.times(12.345)).isEqualTo("12.3x");
        assertThat(Ratios.times(1.2)).isEqualTo("1.20x");
    }
}
