package dev.datomickit.migrations;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThatThrownBy;

import datomic.Connection;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.schema.SchemaException;
import dev.datomickit.testing.junit.DatomicTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The library's own schema and functions: installed when first needed, repaired when they differ. */
@DatomicTest(fixtures = TestSchema.class)
class SupportTest {

    @Test
    void aDifferentRunFunctionIsReplacedBeforeTheNextMigration(Connection conn) {
        Migrator.of(Migration.data("a", List.of())).migrate(conn);
        DatabaseFunction older = DatabaseFunction.clojure("datomic-kit.migration/run")
                .params("db", "name", "checksum", "tx-data").code("tx-data").build();
        Tx.transact(conn, older.txData());
        assertThat(Support.missingFrom(conn.db())).hasSize(1);

        MigrationReport report = Migrator.of(Migration.data("a", List.of()), Migration.data("b", List.of())).migrate(conn);

        assertThat(report.transactions()).as("the function, then b").isEqualTo(2);
        assertThat(Support.RUN.isInstalledIn(conn.db())).isTrue();
        assertThat(TestDatabases.values(conn.db(), "datomic-kit.migration/name")).containsExactlyInAnyOrder("a", "b");
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
                .isInstanceOfSatisfying(dev.datomickit.core.TransactionException.class, e -> {
                    assertThat(e.is(Support.ALREADY_APPLIED)).isTrue();
                    assertThat(e.data()).containsEntry(Support.NAME, "a");
                })
                .hasMessageContaining("Migration \"a\" is already applied");
        assertThat(conn.db().basisT()).as("no empty transaction").isEqualTo(t);
    }
}
