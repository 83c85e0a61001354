package dev.datomickit.migrations;

import static dev.datomickit.migrations.TestDatabases.values;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static dev.datomickit.testing.assertj.DatomicAssertions.catchThrowableOfType;

import datomic.Connection;
import datomic.Database;
import datomic.Entity;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.testing.junit.DatomicTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batched migrations: chunks of K per transaction, progress recorded with each chunk, a crash resumes
 * at the next chunk, and no chunk is ever applied twice. Each chunk calls {@code :item/visit}, which
 * counts inside the transaction, so an item visited twice would show {@code :item/visits 2}.
 */
@DatomicTest(fixtures = TestSchema.class)
class BatchTest {

    private static final Function<Database, List<Entity>> ITEMS = db -> Entities.withAttribute(db, "item/key");

    private List<Long> items;

    @BeforeEach
    void addItems(Connection conn) {
        items = Tx.transact(conn, Tx.dataOf(IntStream.range(0, 23)
                        .mapToObj(i -> Tx.entity("i" + i).set("item/key", String.format("i-%02d", i))).toList()))
                .tempids().values().stream().sorted().toList();
    }

    /** A chunk that visits each of its entities, remembering which chunks it was given. */
    private static Migration.Chunk visiting(List<List<Long>> calls) {
        return (db, ids) -> {
            calls.add(ids);
            return Tx.dataOf(ids.stream().map(TestSchema.VISIT::call).toList());
        };
    }

    /**
     * A chunk that does {@code first} instead of {@code chunk} the first time it is given the
     * {@code item}th item: a crash, a refused transaction or another peer's interference, once.
     */
    private Migration.Chunk onceAt(int item, Migration.Chunk first, Migration.Chunk chunk) {
        boolean[] done = {false};
        return (db, ids) -> {
            if (!done[0] && ids.contains(items.get(item))) {
                done[0] = true;
                return first.txData(db, ids);
            }
            return chunk.txData(db, ids);
        };
    }

    private static List<?> crash(String why) {
        throw new IllegalStateException(why);
    }

    private static Migration visits(Migration.Chunk chunk) {
        return Migration.batched("visit items", "v1", ITEMS, 5, chunk);
    }

    private Map<Object, Object> visitsPerItem(Database db) {
        Map<Object, Object> visits = new TreeMap<>();
        for (Long item : items) {
            visits.put(item, db.entity(item).get(":item/visits"));
        }
        return visits;
    }

    private void assertEveryItemVisitedOnce(Database db) {
        assertThat(visitsPerItem(db).values()).hasSize(23).containsOnly(1L);
    }

