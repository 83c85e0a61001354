package dev.datomickit.migrations;

import static dev.datomickit.migrations.TestDatabases.values;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static dev.datomickit.testing.assertj.DatomicAssertions.catchThrowableOfType;

import datomic.Connection;
import dev.datomickit.core.Kw;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import dev.datomickit.core.ValueType;
import dev.datomickit.schema.Schema;
import dev.datomickit.schema.SchemaException;
import dev.datomickit.testing.junit.DatomicTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every way a run can fail: the failing migration is named with its cause, is not recorded, writes
 * nothing, stops the migrations after it; after a fix the next run continues from it.
 */
@DatomicTest(fixtures = TestSchema.class)
class FailureTest {

    private static Migration item(String name) {
        return Migration.data(name, Tx.data(Tx.entity().set("item/key", name)));
    }

    @Test
    void aThrowingFunctionStopsTheRunAndTheNextRunContinuesAfterTheFix(Connection conn) {
        IllegalStateException bug = new IllegalStateException("no price for product 7");
        Migration broken = Migration.function("2 prices", "v1", db -> {
            throw bug;
        });

        MigrationException e = catchThrowableOfType(MigrationException.class,
                () -> Migrator.of(item("1 before"), broken, item("3 after")).migrate(conn));

        assertThat(e.failed()).containsExactly("2 prices");
        assertThat(e.notRun()).containsExactly("3 after");
        assertThat(e.problems()).containsExactly("Migration \"2 prices\" failed: its function threw"
                + " java.lang.IllegalStateException: no price for product 7");
        assertThat(e.getCause()).isSameAs(bug);
        assertThat(e).hasMessage("""
                Migration "2 prices" failed: its function threw java.lang.IllegalStateException: no price for product 7
                It is not recorded, and nothing of it was written. Fix it and migrate again. \
                1 after it did not run: "3 after".""");
        assertThat(values(conn.db(), "item/key")).containsExactly("1 before");
        assertThat(values(conn.db(), "datomic-kit.migration/name")).containsExactly("1 before");

        Migration fixed = Migration.function("2 prices", "v2", db -> Tx.data(Tx.entity().set("item/key", "2 prices")));
        MigrationReport report = Migrator.of(item("1 before"), fixed, item("3 after")).migrate(conn);

        assertThat(report.applied()).containsExactly("2 prices", "3 after");
        assertThat(values(conn.db(), "item/key")).containsExactlyInAnyOrder("1 before", "2 prices", "3 after");
    }

    @Test
    void aRefusedTransactionStopsTheRunWithDatomicsError(Connection conn) {
        Migrator.of(item("1 before")).migrate(conn);
        long t = conn.db().basisT();
        Migration refused = Migration.data("2 typo", Tx.data(Tx.entity().set("item/key", "x").set("item/nmae", 1L)));

        MigrationException e = catchThrowableOfType(MigrationException.class,
                () -> Migrator.of(item("1 before"), refused, item("3 after")).migrate(conn));

        assertThat(e.failed()).containsExactly("2 typo");
        assertThat(e.notRun()).containsExactly("3 after");
        assertThat(e.getCause()).isInstanceOf(TransactionException.class);
        assertThat(((TransactionException) e.getCause()).error()).isNotEmpty();
        assertThat(e.getMessage()).startsWith("Migration \"2 typo\" failed: its transaction was refused: Transaction of 1 statement failed:")
                .contains(":item/nmae")
                .contains("It is not recorded, and nothing of its transaction was written.");
        assertThat(conn.db().basisT()).as("nothing written").isEqualTo(t);

        Migration fixed = Migration.data("2 typo", Tx.data(Tx.entity().set("item/key", "x").set("item/n", 1L)));
        assertThat(Migrator.of(item("1 before"), fixed, item("3 after")).migrate(conn).applied())
                .containsExactly("2 typo", "3 after");
    }

    @Test
    void aMissingDatabaseFunctionIsARefusedTransaction(Connection conn) {
        MigrationException e = catchThrowableOfType(MigrationException.class,
                () -> Migrator.of(Migration.call("call", "nowhere/fn", 1L)).migrate(conn));

        assertThat(e.failed()).containsExactly("call");
        assertThat(e.notRun()).isEmpty();
        assertThat(e.getMessage()).contains("its transaction was refused").contains(":nowhere/fn");
        assertThat(Migrator.of(Migration.call("call", "nowhere/fn", 1L)).status(conn.db()).pending()).containsExactly("call");
    }

