package dev.datomickit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.Entities;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The memory measurement compares like with like: a fork and a {@code datomic:mem} database hold
 * the same data after the same writes, the forks stay apart, and the table says what each row
 * measured. The heap figures themselves come from {@code scripts/bench ForkMemory}, never from here.
 */
class ForkMemoryTest {

    private static final int DATOMS = 3_000;

    @Test
    void aForkAndAMemDatabaseHoldTheSameUsersAfterTheSameWrites() {
        Connection origin = ForkMemory.origin(DATOMS);
        Connection fork = ForkMemory.forkWithWrites(origin, 10);
        Connection mem = ForkMemory.memDatabaseWithWrites(DATOMS, 10);

        assertThat(users(origin)).isEqualTo(ForkMemory.usersFor(DATOMS)).isEqualTo(1_000);
        assertThat(users(fork)).isEqualTo(users(origin) + 10).isEqualTo(users(mem));
        // Each fork's writes are its own: a second fork starts from the origin again.
        assertThat(users(ForkMemory.forkWithWrites(origin, 0))).isEqualTo(users(origin));
    }

    @Test
    void measuringCountsWhatTheConnectionsRetainAndWhatStaysAfterDroppingThem() {
        Connection origin = ForkMemory.origin(DATOMS);

        ForkMemory.Retained retained = ForkMemory.measure(50, 2, i -> ForkMemory.forkWithWrites(origin, 5), conn -> {});

        // Under the test JVM's collector the figures are approximate; what matters is their sign and order.
        assertThat(retained.perConnection()).hasSize(2);
        assertThat(Arrays.stream(retained.perConnection()).min().orElseThrow()).isPositive();
        assertThat(retained.leftPerConnection()).isLessThan(retained.perConnection()[0]);
    }

    @Test
    void theTableGivesEachRowItsCostPerTransaction() {
        List<Map<String, String>> results = List.of(
                Map.of("kind", "fork", "datoms", "100000", "writes", "0", "count", "1000", "bytes", "112,112", "left", "0"),
                Map.of("kind", "fork", "datoms", "100000", "writes", "10", "count", "1000", "bytes", "9212,9312", "left", "20"),
                Map.of("kind", "memDatabase", "datoms", "100000", "writes", "10", "count", "5", "bytes", "10905190,10905190",
                        "left", "3000"));

        assertThat(ForkMemory.table(results)).isEqualTo("""
                | connections | database | transactions each | retained per connection (min to max) | per transaction | left after dropping them |
                |---|---|---|---|---|---|
                | 1,000 forks | 100,000 datoms | 0 | 112 B (112 B to 112 B) |  | 0 B |
                | 1,000 forks | 100,000 datoms | 10 | 9.0 KiB (9.0 KiB to 9.1 KiB) | 915 B | 20 B |
                | 5 datomic:mem databases | 100,000 datoms | 10 | 10.4 MiB (10.4 MiB to 10.4 MiB) |  | 2.9 KiB |
                """);
        assertThat(ForkMemory.size(-2048)).isEqualTo("-2.0 KiB");
    }

    private static int users(Connection conn) {
        return Entities.withAttribute(conn.db(), Fixtures.EMAIL).size();
    }
}
