package dev.datomickit.core;

import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Forked connections: real {@link Connection}s whose writes stay in this process, starting from a
 * database value or from another connection's current value.
 *
 * <pre>{@code
 * Connection fork = Forks.fork(conn);            // conn is untouched by what follows
 * Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "eve@example.com")));
 * fork.db();                                     // sees eve; conn.db() does not
 * }</pre>
 *
 * <p>A fork applies each transaction with {@link Database#with(java.util.List)} to its current
 * value. Forking costs O(1) in time and memory: it keeps the origin's database value and log and
 * copies nothing, and a fork's memory grows with its own writes only. Drop it when done; there is
 * nothing to release. Uses: a fresh connection per test from a fixture database, a dry run of a
 * migration, a {@code prod-fork} environment to try changes on real data without writing them.
 *
 * <p>A fork behaves as a peer connection does, so code under test (Java, or Clojure through
 * {@code datomic.api}) cannot tell the difference:
 * <ul>
 *   <li>{@code transact} and {@code transactAsync} (both arities) return a completed future whose
 *       value is Datomic's report ({@code :db-before}, {@code :db-after}, {@code :tx-data},
 *       {@code :tempids}). A refused transaction does not throw: the future fails with an
 *       {@link java.util.concurrent.ExecutionException} whose cause is Datomic's exception, and the
 *       connection is unchanged. The I/O context of the two-argument forms is ignored, as a peer
 *       connection's report has no {@code :io-stats} either.
 *   <li>Writes are serialized as a transactor serializes them: transactions from many threads are
 *       all applied, one at a time, none lost and none retried.
 *   <li>{@code txReportQueue()} returns the same queue until {@code removeTxReportQueue()}, which
 *       stops delivery to it; the queue receives a report for each transaction made while it is
 *       attached, in t order.
 *   <li>{@code log().txRange(start, end)} reads the origin's log up to the fork point, then the
 *       fork's own transactions. Bounds are as in Datomic: {@code null}, a t, a transaction entity id
 *       or a {@link java.util.Date}; start inclusive, end exclusive. A fork of a database value
 *       ({@link #mock(Database)}) has no origin log: its log holds its own transactions only.
 *   <li>{@code sync()} and the other {@code sync*} methods return the current database at once:
 *       every transaction of a fork is complete when {@code transact} returns, and no other process
 *       writes to it. {@code requestIndex()} reports success, {@code release()} and
 *       {@code gcStorage(Date)} do nothing: a fork holds only memory.
 * </ul>
 *
 * <p>With a {@link Clock}, a fork sets {@code :db/txInstant} of each of its transactions to the
 * clock's instant, so tests see the same instants on every run. Datomic requires transaction
 * instants never to decrease, so an instant earlier than the previous transaction's is raised to
 * it; and it refuses instants in the future ({@code :db.error/future-tx-instant}). A transaction that
 * asserts {@code :db/txInstant} itself keeps its own instant, checked by Datomic as usual.
 */
public final class Forks {

    private Forks() {}

    /**
     * Returns the value of a new, empty database: Datomic's bootstrap schema and nothing else.
     *
     * <p>The value is created once per JVM, from a {@code datomic:mem} database that is kept for the
     * life of the process, and shared: it is immutable.
     *
     * @return an empty database value
     */
    public static Database emptyDb() {
        return EmptyDatabase.VALUE;
    }

    /**
     * Returns a connection to a new, empty database that lives in this process only.
     *
     * @return a fork of {@link #emptyDb()}, with an empty log
     */
    public static Connection mock() {
        return mock(emptyDb());
    }

    /**
     * Returns a connection to a new, empty database whose transactions take their
     * {@code :db/txInstant} from {@code clock}.
     *
     * @param clock the source of transaction instants
     * @return a fork of {@link #emptyDb()}, with an empty log
     */
    public static Connection mock(Clock clock) {
        return mock(emptyDb(), Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Returns a connection whose current value is {@code db}.
     *
     * <p>A database value carries no log, so the connection's log holds only the transactions made
     * through it. To keep the origin's log, fork the connection instead: {@link #fork(Connection)}.
     *
     * @param db the starting value: a current database, possibly {@linkplain Database#filter filtered}
     * @return a new forked connection
     * @throws IllegalArgumentException if {@code db} is an as-of, since or history view, to which
     *     Datomic cannot apply transactions as a connection would
     */
    public static Connection mock(Database db) {
        return new ForkedConnection(checkForkable(db), null, null);
    }

    /**
     * Returns a connection whose current value is {@code db} and whose transactions take their
     * {@code :db/txInstant} from {@code clock}.
     *
     * @param db the starting value: a current database, possibly filtered
     * @param clock the source of transaction instants
     * @return a new forked connection
     * @throws IllegalArgumentException if {@code db} is an as-of, since or history view
     */
    public static Connection mock(Database db, Clock clock) {
        return new ForkedConnection(checkForkable(db), null, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Returns a connection holding the current value of {@code connection}, which then evolves
     * independently of it. The fork's log is the connection's log up to now, then the fork's own.
     *
     * <p>Forking a fork is the same O(1) operation; the new fork uses the clock of the fork it
     * comes from, if any. Forks of forks may chain as deep as memory allows (a test suite that forks
     * the fork of the previous test, 10,000 times over, is fine): the chain's log is read with a
     * loop, not a recursion, and a fork with no transactions of its own adds no link to it.
     *
     * @param connection a peer connection or a fork
     * @return a new forked connection
     */
    public static Connection fork(Connection connection) {
        return fork(connection, null);
    }

    /**
     * Returns a fork of {@code connection}, like {@link #fork(Connection)}, whose transactions take
     * their {@code :db/txInstant} from {@code clock}.
     *
     * @param connection a peer connection or a fork
     * @param clock the source of transaction instants, or {@code null} to keep the fork's origin's
     *     clock (if {@code connection} is a fork) or let Datomic use the current time
     * @return a new forked connection
     */
    public static Connection fork(Connection connection, Clock clock) {
        Objects.requireNonNull(connection, "connection");
        if (connection instanceof ForkedConnection forked) {
            return forked.fork(clock);
        }
        // The database first: the log may then be newer, and the fork reads it only up to the db's t.
        Database db = connection.db();
        return new ForkedConnection(db, connection.log(), clock);
    }

    private static Database checkForkable(Database db) {
        Objects.requireNonNull(db, "db");
        String view = db.isHistory() ? "a history view (db.history())"
                : db.asOfT() != null ? "an as-of view (db.asOf(" + db.asOfT() + "))"
                : db.sinceT() != null ? "a since view (db.since(" + db.sinceT() + "))"
                : null;
        if (view != null) {
            throw new IllegalArgumentException("Cannot fork " + view + " of database " + db.id()
                    + ": Datomic cannot apply transactions to it as a connection would; fork the current"
                    + " database value instead");
        }
        return db;
    }

    /** Holder: the mem database is created on first use only. */
    private static final class EmptyDatabase {

        static final Database VALUE = create();

        private static Database create() {
            String uri = "datomic:mem://datomic-kit-empty-" + UUID.randomUUID();
            Peer.createDatabase(uri);
            return Peer.connect(uri).db();
        }
    }
}
