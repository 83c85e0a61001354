package dev.datomickit.migrations;

import static dev.datomickit.migrations.TestDatabases.transactionsAfter;
import static dev.datomickit.migrations.TestDatabases.values;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThatThrownBy;

import clojure.lang.Keyword;
import datomic.Connection;
import datomic.Database;
import datomic.Datom;
import dev.datomickit.core.Kw;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import dev.datomickit.schema.SchemaException;
import dev.datomickit.testing.junit.DatomicTest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The library's own schema and functions: installed when first needed, in one guarded transaction
 * that only the first of several racing peers commits; upgraded from what datomic-kit 0.1
 * installed; repaired when they differ.
 */
@DatomicTest(fixtures = TestSchema.class)
class SupportTest {

    private static Migration item(String name) {
        return Migration.data(name, Tx.data(Tx.entity().set("item/key", name)));
    }

    @Test
    void aSecondInstallationFromTheSameViewIsAbortedByTheTransactorAndWritesNothing(Connection conn) {
        Database before = conn.db();
        List<Object> installation = Support.installation(before);
        assertThat(installation.get(0)).as("the guard comes first").isEqualTo(
                List.of(clojure.lang.Symbol.intern("datomic.api", "entid"), Support.RUN.ident()));

        Tx.transact(conn, installation);
        long t = conn.db().basisT();

        assertThatThrownBy(() -> Tx.transact(conn, Support.installation(before))).isInstanceOf(TransactionException.class);
        assertThat(conn.db().basisT()).as("not even an empty transaction").isEqualTo(t);
        assertThat(Support.isInstalledIn(conn.db())).isTrue();
    }

    @Test
    void aPeerWhoseInstallationLostTheRaceCountsNoTransactionForIt(Connection conn) {
        Database before = conn.db();
        Migrator.of(item("a")).migrate(conn);
        long t = conn.db().basisT();

        // A peer that has not yet seen "a" nor the library's functions installs them again, and is refused.
        MigrationReport report = Migrator.of(item("a"), item("b")).migrate(new LaggingPeer(conn, before));

        assertThat(report.entries()).extracting(MigrationReport.Entry::outcome).containsExactly(
                MigrationReport.Outcome.APPLIED_BY_ANOTHER_PEER, MigrationReport.Outcome.APPLIED);
        assertThat(report.transactions()).as("b only").isEqualTo(1);
        assertThat(transactionsAfter(conn, t)).as("b only").isEqualTo(1);
    }

    @Test
    void aDatabaseMigratedByVersion1GetsTheNewFunctionsInOneTransactionAndKeepsTheOldOnes(Connection conn) {
        SupportV1.install(conn);
        SupportV1.run(conn, item("old"), Tx.data(Tx.entity().set("item/key", "old")));
        long t = conn.db().basisT();
        Database before = conn.db();

        MigrationReport report = Migrator.of(item("old"), item("new")).migrate(conn);

        assertThat(report.applied()).containsExactly("new");
        assertThat(report.transactions()).as("the new functions, then new").isEqualTo(2);
        List<Map<?, ?>> log = TestDatabases.log(conn, t);
        assertThat(log).hasSize(2);
        Set<Object> installed = new HashSet<>();
        for (Object datom : (List<?>) log.get(0).get(Keyword.intern("data"))) {
            installed.add(conn.db().ident(((Datom) datom).e()));
        }
        assertThat(installed).as("both functions, nothing else but the transaction")
                .containsOnly(Support.RUN.ident(), Support.CHUNK.ident(), null);
        assertThat(SupportV1.RUN.isInstalledIn(conn.db())).as("left for 0.1 peers").isTrue();
        assertThat(SupportV1.CHUNK.isInstalledIn(conn.db())).isTrue();
        assertThat(Support.installation(before)).first().as("guarded, as a new database").isEqualTo(
                List.of(clojure.lang.Symbol.intern("datomic.api", "entid"), Support.RUN.ident()));
        assertThat(Support.isInstalledIn(conn.db())).isTrue();

        // A 0.1 peer still migrates through its own function, and its records are ours.
        SupportV1.run(conn, item("from 0.1"), List.of());
        assertThat(Migrator.of(item("old"), item("new"), item("from 0.1")).status(conn.db()).isUpToDate()).isTrue();
    }

