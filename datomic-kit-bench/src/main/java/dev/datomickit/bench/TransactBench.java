package dev.datomickit.bench;

import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import dev.datomickit.core.Forks;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Transaction throughput, each transaction adding one user, from a database holding the schema:
 *
 * <ul>
 *   <li>{@code kitFork}: {@code transact(tx).get()} on a fork.
 *   <li>{@code floorWith}: the floor, {@code Database.with} chained by hand under a lock (the lock is
 *       needed as soon as two threads write; uncontended, it costs nothing with one).
 *   <li>{@code memConnection}: {@code transact(tx).get()} on a {@code datomic:mem} peer connection.
 * </ul>
 *
 * <p>Each iteration starts again from the schema database, so that every variant writes into a
 * database of the same size. Subclasses fix the number of threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The peer's code takes a while to compile: throughput still climbs after ten seconds of warmup.
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 2)
// Three JVMs per variant: on a shared machine, one JVM's luck with the JIT or the neighbours shows.
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public abstract class TransactBench {

    /** A transaction through a fork. */
    @Benchmark
    public Map<?, ?> kitFork(ForkState fork, NewUsers users) throws InterruptedException, ExecutionException {
        return fork.conn.transact(users.next()).get();
    }

    /** The floor: {@code Database.with}, and the next database kept by hand. */
    @Benchmark
    public Map<?, ?> floorWith(FloorState floor, NewUsers users) {
        synchronized (floor.lock) {
            Map<?, ?> report = floor.db.with(users.next());
            floor.db = (Database) report.get(Connection.DB_AFTER);
            return report;
        }
    }

    /** A transaction through an in-memory peer connection. */
    @Benchmark
    public Map<?, ?> memConnection(MemState mem, NewUsers users) throws InterruptedException, ExecutionException {
        return mem.conn.transact(users.next()).get();
    }

    /** The database every iteration starts from: the schema, built once. */
    @State(Scope.Benchmark)
    public static class SchemaDb {

        Database db;

        /** Transacts the schema. */
        @Setup(Level.Trial)
        public void setUp() throws InterruptedException, ExecutionException {
            Connection conn = Forks.mock();
            conn.transact(Fixtures.SCHEMA.txData()).get();
            db = conn.db();
        }
    }

    /** A new user per call, numbered across threads so that every transaction writes. */
    @State(Scope.Benchmark)
    public static class NewUsers {

        private final AtomicLong next = new AtomicLong();

        List<Object> next() {
            return Fixtures.newUser(next.incrementAndGet());
        }
    }

    /** A fresh fork per iteration. */
    @State(Scope.Benchmark)
    public static class ForkState {

        Connection conn;

        /** Forks the schema database. */
        @Setup(Level.Iteration)
        public void setUp(SchemaDb schema) {
            conn = Forks.mock(schema.db);
        }
    }

    /** The database value chained by hand, reset per iteration. */
    @State(Scope.Benchmark)
    public static class FloorState {

        final Object lock = new Object();
        Database db;

        /** Starts from the schema database. */
        @Setup(Level.Iteration)
        public void setUp(SchemaDb schema) {
            db = schema.db;
        }
    }

    /** A new {@code datomic:mem} database with the schema per iteration, deleted after it. */
    @State(Scope.Benchmark)
    public static class MemState {

        Connection conn;
        private String uri;

        /** Creates the database and transacts the schema. */
        @Setup(Level.Iteration)
        public void setUp() throws InterruptedException, ExecutionException {
            uri = "datomic:mem://bench-" + UUID.randomUUID();
            Peer.createDatabase(uri);
            conn = Peer.connect(uri);
            conn.transact(Fixtures.SCHEMA.txData()).get();
        }

        /** Deletes the database. */
        @TearDown(Level.Iteration)
        public void tearDown() {
            Peer.deleteDatabase(uri);
        }
    }
}
