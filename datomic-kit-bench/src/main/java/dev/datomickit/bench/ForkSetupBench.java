package dev.datomickit.bench;

import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.TxSource;
import dev.datomickit.testing.StartingPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a test waits for before it can run: a connection holding the schema and a fixture of
 * {@code users} entities, that it may write to.
 *
 * <ul>
 *   <li>{@code kitFork}: a fork of a cached starting point ({@code StartingPoint.fork()}, what
 *       {@code @DatomicTest} does per test). The starting point is built before measuring.
 *   <li>{@code memDatabase}: without datomic-kit, a new {@code datomic:mem} database, then the schema
 *       and the fixture transacted, as the same two transactions.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ForkSetupBench {

    /** Entities in the fixture. */
    @Param("10000")
    public int users;

    TxSource fixture;
    StartingPoint startingPoint;

    /** Builds the fixture data and the starting point, outside the measurement. */
    @Setup(Level.Trial)
    public void setUp() {
        fixture = Fixtures.users(users);
        // A long time to live: measured is the per-test cost, not the periodic rebuild.
        startingPoint = StartingPoint.of(Fixtures.SCHEMA, fixture).withTtl(Duration.ofDays(1));
        startingPoint.db();
    }

    /** A fork of the cached starting point. */
    @Benchmark
    public Connection kitFork() {
        return startingPoint.fork();
    }

    /** A fresh in-memory database with the schema and the fixture. */
    @Benchmark
    public Connection memDatabase(MemDatabases databases) throws InterruptedException, ExecutionException {
        Connection conn = databases.create();
        conn.transact(Fixtures.SCHEMA.txData()).get();
        conn.transact(fixture.txData()).get();
        return conn;
    }

    /** Deletes the databases {@code memDatabase} created, after each iteration. */
    @State(Scope.Thread)
    public static class MemDatabases {

        private final List<String> uris = new ArrayList<>();

        Connection create() {
            String uri = "datomic:mem://bench-" + UUID.randomUUID();
            Peer.createDatabase(uri);
            uris.add(uri);
            return Peer.connect(uri);
        }

        /** Frees the memory of this iteration's databases. */
        @TearDown(Level.Iteration)
        public void deleteAll() {
            uris.forEach(Peer::deleteDatabase);
            uris.clear();
        }
    }
}