    @Test
    void aDifferentRunFunctionIsReplacedBeforeTheNextMigration(Connection conn) {
        Migrator.of(Migration.data("a", List.of())).migrate(conn);
        DatabaseFunction altered = DatabaseFunction.clojure(Support.RUN.ident())
                .params("db", "name", "checksum", "progress", "tx-data").code("tx-data").build();
        Tx.transact(conn, altered.txData());
        assertThat(Support.installation(conn.db())).as("repaired without the guard, which would refuse").hasSize(1);

        MigrationReport report = Migrator.of(Migration.data("a", List.of()), Migration.data("b", List.of())).migrate(conn);

        assertThat(report.transactions()).as("the function, then b").isEqualTo(2);
        assertThat(Support.RUN.isInstalledIn(conn.db())).isTrue();
        assertThat(values(conn.db(), "datomic-kit.migration/name")).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aRepairThatAnotherPeerMadeFirstCommitsNothingTheReportCounts(Connection conn) {
        Migrator.of(item("a")).migrate(conn);
        Tx.transact(conn, DatabaseFunction.clojure(Support.RUN.ident())
                .params("db", "name", "checksum", "progress", "tx-data").code("tx-data").build().txData());
        Database altered = conn.db();
        Migrator.of(item("a"), item("b")).migrate(conn);
        long t = conn.db().basisT();

        // This peer still sees the altered function: its repair asserts only what is true already.
        MigrationReport report = Migrator.of(item("a"), item("b"), item("c")).migrate(new LaggingPeer(conn, altered));

        assertThat(report.applied()).containsExactly("c");
        assertThat(TestDatabases.log(conn, t)).as("Datomic commits the empty repair, then c").hasSize(2);
        assertThat(report.transactions()).as("c only: the repair added no datom").isEqualTo(1);
    }

    @Test
    void aConflictingAttributeUnderTheLibrarysNamesIsReported(Connection conn) {
        Tx.transact(conn, Tx.data(Tx.entity().set("db/ident", Kw.of("datomic-kit.migration/name"))
                .set("db/valueType", Kw.of("db.type/long")).set("db/cardinality", Kw.of("db.cardinality/one"))));

        assertThatThrownBy(() -> Migrator.of(Migration.data("a", List.of())).migrate(conn))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining(":datomic-kit.migration/name :db/valueType: :db.type/long → :db.type/string: forbidden");
    }

    @Test
    void theGuardRefusesARecordedNameWithARecognisableError(Connection conn) {
        Migrator.of(Migration.data("a", List.of())).migrate(conn);
        long t = conn.db().basisT();

        assertThatThrownBy(() -> Tx.transact(conn, Tx.data(Support.run(Migration.data("a", List.of()), List.of()))))
                .isInstanceOfSatisfying(TransactionException.class, e -> {
                    assertThat(e.is(Support.ALREADY_APPLIED)).isTrue();
                    assertThat(e.data()).containsEntry(Support.NAME, "a");
                })
                .hasMessageContaining("Migration \"a\" is already applied");
        assertThat(conn.db().basisT()).as("no empty transaction").isEqualTo(t);
    }

    @Test
    void theGuardRefusesARecordedNameWithAnotherChecksumAsChanged(Connection conn) {
        Migration applied = Migration.data("a", List.of());
        Migrator.of(applied).migrate(conn);
        long t = conn.db().basisT();
        Migration other = Migration.data("a", Tx.data(Tx.entity().set("item/key", "other")));

        assertThatThrownBy(() -> Tx.transact(conn, Tx.data(Support.run(other, List.of()))))
                .isInstanceOfSatisfying(TransactionException.class, e -> {
                    assertThat(e.is(Support.CHANGED)).isTrue();
                    assertThat(e.data()).containsEntry(Support.NAME, "a").containsEntry(Support.CHECKSUM, applied.checksum());
                })
                .hasMessageContaining("Migration \"a\" was applied with checksum " + applied.checksum() + ", not "
                        + other.checksum());
        assertThat(conn.db().basisT()).isEqualTo(t);
    }
}