    @Test
    void processesTheEntitiesInChunksEachWithItsProgress(Connection conn) {
        List<List<Long>> calls = new ArrayList<>();
        List<MigrationListener.Progress> progress = new ArrayList<>();
        Migrator migrator = Migrator.builder().add(visits(visiting(calls)))
                .listener(new MigrationListener() {
                    @Override
                    public void chunkApplied(Migration migration, Progress p) {
                        progress.add(p);
                    }
                })
                .build();

        MigrationReport report = migrator.migrate(conn);

        assertEveryItemVisitedOnce(conn.db());
        assertThat(calls).containsExactly(items.subList(0, 5), items.subList(5, 10), items.subList(10, 15),
                items.subList(15, 20), items.subList(20, 23));
        assertThat(report.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.transactions()).as("five chunks and the record").isEqualTo(6);
            assertThat(entry.datoms()).isEqualTo(23);
        });
        assertThat(progress).extracting(MigrationListener.Progress::chunk).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(progress).extracting(MigrationListener.Progress::processed).containsExactly(5L, 10L, 15L, 20L, 23L);
        assertThat(progress).extracting(MigrationListener.Progress::total).containsOnly(23L);
        assertThat(progress).extracting(MigrationListener.Progress::t).isSorted().doesNotHaveDuplicates();
        assertThat(conn.db()).entity("datomic-kit.batch/migration", "visit items")
                .has("datomic-kit.batch/chunks", 5L).has("datomic-kit.batch/processed", 23L)
                .has("datomic-kit.batch/cursor", items.get(22));
        assertThat(migrator.migrate(conn).isEmpty()).isTrue();
    }

    @Test
    void aCrashInTheMiddleResumesAtTheNextChunkAndAppliesNoChunkTwice(Connection conn) {
        List<List<Long>> calls = new ArrayList<>();
        Migration batch = visits(onceAt(10, (db, ids) -> crash("the pod was evicted"), visiting(calls)));
        Migrator migrator = Migrator.of(batch, Migration.data("after", Tx.data(Tx.entity().set("item/key", "after")))
                .requires("visit items"));

        MigrationException e = catchThrowableOfType(MigrationException.class, () -> migrator.migrate(conn));

        assertThat(e.failed()).containsExactly("visit items");
        assertThat(e.notRun()).containsExactly("after");
        assertThat(e).hasMessage("Migration \"visit items\" failed: chunk 3 (5 entities, " + items.get(10) + " to "
                + items.get(14) + ") threw java.lang.IllegalStateException: the pod was evicted\n"
                + "It is not recorded; its first 2 chunks are applied and recorded as progress, and the next run resumes"
                + " after them. Fix it and migrate again. 1 after it did not run: \"after\".");
        List<Object> visited = new ArrayList<>(visitsPerItem(conn.db()).values());
        assertThat(visited.subList(0, 10)).containsOnly(1L);
        assertThat(visited.subList(10, 23)).containsOnlyNulls();
        assertThat(migrator.status(conn.db()).entries().get(0).detail()).isEqualTo("in progress: 2 chunks, 10 entities done");
        assertThat(values(conn.db(), "item/key")).doesNotContain("after");

        calls.clear();
        MigrationReport resumed = migrator.migrate(conn);

        assertThat(calls).as("only the chunks not yet applied")
                .containsExactly(items.subList(10, 15), items.subList(15, 20), items.subList(20, 23));
        assertEveryItemVisitedOnce(conn.db());
        assertThat(resumed.applied()).containsExactly("visit items", "after");
        assertThat(resumed.entries().get(0).datoms()).isEqualTo(13);
    }

    @Test
    void aRefusedChunkIsNotRecordedAndTheNextRunRetriesIt(Connection conn) {
        Migration batch = visits(onceAt(5, (db, ids) -> Tx.data(Tx.add(ids.get(0), "item/unknown", 1L)),
                visiting(new ArrayList<>())));

        MigrationException e = catchThrowableOfType(MigrationException.class, () -> Migrator.of(batch).migrate(conn));

        assertThat(e.getMessage()).startsWith("Migration \"visit items\" failed: chunk 2 (5 entities, " + items.get(5)
                + " to " + items.get(9) + ") was refused: Transaction of 1 statement failed:");
        assertThat(visitsPerItem(conn.db()).values()).filteredOn(Objects::nonNull).hasSize(5);

        Migrator.of(batch).migrate(conn);

        assertEveryItemVisitedOnce(conn.db());
    }

    @Test
    void anotherRunnerAdvancingTheBatchIsFollowedNotRepeated(Connection conn) {
        // While this run prepares chunk 3, "another peer" applies chunk 3 and crashes before chunk 4:
        // this run's chunk 3 is refused by the transactor, and it continues with chunk 4.
        List<List<Long>> mine = new ArrayList<>();
        List<List<Long>> theirs = new ArrayList<>();
        Migration.Chunk visitTheirs = visiting(theirs);
        Migration other = visits(onceAt(15, (db, ids) -> crash("the other peer stops"), visitTheirs));
        Migration.Chunk visitMine = visiting(mine);
        Migration batch = visits(onceAt(10, (db, ids) -> {
            catchThrowableOfType(MigrationException.class, () -> Migrator.of(other).migrate(conn));
            return visitMine.txData(db, ids);
        }, visitMine));

        MigrationReport report = Migrator.of(batch).migrate(conn);

        assertThat(theirs).containsExactly(items.subList(10, 15));
        assertThat(mine).containsExactly(items.subList(0, 5), items.subList(5, 10), items.subList(10, 15),
                items.subList(15, 20), items.subList(20, 23));
        assertEveryItemVisitedOnce(conn.db());
        assertThat(report.entries().get(0).outcome()).isEqualTo(MigrationReport.Outcome.APPLIED);
        assertThat(report.entries().get(0).transactions()).as("chunks 1, 2, 4, 5 and the record").isEqualTo(5);
        assertThat(report.entries().get(0).datoms()).isEqualTo(18);
    }

    @Test
    void anotherRunnerFinishingTheBatchMakesItAppliedByAnotherPeer(Connection conn) {
        Migration other = visits(visiting(new ArrayList<>()));
        Migration.Chunk visit = visiting(new ArrayList<>());
        Migration batch = visits(onceAt(5, (db, ids) -> {
            Migrator.of(other).migrate(conn);
            return visit.txData(db, ids);
        }, visit));

        MigrationReport report = Migrator.of(batch).migrate(conn);

        assertEveryItemVisitedOnce(conn.db());
        assertThat(report.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo(MigrationReport.Outcome.APPLIED_BY_ANOTHER_PEER);
            assertThat(entry.transactions()).as("its first chunk only").isEqualTo(1);
        });
    }

    @Test
    void anEmptySelectionIsRecordedAsApplied(Connection conn) {
        MigrationReport report = Migrator.of(Migration.batched("nothing", "v1", db -> List.of(), 5,
                (db, ids) -> {
                    throw new AssertionError("no chunk to process");
                })).migrate(conn);

        assertThat(report.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo(MigrationReport.Outcome.APPLIED);
            assertThat(entry.transactions()).isEqualTo(1);
        });
    }

    @Test
    void aBatchEditedHalfWayStopsUnlessAllowed(Connection conn) {
        Migration.Chunk visit = visiting(new ArrayList<>());
        Migration v1 = visits(onceAt(10, (db, ids) -> crash("crash"), visit));
        catchThrowableOfType(MigrationException.class, () -> Migrator.of(v1).migrate(conn));
        Migration v2 = Migration.batched("visit items", "v2", ITEMS, 5, visit);

        MigrationException e = catchThrowableOfType(MigrationException.class, () -> Migrator.of(v2).migrate(conn));

        assertThat(e.problems()).singleElement().asString().startsWith("Batched migration \"visit items\" changed since"
                + " its last chunk was applied (2 chunks, 10 entities done): recorded checksum " + v1.checksum());
        assertThat(Migrator.of(v2).status(conn.db()).entries().get(0).state()).isEqualTo(MigrationStatus.State.CHANGED);

        Migrator.builder().add(v2).allowChanged("visit items").build().migrate(conn);

        assertEveryItemVisitedOnce(conn.db());
    }

    @Test
    void aSelectionOfSomethingElseThanEntitiesIsNamedAsData(Connection conn) {
        MigrationException e = catchThrowableOfType(MigrationException.class, () -> Migrator.of(Migration.batched(
                "bad selection", "v1", db -> List.of("not an id"), 5, (db, ids) -> List.of())).migrate(conn));

        assertThat(e).hasMessage("Migration \"bad selection\" failed: its entity selection holds string \"not an id\";"
                + " expected entity ids (integers) or entities\nIt is not recorded, and no chunk of it was written."
                + " Fix it and migrate again. No migration comes after it.");
        assertThat(e.getCause()).isNull();

        MigrationException none = catchThrowableOfType(MigrationException.class, () -> Migrator.of(Migration.batched(
                "null selection", "v1", db -> null, 5, (db, ids) -> List.of())).migrate(conn));
        assertThat(none).hasMessageStartingWith("Migration \"null selection\" failed: its entity selection returned null;"
                + " return an empty collection instead\n");
    }

    @Test
    void aSelectionThatThrowsIsNamedWithTheExceptionOfTheUsersCode(Connection conn) {
        MigrationException e = catchThrowableOfType(MigrationException.class, () -> Migrator.of(Migration.batched(
                "throwing selection", "v1", db -> {
                    throw new IllegalStateException("no index");
                }, 5, (db, ids) -> List.of())).migrate(conn));

        assertThat(e).hasMessageStartingWith("Migration \"throwing selection\" failed: its entity selection threw"
                + " java.lang.IllegalStateException: no index\n");
    }

    @Test
    void aChunkWhoseTransactionDataNestsTooDeeplyIsRefusedBeforeItIsTransacted(Connection conn) {
        Migration deep = Migration.batched("deep chunk", "v1", ITEMS, 5,
                (db, ids) -> List.of(List.of(Kw.of("db/add"), ids.get(0), Kw.of("item/key"), MigrationTest.nested(4_000))));
        long t = conn.db().basisT();

        MigrationException e = catchThrowableOfType(MigrationException.class, () -> Migrator.of(deep).migrate(conn));

        assertThat(e).hasMessageStartingWith("Migration \"deep chunk\" failed: the transaction data of chunk 1 (5 entities, "
                + items.get(0) + " to " + items.get(4) + ") nests deeper than 100 levels, the most datomic-kit accepts;"
                + " flatten it\nIt is not recorded, and no chunk of it was written.");
        assertThat(e.failed()).containsExactly("deep chunk");
        assertThat(TestDatabases.transactionsAfter(conn, t)).as("the library's schema only").isEqualTo(1);
    }
}
