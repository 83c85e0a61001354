package dev.datomickit.migrations;

import static dev.datomickit.migrations.TestDatabases.values;
import static org.assertj.core.api.Assertions.assertThat;

import clojure.lang.Keyword;
import datomic.Connection;
import datomic.Database;
import datomic.Datom;
import datomic.Log;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Eight peers migrate the same database at once, through a real {@code datomic:mem} transactor; every
 * migration's effects exist exactly once.
 *
 * <p>Within one JVM, {@code Peer.connect} returns the same connection object for a URI, so the
 * "peers" are threads. Two set-ups cover what separate peers do: threads sharing the connection race
 * through the transactor's queue; and threads each with their own <em>lagging</em> view of the
 * connection, whose database value only moves with their own transactions and explicit syncs (as a
 * peer that has not yet received the others' novelty). With lagging views every peer sees all 50
 * migrations pending and transacts every one of them, so that only the transaction function stands
 * between them and duplicates.
 */
class ConcurrencyTest {

    private static final int PEERS = 8;
    private static final int MIGRATIONS = 50;

    /**
     * Fifty migrations of every single-transaction kind. Effects are counted per migration:
     * {@code :item/key} is not unique (a duplicate would show as a second entity) and
     * {@code :counter/increment} adds inside the transaction (a duplicate would count 2).
     */
    private static List<Migration> fiftyMigrations() {
        return IntStream.range(0, MIGRATIONS).mapToObj(i -> {
            String name = String.format("m%02d", i);
            Migration migration = switch (i % 4) {
                case 0 -> Migration.data(name, Tx.data(Tx.entity().set("item/key", name)));
                case 1 -> Migration.call(name, "counter/increment", name);
                case 2 -> Migration.function(name, "v1", db -> Tx.data(Tx.entity().set("item/key", name)
                        .set("item/n", (long) values(db, "item/key").size())));
                default -> Migration.data(name, Tx.data(Tx.entity().set("item/key", name), Tx.call("counter/increment", name)));
            };
            // Each migration requires the one three before it, so the order is not the declaration order.
            return i >= 3 && i % 3 == 0 ? migration.requires(String.format("m%02d", i - 3)) : migration;
        }).toList();
    }

    @Test
    void eightPeersSharingTheConnectionApplyEachMigrationOnce() throws Exception {
        Connection conn = TestDatabases.withSchema();
        long start = conn.db().basisT();

        List<MigrationReport> reports = race(PEERS, i -> conn, Migrator.of(fiftyMigrations().toArray(Migration[]::new)));

        assertEachMigrationAppliedOnce(conn, start, reports);
    }

    @Test
    void eightLaggingPeersEachTransactEveryMigrationAndTheTransactorAppliesEachOnce() throws Exception {
        Connection conn = TestDatabases.withSchema();
        long start = conn.db().basisT();
        Database before = conn.db();

        List<MigrationReport> reports = race(PEERS, i -> new LaggingPeer(conn, before),
                Migrator.of(fiftyMigrations().toArray(Migration[]::new)));

        assertEachMigrationAppliedOnce(conn, start, reports);
        for (MigrationReport report : reports) {
            assertThat(report.entries()).as("every peer saw every migration pending").hasSize(MIGRATIONS);
        }
    }

    @Test
    void fourLaggingPeersRunTheSameBatchAndEachChunkIsAppliedOnce() throws Exception {
        Connection conn = TestDatabases.withSchema();
        Tx.transact(conn, Tx.dataOf(IntStream.range(0, 200).mapToObj(i -> Tx.entity().set("item/key", "b" + i)).toList()));
        Database before = conn.db();
        Migrator migrator = Migrator.of(Migration.batched("visit", "v1",
                db -> Entities.withAttribute(db, "item/key"), 10,
                (db, ids) -> Tx.dataOf(ids.stream().map(TestSchema.VISIT::call).toList())));

        List<MigrationReport> reports = race(4, i -> new LaggingPeer(conn, before), migrator);

        Database db = conn.db();
        assertThat(values(db, "item/visits")).hasSize(200).containsOnly(1L);
        assertThat(reports).flatExtracting(MigrationReport::entries)
                .filteredOn(e -> e.outcome() == MigrationReport.Outcome.APPLIED).hasSize(1);
        assertThat(reports.stream().flatMap(r -> r.entries().stream()).mapToLong(MigrationReport.Entry::datoms).sum())
                .as("the chunks the peers applied add up to one visit per item").isEqualTo(200);
        assertThat(db.entity(List.of(Support.BATCH, "visit")).get(Support.CHUNKS)).isEqualTo(20L);
    }

    /** Runs {@code migrator.migrate} on {@code peers} threads released at once; fails if any throws. */
    private static List<MigrationReport> race(int peers, Function<Integer, Connection> connection, Migrator migrator)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(peers);
        try {
            CyclicBarrier start = new CyclicBarrier(peers);
            List<Future<MigrationReport>> futures = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                Connection conn = connection.apply(i);
                Callable<MigrationReport> peer = () -> {
                    start.await();
                    return migrator.migrate(conn);
                };
                futures.add(pool.submit(peer));
            }
            List<MigrationReport> reports = new ArrayList<>();
            for (Future<MigrationReport> future : futures) {
                reports.add(future.get());
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertEachMigrationAppliedOnce(Connection conn, long start, List<MigrationReport> reports) {
        Database db = conn.db();
        List<String> names = fiftyMigrations().stream().map(Migration::name).toList();

        // Effects: one item per data and function migration, one increment per call.
        List<Object> keys = values(db, "item/key");
        int items = 0;
        for (int i = 0; i < MIGRATIONS; i++) {
            String name = names.get(i);
            boolean writesItem = i % 4 != 1;
            boolean increments = i % 4 == 1 || i % 4 == 3;
            assertThat(Collections.frequency(keys, name)).as("items of %s", name).isEqualTo(writesItem ? 1 : 0);
            items += writesItem ? 1 : 0;
            if (increments) {
                assertThat(Entities.get(db, "counter/name", name).get(":counter/value")).as("counter of %s", name)
                        .isEqualTo(1L);
            }
        }
        assertThat(keys).hasSize(items);

        // Records: one per migration, and each peer's report agrees that exactly one peer applied it.
        assertThat(values(db, "datomic-kit.migration/name")).hasSize(MIGRATIONS).containsExactlyInAnyOrderElementsOf(names);
        Map<String, Integer> appliedBy = new HashMap<>();
        for (MigrationReport report : reports) {
            report.entries().stream().filter(e -> e.outcome() == MigrationReport.Outcome.APPLIED)
                    .forEach(e -> appliedBy.merge(e.name(), 1, Integer::sum));
        }
        assertThat(appliedBy).hasSize(MIGRATIONS).allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1));

        // The log: each migration committed exactly one transaction; the peers that lost committed
        // nothing. Besides, one installation of the library's schema and functions: the other peers'
        // installations were aborted by the transactor (an empty one would be counted below too).
        long nameAttribute = id(db.entid(Support.NAME));
        long txInstantAttribute = id(db.entid(Kw.of("db/txInstant")));
        Set<Long> supportEntities = new HashSet<>();
        for (Keyword ident : List.of(Support.NAME, Support.CHECKSUM, Support.TX, Support.BATCH, Support.BATCH_CHECKSUM,
                Support.CURSOR, Support.CHUNKS, Support.PROCESSED, Support.RUN.ident(), Support.CHUNK.ident())) {
            supportEntities.add(id(db.entid(ident)));
        }
        int migrationTransactions = 0;
        int installs = 0;
        List<String> unexpected = new ArrayList<>();
        Log log = conn.log();
        for (Object o : log.txRange(start + 1, null)) {
            Map<?, ?> tx = (Map<?, ?>) o;
            List<?> datoms = (List<?>) tx.get(Keyword.intern("data"));
            long records = datoms.stream().filter(d -> id(((Datom) d).a()) == nameAttribute).count();
            boolean onlyInstant = datoms.stream().allMatch(d -> id(((Datom) d).a()) == txInstantAttribute);
            boolean install = datoms.stream().anyMatch(d -> supportEntities.contains(id(((Datom) d).e())));
            if (records == 1) {
                migrationTransactions++;
            } else if (install || onlyInstant) {
                installs++;
            } else {
                unexpected.add("t " + tx.get(Keyword.intern("t")) + ": " + datoms.size() + " datoms, " + records + " records");
            }
        }
        assertThat(unexpected).isEmpty();
        assertThat(migrationTransactions).isEqualTo(MIGRATIONS);
        assertThat(installs).as("the library's functions, installed by one peer; the others wrote nothing").isEqualTo(1);
        assertThat(reports.stream().mapToInt(MigrationReport::transactions).sum())
                .as("the reports count every transaction of the log, and only those").isEqualTo(MIGRATIONS + 1);
    }

    /**
     * Twelve peers, half lagging, start at once on a database without the library's functions (a
     * new one, or one a 0.1 peer migrated), twenty times: the transactor commits exactly one
     * installation, the others write nothing, not even an empty transaction, and the transactions
     * the reports count add up to the log.
     */
    @Test
    void twelvePeersStartingTogetherInstallTheLibrarysFunctionsInExactlyOneTransaction() throws Exception {
        Migrator migrator = Migrator.of(fiftyMigrations().subList(0, 3).toArray(Migration[]::new));
        for (int round = 0; round < 20; round++) {
            Connection conn = TestDatabases.withSchema();
            if (round % 2 == 1) {
                SupportV1.install(conn);
            }
            long start = conn.db().basisT();
            Database before = conn.db();

            List<MigrationReport> reports = race(12, i -> i % 2 == 0 ? conn : new LaggingPeer(conn, before), migrator);

            List<Map<?, ?>> log = TestDatabases.log(conn, start);
            long installs = log.stream().filter(tx -> ((List<?>) tx.get(Keyword.intern("data"))).stream()
                    .anyMatch(d -> Support.RUN.ident().equals(conn.db().ident(((Datom) d).e())))).count();
            long empty = log.stream().filter(tx -> ((List<?>) tx.get(Keyword.intern("data"))).size() <= 1).count();
            assertThat(installs).as("round %d: installations", round).isEqualTo(1);
            assertThat(empty).as("round %d: empty transactions", round).isZero();
            assertThat(log).as("round %d: the installation and each migration", round).hasSize(4);
            assertThat(reports.stream().mapToInt(MigrationReport::transactions).sum()).as("round %d", round)
                    .isEqualTo(log.size());
        }
    }

    /** Datomic answers entity ids as Long or Integer depending on the API: compare them as longs. */
    private static long id(Object entityId) {
        return ((Number) entityId).longValue();
    }
}
