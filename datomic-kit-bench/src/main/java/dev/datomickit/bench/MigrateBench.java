package dev.datomickit.bench;

import clojure.lang.IExceptionInfo;
import clojure.lang.Keyword;
import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.migrations.Migration;
import dev.datomickit.migrations.MigrationReport;
import dev.datomickit.migrations.Migrator;
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
 * What every peer pays for migrations at every start once the database is up to date, with
 * {@code migrations} migrations applied in a {@code datomic:mem} database:
 *
 * <ul>
 *   <li>{@code kitMigrate}: {@code migrator.migrate(conn)}, which reads the records from the peer's
 *       database value and issues no transaction;
 *   <li>{@code transactEachAnyway}: the alternative that leaves the decision to the transactor each
 *       time (as the conditional transaction function of the seed article does): each migration is
 *       transacted through {@code :datomic-kit.migration/run-v2}, which aborts it as already applied.
 *       Nothing is written either, but every migration is a round trip to the transactor.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class MigrateBench {

    private static final Keyword DB_ERROR = Kw.of("db/error");
    private static final Keyword ALREADY_APPLIED = Kw.of("datomic-kit.migration/already-applied");

    /** Applied migrations in the database. */
    @Param("1000")
    public int migrations;

    Migrator migrator;
    List<List<Object>> guardedTransactions;
    Connection conn;
    String uri;

    /** Creates the database and applies every migration, outside the measurement. */
    @Setup(Level.Trial)
    public void install() {
        List<Migration> all = new ArrayList<>();
        guardedTransactions = new ArrayList<>();
        add(all, Migration.data("0000 schema", Fixtures.SCHEMA.txData()), Fixtures.SCHEMA.txData());
        for (int i = 1; i <= migrations; i++) {
            List<Object> txData = Tx.data(Tx.entity().set(Fixtures.EMAIL, "m" + i + "@example.com")
                    .set(Fixtures.NAME, "Migration " + i));
            add(all, Migration.data(String.format("%04d user", i), txData).requires("0000 schema"), txData);
        }
        migrator = Migrator.builder().add(all).build();
        uri = "datomic:mem://migrate-bench-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        conn = Peer.connect(uri);
        migrator.migrate(conn);
        if (!migrator.status(conn.db()).isUpToDate()) {
            throw new IllegalStateException("the migrations did not apply");
        }
    }

    /** Adds the migration, and the transaction that runs it through the library's transaction function. */
    private void add(List<Migration> all, Migration migration, List<?> txData) {
        all.add(migration);
        guardedTransactions.add(Tx.data(Tx.call("datomic-kit.migration/run-v2", migration.name(), migration.checksum(), null,
                txData)));
    }

    @TearDown(Level.Trial)
    public void delete() {
        Peer.deleteDatabase(uri);
    }

    /** datomic-kit: read the records, find nothing pending, transact nothing. */
    @Benchmark
    public MigrationReport kitMigrate() {
        MigrationReport report = migrator.migrate(conn);
        if (report.transactions() != 0) {
            throw new IllegalStateException("an up-to-date database got a transaction");
        }
        return report;
    }

    /** The alternative: every migration through the transaction function, refused by the transactor. */
    @Benchmark
    public int transactEachAnyway() throws InterruptedException {
        int refused = 0;
        for (List<Object> transaction : guardedTransactions) {
            try {
                conn.transact(transaction).get();
                throw new IllegalStateException("an applied migration was applied again");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof IExceptionInfo info) || !ALREADY_APPLIED.equals(info.getData().valAt(DB_ERROR))) {
                    throw new IllegalStateException("unexpected failure", e.getCause());
                }
                refused++;
            }
        }
        return refused;
    }
}