    @Test
    void aFunctionReturningNullIsAFailureThatSaysWhatToReturn(Connection conn) {
        MigrationException e = catchThrowableOfType(MigrationException.class,
                () -> Migrator.of(Migration.function("null", "v1", db -> null)).migrate(conn));

        assertThat(e).hasMessageStartingWith("Migration \"null\" failed: its function returned null; return an empty list"
                + " when there is nothing to migrate\n");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void aFunctionReturningDataNestedTooDeeplyFailsNamingTheBoundAndWritesNothing(Connection conn) {
        Migrator.of(item("1 before")).migrate(conn);
        long t = conn.db().basisT();
        Migration deep = Migration.function("2 deep", "v1",
                db -> List.of(List.of(Kw.of("db/add"), "x", Kw.of("item/key"), MigrationTest.nested(4_000))));

        MigrationException e = catchThrowableOfType(MigrationException.class,
                () -> Migrator.of(item("1 before"), deep, item("3 after")).migrate(conn));

        assertThat(e).hasMessage("""
                Migration "2 deep" failed: its transaction data nests deeper than 100 levels, the most datomic-kit \
                accepts; flatten it
                It is not recorded, and nothing of it was written. Fix it and migrate again. \
                1 after it did not run: "3 after".""");
        assertThat(e.failed()).containsExactly("2 deep");
        assertThat(e.notRun()).containsExactly("3 after");
        assertThat(conn.db().basisT()).isEqualTo(t);
    }

    @Test
    void aForbiddenSchemaChangeFailsWithEveryReason(Connection conn) {
        Schema retyped = Schema.builder().namespace("item", item -> item.attr("n", ValueType.STRING)).build();

        MigrationException e = catchThrowableOfType(MigrationException.class,
                () -> Migrator.of(Migration.schema("retype", retyped)).migrate(conn));

        assertThat(e.getCause()).isInstanceOf(SchemaException.class);
        assertThat(e.getMessage()).startsWith("Migration \"retype\" failed: its schema cannot be installed:")
                .contains(":item/n :db/valueType: :db.type/long → :db.type/string: forbidden");
    }

    @Test
    void aChangedChecksumStopsMigrateBeforeAnythingRuns(Connection conn) {
        Migrator.of(item("1 users")).migrate(conn);
        long t = conn.db().basisT();
        Migration edited = Migration.data("1 users", Tx.data(Tx.entity().set("item/key", "edited")));
        Migrator migrator = Migrator.of(edited, item("2 new"));

        MigrationException e = catchThrowableOfType(MigrationException.class, () -> migrator.migrate(conn));

        assertThat(e.failed()).containsExactly("1 users");
        assertThat(e.notRun()).as("migrate refused to start").containsExactly("2 new");
        assertThat(e).hasMessageStartingWith("Cannot run the migrations: 1 problem\n  - Migration \"1 users\" changed since")
                .hasMessageEndingWith("\nNothing ran; \"2 new\" is still pending.");
        assertThat(e.problems()).singleElement().asString()
                .startsWith("Migration \"1 users\" changed since it was applied at t ")
                .contains("recorded checksum " + item("1 users").checksum() + ", the code has " + edited.checksum())
                .endsWith("; restore its definition, or allow the change with allowChanged(\"1 users\")");
        assertThat(conn.db().basisT()).as("2 new did not run").isEqualTo(t);
        assertThat(migrator.validate(conn.db())).isEqualTo(e.problems());
    }

    @Test
    void anAllowedChangeIsReportedButNeitherStopsNorReruns(Connection conn) {
        Migrator.of(item("1 users")).migrate(conn);
        Migrator migrator = Migrator.builder()
                .add(Migration.data("1 users", Tx.data(Tx.entity().set("item/key", "edited"))), item("2 new"))
                .allowChanged("1 users")
                .build();

        assertThat(migrator.migrate(conn).applied()).containsExactly("2 new");

        assertThat(values(conn.db(), "item/key")).containsExactlyInAnyOrder("1 users", "2 new");
        assertThat(migrator.validate(conn.db())).isEmpty();
        MigrationStatus.Entry users = migrator.status(conn.db()).entries().get(0);
        assertThat(users.state()).isEqualTo(MigrationStatus.State.CHANGED);
        assertThat(users.detail()).endsWith(", change allowed");
    }

    @Test
    void migrationsUnknownToTheCodeAreReportedButDoNotStopMigrate(Connection conn) {
        Migrator.of(item("from a newer release")).migrate(conn);
        Migrator older = Migrator.of(item("mine"));

        assertThat(older.migrate(conn).applied()).containsExactly("mine");

        assertThat(older.validate(conn.db())).singleElement().asString().startsWith(
                "Migration \"from a newer release\" is recorded in the database (applied at t ")
                .endsWith(") but is not among the migrations: it was removed or renamed in the code, or a newer version"
                        + " of the application added it");
        assertThat(older.status(conn.db()).inState(MigrationStatus.State.UNKNOWN))
                .extracting(MigrationStatus.Entry::name).containsExactly("from a newer release");
    }

    @Test
    void anInvalidPlanFailsAtBuildSoNothingCanRun(Connection conn) {
        long t = conn.db().basisT();

        MigrationException e = catchThrowableOfType(MigrationException.class, () -> Migrator.of(
                item("a").requires("b"), item("b").requires("a"), item("c").requires("missing")));

        assertThat(e.failed()).containsExactly("c", "a", "b");
        assertThat(e.notRun()).as("nothing was running").isEmpty();
        assertThat(e.problems()).containsExactly(
                "Migration \"c\" requires \"missing\", which is not among the migrations (3 declared)",
                "Migrations require each other in a cycle: \"a\" → \"b\" → \"a\"");
        assertThat(conn.db().basisT()).isEqualTo(t);
    }
}
