package dev.datomickit.migrations;

import static dev.datomickit.migrations.TestDatabases.transactionsAfter;
import static dev.datomickit.migrations.TestDatabases.values;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static dev.datomickit.testing.assertj.DatomicAssertions.tuple;

import datomic.Connection;
import datomic.Database;
import dev.datomickit.core.Tx;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dry run reports datoms and errors and writes nothing: the origin's basis t and log are unchanged. */
class DryRunTest {

    private static Migration item(String name) {
        return Migration.data(name, Tx.data(Tx.entity().set("item/key", name)));
    }

    @Test
    void countsTheDatomsOfEachPendingMigrationAndWritesNothing() {
        Connection conn = TestDatabases.withSchema();
        Migrator.of(item("applied")).migrate(conn);
        long t = conn.db().basisT();
        Migrator migrator = Migrator.of(item("applied"),
                Migration.data("two items", Tx.data(Tx.entity().set("item/key", "x").set("item/n", 1L),
                        Tx.entity().set("item/key", "y"))),
                Migration.call("count", "counter/increment", "dry"));

        DryRun dry = migrator.dryRun(conn);

        assertThat(dry.succeeded()).isTrue();
        assertThat(dry.entries()).extracting(DryRun.Entry::name, DryRun.Entry::outcome, DryRun.Entry::datoms)
                .containsExactly(tuple("two items", DryRun.Outcome.WOULD_APPLY, 3L), tuple("count", DryRun.Outcome.WOULD_APPLY, 2L));
        assertThat(values(dry.db(), "item/key")).containsExactlyInAnyOrder("applied", "x", "y");
        assertThat(conn.db().basisT()).isEqualTo(t);
        assertThat(transactionsAfter(conn, t)).isZero();
        assertThat(values(conn.db(), "item/key")).containsExactly("applied");
        assertThat(migrator.status(conn.db()).pending()).containsExactly("two items", "count");
    }

    @Test
    void reportsTheFirstFailureAndWhatWouldNotRun() {
        Connection conn = TestDatabases.withSchema();
        long t = conn.db().basisT();
        Migrator migrator = Migrator.of(item("fine"),
                Migration.function("broken", "v1", db -> {
                    throw new IllegalStateException("boom");
                }),
                item("later"));

        DryRun dry = migrator.dryRun(conn);

        assertThat(dry.succeeded()).isFalse();
        assertThat(dry.entries()).extracting(DryRun.Entry::name, DryRun.Entry::outcome).containsExactly(
                tuple("fine", DryRun.Outcome.WOULD_APPLY), tuple("broken", DryRun.Outcome.FAILED),
                tuple("later", DryRun.Outcome.NOT_RUN));
        assertThat(dry.entries().get(1).error()).startsWith("Migration \"broken\" failed: its function threw"
                + " java.lang.IllegalStateException: boom");
        assertThat(dry.failure()).get().extracting(MigrationException::failed).isEqualTo(List.of("broken"));
        assertThat(dry.failure()).get().extracting(MigrationException::notRun).isEqualTo(List.of("later"));
        assertThat(dry.toString()).contains("| broken    | FAILED      | 0      | Migration \"broken\" failed: its function"
                + " threw java.lang.IllegalStateException: boom |");
        assertThat(conn.db().basisT()).isEqualTo(t);
        assertThat(transactionsAfter(conn, t)).isZero();
    }

    @Test
    void aChangedChecksumIsTheDryRunsFailureAndNothingRuns() {
        Connection conn = TestDatabases.withSchema();
        Migrator.of(item("a")).migrate(conn);
        Migrator edited = Migrator.of(Migration.data("a", List.of()), item("b"));

        DryRun dry = edited.dryRun(conn);

        assertThat(dry.failure()).get().extracting(MigrationException::failed).isEqualTo(List.of("a"));
        assertThat(dry.failure()).get().extracting(MigrationException::notRun).isEqualTo(List.of("b"));
        assertThat(dry.entries()).extracting(DryRun.Entry::name, DryRun.Entry::outcome)
                .containsExactly(tuple("b", DryRun.Outcome.NOT_RUN));
    }

    @Test
    void runsOnADatabaseValueWithDatabaseWith() {
        Connection conn = TestDatabases.withSchema();
        Database db = conn.db();

        DryRun dry = Migrator.of(item("a")).dryRun(db);

        assertThat(dry.entries()).extracting(DryRun.Entry::datoms).containsExactly(1L);
        assertThat(values(dry.db(), "item/key")).containsExactly("a");
        assertThat(conn.db().basisT()).isEqualTo(db.basisT());
        assertThat(dry.toString()).isEqualTo("""
                +-----------+-------------+--------+-------+
                | Migration | Outcome     | Datoms | Error |
                +-----------+-------------+--------+-------+
                | a         | WOULD_APPLY | 1      |       |
                +-----------+-------------+--------+-------+
                """);
    }

    @Test
    void aBatchFailingHalfWayReportsTheDatomsOfItsChunksBeforeTheFailure() {
        Connection conn = TestDatabases.withSchema();
        Tx.transact(conn, Tx.dataOf(java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> Tx.entity().set("item/key", "i" + i)).toList()));
        Migration batch = Migration.batched("batch", "v1",
                db -> dev.datomickit.core.Entities.withAttribute(db, "item/key"), 2, (db, ids) -> {
                    if (db.entity(ids.get(0)).get(":item/key").equals("i4")) {
                        throw new IllegalStateException("chunk 3 is bad");
                    }
                    return Tx.dataOf(ids.stream().map(id -> Tx.add(id, "item/n", 1L)).toList());
                });

        DryRun dry = Migrator.of(batch).dryRun(conn);

        assertThat(dry.entries()).extracting(DryRun.Entry::outcome, DryRun.Entry::datoms)
                .containsExactly(tuple(DryRun.Outcome.FAILED, 4L));
        assertThat(conn.db().entid(Support.BATCH)).as("not even the library's schema").isNull();
    }
}
