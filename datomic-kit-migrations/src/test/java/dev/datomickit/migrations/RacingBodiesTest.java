package dev.datomickit.migrations;

import static dev.datomickit.migrations.TestDatabases.transactionsAfter;
import static dev.datomickit.migrations.TestDatabases.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import datomic.Connection;
import datomic.Database;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Tx;
import dev.datomickit.core.ValueType;
import dev.datomickit.schema.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Peers with different definitions ("bodies") of the same migration race for it. The transactor
 * lets exactly one body be applied; every peer with another body stops with the same "changed"
 * problem {@link Migrator#validate} reports afterwards, whether it saw the record before it started
 * or only learnt of it from the transactor's refusal, and nothing that depends on a losing body runs.
 *
 * <p>A {@link LaggingPeer} is a peer whose database has not yet received the others' writes: its
 * own view says the migration is pending, so only the transaction function stands between its body
 * and the database.
 */
class RacingBodiesTest {

    private static final int PEERS = 16;
    private static final int BODIES = 4;
    private static final int ROUNDS = 12;

    /** The migration the peers disagree on: one body per letter. */
    private static Migration plan(String body) {
        return Migration.data("1 plan", Tx.data(Tx.entity().set("item/key", "plan " + body)));
    }

    /** The migration that depends on what the peer's own body of "1 plan" did. */
    private static Migration after(String body) {
        return Migration.data("2 after plan " + body, Tx.data(Tx.entity().set("item/key", "after " + body)))
                .requires("1 plan");
    }

    /** A database with the test schema whose library functions are installed already, by a first migration. */
    private static Connection withSupport() {
        Connection conn = TestDatabases.withSchema();
        Migrator.of(Migration.data("0 start", List.of())).migrate(conn);
        return conn;
    }

    private static Migrator migrator(Migration plan, Migration after) {
        return Migrator.of(Migration.data("0 start", List.of()), plan, after);
    }

    @Test
    void aLaggingPeerWithAnotherBodyIsRefusedByTheTransactorAndStopsAsChanged() {
        Connection conn = withSupport();
        Database before = conn.db();
        migrator(plan("A"), after("A")).migrate(conn);
        long t = conn.db().basisT();
        Migrator b = migrator(plan("B"), after("B"));

        MigrationException e = catchThrowableOfType(MigrationException.class, () -> b.migrate(new LaggingPeer(conn, before)));

        assertThat(e).as("the lagging peer stops").isNotNull();
        assertThat(e.failed()).containsExactly("1 plan");
        assertThat(e.notRun()).containsExactly("2 after plan B");
        assertThat(e.problems()).hasSize(1);
        assertThat(b.validate(conn.db())).as("what validate says afterwards, first").first().isEqualTo(e.problems().get(0))
                .asString()
                .startsWith("Migration \"1 plan\" changed since it was applied at t ")
                .contains("recorded checksum " + plan("A").checksum() + ", the code has " + plan("B").checksum());
        assertThat(e).hasMessage("Cannot run the migrations: 1 problem\n  - " + e.problems().get(0) + "\nAnother peer"
                + " applied it while this run was on its way to it; this run wrote nothing of it. 1 after it did not"
                + " run: \"2 after plan B\".");
        assertThat(values(conn.db(), "item/key")).containsExactlyInAnyOrder("plan A", "after A");
        assertThat(transactionsAfter(conn, t)).as("the lagging peer wrote nothing").isZero();

        // The same exception, but for its last line, as a peer that sees the record before it starts.
        MigrationException visible = catchThrowableOfType(MigrationException.class, () -> b.migrate(conn));
        assertThat(visible.problems()).isEqualTo(e.problems());
        assertThat(visible.failed()).isEqualTo(e.failed());
        assertThat(visible.notRun()).isEqualTo(e.notRun());
        assertThat(visible).hasMessageStartingWith("Cannot run the migrations: 1 problem\n  - " + e.problems().get(0) + "\n");
    }

    @Test
    void aLaggingPeerThatHasNotEvenSeenTheLibrarysFunctionsStopsAsChangedToo() {
        Connection conn = TestDatabases.withSchema();
        Database before = conn.db();
        migrator(plan("A"), after("A")).migrate(conn);
        long t = conn.db().basisT();

        MigrationException e = catchThrowableOfType(MigrationException.class,
                () -> migrator(plan("B"), after("B")).migrate(new LaggingPeer(conn, before)));

        assertThat(e).isNotNull();
        assertThat(e.failed()).containsExactly("1 plan");
        assertThat(e.notRun()).containsExactly("2 after plan B");
        assertThat(values(conn.db(), "item/key")).containsExactlyInAnyOrder("plan A", "after A");
        assertThat(transactionsAfter(conn, t)).isZero();
    }

    @Test
    void everyKindOfMigrationComparesItsChecksumInTheTransactor() {
        Schema tagsA = Schema.builder().namespace("tag", tag -> tag.attr("label", ValueType.STRING)).build();
        Schema tagsB = Schema.builder().namespace("tag", tag -> tag.attr("label", ValueType.STRING).doc("B")).build();
        List<List<Migration>> pairs = List.of(
                List.of(plan("A"), plan("B")),
                List.of(Migration.function("1 plan", "v1", db -> Tx.data(Tx.entity().set("item/key", "plan A"))),
                        Migration.function("1 plan", "v2", db -> Tx.data(Tx.entity().set("item/key", "plan B")))),
                List.of(Migration.call("1 plan", "counter/increment", "plan A"),
                        Migration.call("1 plan", "counter/increment", "plan B")),
                List.of(Migration.schema("1 plan", tagsA), Migration.schema("1 plan", tagsB)));
        for (List<Migration> pair : pairs) {
            Connection conn = withSupport();
            Database before = conn.db();
            migrator(pair.get(0), after("A")).migrate(conn);
            long t = conn.db().basisT();

            MigrationException e = catchThrowableOfType(MigrationException.class,
                    () -> migrator(pair.get(1), after("B")).migrate(new LaggingPeer(conn, before)));

            assertThat(e).as("%s", pair.get(1).kind()).isNotNull();
            assertThat(migrator(pair.get(1), after("B")).validate(conn.db())).first().isEqualTo(e.problems().get(0));
            assertThat(transactionsAfter(conn, t)).isZero();
            assertThat(Entities.find(conn.db(), "counter/name", "plan B")).isEmpty();
            assertThat(values(conn.db(), "item/key")).doesNotContain("plan B", "after B");
        }
    }

    @Test
    void aLaggingPeerAllowedToDifferFindsItAppliedByAnotherPeerAndGoesOn() {
        Connection conn = withSupport();
        Database before = conn.db();
        migrator(plan("A"), after("A")).migrate(conn);
        Migrator b = Migrator.builder().add(Migration.data("0 start", List.of()), plan("B"), after("B"))
                .allowChanged("1 plan").build();

        MigrationReport report = b.migrate(new LaggingPeer(conn, before));

        assertThat(report.entries()).extracting(MigrationReport.Entry::name, MigrationReport.Entry::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1 plan", MigrationReport.Outcome.APPLIED_BY_ANOTHER_PEER),
                org.assertj.core.groups.Tuple.tuple("2 after plan B", MigrationReport.Outcome.APPLIED));
        assertThat(values(conn.db(), "item/key")).containsExactlyInAnyOrder("plan A", "after A", "after B");
    }

    // ---------------------------------------------------------------- batches

    /** 20 items to visit; a visit counts inside the transaction, so an item visited twice shows 2. */
    private static Connection withItems() {
        Connection conn = withSupport();
        Tx.transact(conn, Tx.dataOf(IntStream.range(0, 20).mapToObj(i -> Tx.entity().set("item/n", (long) i)).toList()));
        return conn;
    }

    /** Version {@code version} of the batch; its chunks also count themselves under "chunks of {version}". */
    private static Migration visit(String version, Function<Database, List<?>> selection, int crashAtChunk) {
        int[] chunks = {0};
        return Migration.batched("visit", version, selection::apply, 5, (db, ids) -> {
            if (++chunks[0] == crashAtChunk) {
                throw new IllegalStateException("crash");
            }
            List<Object> txData = new ArrayList<>(ids.stream().map(TestSchema.VISIT::call).toList());
            txData.add(Tx.call("counter/increment", "chunks of " + version));
            return txData;
        });
    }

    private static List<?> allItems(Database db) {
        return Entities.withAttribute(db, "item/n");
    }

    private static Optional<Object> counter(Database db, String name) {
        return Entities.find(db, "counter/name", name).map(e -> e.get(":counter/value"));
    }

    private static List<Object> visits(Database db) {
        List<Object> visits = new ArrayList<>();
        for (Object item : allItems(db)) {
            visits.add(((datomic.Entity) item).get(":item/visits"));
        }
        return visits;
    }

    @Test
    void aLaggingPeerFindsTheBatchFinishedWithAnotherVersionAndStops() {
        Connection conn = withItems();
        Database before = conn.db();
        Migrator.of(Migration.data("0 start", List.of()), visit("v1", RacingBodiesTest::allItems, 0)).migrate(conn);
        long t = conn.db().basisT();
        Migrator v2 = Migrator.of(Migration.data("0 start", List.of()), visit("v2", RacingBodiesTest::allItems, 0),
                Migration.data("after v2", List.of()).requires("visit"));

        MigrationException e = catchThrowableOfType(MigrationException.class, () -> v2.migrate(new LaggingPeer(conn, before)));

        assertThat(e).isNotNull();
        assertThat(e.failed()).containsExactly("visit");
        assertThat(e.notRun()).containsExactly("after v2");
        assertThat(e.problems()).isEqualTo(v2.validate(conn.db()));
        assertThat(visits(conn.db())).hasSize(20).containsOnly(1L);
        assertThat(counter(conn.db(), "chunks of v2")).isEmpty();
        assertThat(transactionsAfter(conn, t)).isZero();
    }

    @Test
    void aLaggingPeerFindsTheBatchHalfDoneWithAnotherVersionAndStopsWithoutApplyingAChunk() {
        Connection conn = withItems();
        Database before = conn.db();
        Migrator v1 = Migrator.of(Migration.data("0 start", List.of()), visit("v1", RacingBodiesTest::allItems, 3));
        catchThrowableOfType(MigrationException.class, () -> v1.migrate(conn));
        long t = conn.db().basisT();
        Migrator v2 = Migrator.of(Migration.data("0 start", List.of()), visit("v2", RacingBodiesTest::allItems, 0));

        MigrationException e = catchThrowableOfType(MigrationException.class, () -> v2.migrate(new LaggingPeer(conn, before)));

        assertThat(e).isNotNull();
        assertThat(e.problems()).isEqualTo(v2.validate(conn.db())).singleElement().asString()
                .startsWith("Batched migration \"visit\" changed since its last chunk was applied (2 chunks, 10 entities done)");
        assertThat(counter(conn.db(), "chunks of v2")).isEmpty();
        assertThat(counter(conn.db(), "chunks of v1")).contains(2L);
        assertThat(transactionsAfter(conn, t)).isZero();
    }

    @Test
    void aLaggingPeerWhoseSelectionIsEmptyDoesNotRecordABatchHalfDoneWithAnotherVersion() {
        Connection conn = withItems();
        Database before = conn.db();
        catchThrowableOfType(MigrationException.class,
                () -> Migrator.of(Migration.data("0 start", List.of()), visit("v1", RacingBodiesTest::allItems, 3)).migrate(conn));
        long t = conn.db().basisT();
        Migrator v2 = Migrator.of(Migration.data("0 start", List.of()), visit("v2", db -> List.of(), 0));

        MigrationException e = catchThrowableOfType(MigrationException.class, () -> v2.migrate(new LaggingPeer(conn, before)));

        assertThat(e).isNotNull();
        assertThat(e.problems()).isEqualTo(v2.validate(conn.db()));
        assertThat(values(conn.db(), "datomic-kit.migration/name")).doesNotContain("visit");
        assertThat(transactionsAfter(conn, t)).isZero();
    }

    @Test
    void aLaggingPeerAllowedToChangeTheBatchFinishesItFromTheOtherVersionsProgress() {
        Connection conn = withItems();
        Database before = conn.db();
        catchThrowableOfType(MigrationException.class,
                () -> Migrator.of(Migration.data("0 start", List.of()), visit("v1", RacingBodiesTest::allItems, 3)).migrate(conn));
        Migration v2 = visit("v2", RacingBodiesTest::allItems, 0);

        MigrationReport report = Migrator.builder().add(Migration.data("0 start", List.of()), v2).allowChanged("visit")
                .build().migrate(new LaggingPeer(conn, before));

        assertThat(report.applied()).containsExactly("visit");
        assertThat(visits(conn.db())).hasSize(20).containsOnly(1L);
        assertThat(counter(conn.db(), "chunks of v2")).contains(2L);
        assertThat(Entities.get(conn.db(), "datomic-kit.migration/name", "visit").get(":datomic-kit.migration/checksum"))
                .isEqualTo(v2.checksum());
    }

    // ---------------------------------------------------------------- stress

    /**
     * Body {@code k} of "1 plan", of a kind that depends on k: data, a Java function, a database
     * function call, data with a call.
     */
    private static Migration planOfBody(int k) {
        return switch (k) {
            case 0 -> Migration.data("1 plan", Tx.data(Tx.entity().set("item/key", "plan 0")));
            case 1 -> Migration.function("1 plan", "v1", db -> Tx.data(Tx.entity().set("item/key", "plan 1")));
            case 2 -> Migration.call("1 plan", "counter/increment", "plan 2");
            default -> Migration.data("1 plan", Tx.data(Tx.entity().set("item/key", "plan 3"),
                    Tx.call("counter/increment", "plan 3")));
        };
    }

    private static Migrator migratorOfBody(int k) {
        return Migrator.of(Migration.data("0 common", Tx.data(Tx.entity().set("item/key", "common"))), planOfBody(k),
                Migration.data("2 after plan " + k, Tx.data(Tx.entity().set("item/key", "after " + k),
                        Tx.call("counter/increment", "after"))).requires("1 plan"));
    }

    @Test
    void sixteenPeersWithFourBodiesHalfLaggingExactlyOneBodyWinsAndEveryOtherPeerStops() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            oneRound(round % 2 == 0 ? TestDatabases.withSchema() : withSupport());
        }
    }

    private static void oneRound(Connection conn) throws Exception {
        Database before = conn.db();
        long start = before.basisT();
        boolean installed = Support.isInstalledIn(before);
        List<Callable<?>> peers = new ArrayList<>();
        for (int i = 0; i < PEERS; i++) {
            Migrator migrator = migratorOfBody(i % BODIES);
            Connection view = (i / BODIES) % 2 == 0 ? new LaggingPeer(conn, before) : conn;
            peers.add(() -> migrator.migrate(view));
        }

        List<Object> outcomes = Racing.race(peers);

        Database db = conn.db();
        String winningChecksum = (String) Entities.get(db, "datomic-kit.migration/name", "1 plan")
                .get(":datomic-kit.migration/checksum");
        int winner = IntStream.range(0, BODIES).filter(k -> planOfBody(k).checksum().equals(winningChecksum))
                .findFirst().orElseThrow();
        for (int i = 0; i < PEERS; i++) {
            int body = i % BODIES;
            if (body == winner) {
                assertThat(outcomes.get(i)).as("peer %d, of the winning body", i).isInstanceOf(MigrationReport.class);
            } else {
                assertThat(outcomes.get(i)).as("peer %d, of body %d", i, body).isInstanceOfSatisfying(MigrationException.class,
                        e -> {
                            assertThat(e.failed()).containsExactly("1 plan");
                            assertThat(e.notRun()).containsExactly("2 after plan " + body);
                            assertThat(e.problems()).hasSize(1);
                            assertThat(migratorOfBody(body).validate(db)).first().isEqualTo(e.problems().get(0));
                        });
            }
        }
        assertThat(values(db, "datomic-kit.migration/name")).filteredOn(name -> !name.equals("0 start"))
                .containsExactlyInAnyOrder("0 common", "1 plan", "2 after plan " + winner);
        List<Object> keys = values(db, "item/key");
        assertThat(Collections.frequency(keys, "common")).isEqualTo(1);
        assertThat(Collections.frequency(keys, "after " + winner)).isEqualTo(1);
        for (int k = 0; k < BODIES; k++) {
            if (k != winner) {
                assertThat(keys).as("effects of losing body %d", k).doesNotContain("plan " + k, "after " + k);
                assertThat(Entities.find(db, "counter/name", "plan " + k)).isEmpty();
            }
        }
        assertThat(counter(db, "after")).contains(1L);
        assertThat(transactionsAfter(conn, start)).as("the library's functions once, each migration once")
                .isEqualTo(installed ? 3 : 4);
    }
}
