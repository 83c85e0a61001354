package dev.datomickit.migrations;

import static dev.datomickit.migrations.TestDatabases.transactionsAfter;
import static org.assertj.core.api.Assertions.assertThat;

import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.Tx;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Quiet when nothing changed: no transaction at all, checked in a real transactor's log. */
class SteadyStateTest {

    @Test
    void migratingAnUpToDateDatabaseIssuesNoTransaction() {
        Connection conn = TestDatabases.withSchema();
        AtomicInteger calls = new AtomicInteger();
        List<Migration> migrations = IntStream.range(0, 20)
                .mapToObj(i -> i % 2 == 0
                        ? Migration.data("m" + i, Tx.data(Tx.entity().set("item/key", "k" + i)))
                        : Migration.function("m" + i, "v1", db -> {
                            calls.incrementAndGet();
                            return Tx.data(Tx.entity().set("item/key", "k" + i));
                        }))
                .toList();
        Migrator migrator = Migrator.builder().add(migrations).build();
        migrator.migrate(conn);
        long t = conn.db().basisT();

        MigrationReport again = migrator.migrate(conn);

        assertThat(again.isEmpty()).isTrue();
        assertThat(again.transactions()).isZero();
        assertThat(again.basisT()).isEqualTo(t);
        assertThat(again.toString()).isEqualTo("No pending migrations; the database is up to date at basis t " + t + "\n");
        assertThat(conn.db().basisT()).isEqualTo(t);
        assertThat(transactionsAfter(conn, t)).isZero();
        assertThat(calls).as("functions of applied migrations are never called").hasValue(10);
    }

    @Test
    void withNothingToRunTheLibrarysSchemaIsNotEvenInstalled() {
        Connection conn = Peer.connect(TestDatabases.newUri());
        long t = conn.db().basisT();

        assertThat(Migrator.of().migrate(conn).transactions()).isZero();

        assertThat(transactionsAfter(conn, t)).isZero();
        assertThat(conn.db().entid(Support.NAME)).isNull();
    }

    @Test
    void theLibrarysSchemaIsInstalledOnceInOneTransaction() {
        Connection conn = TestDatabases.withSchema();
        long t = conn.db().basisT();

        MigrationReport report = Migrator.of(Migration.data("a", List.of())).migrate(conn);
        Migrator.of(Migration.data("b", List.of())).migrate(conn);

        assertThat(report.transactions()).isEqualTo(2);
        assertThat(transactionsAfter(conn, t)).as("schema, a, b").isEqualTo(3);
        assertThat(Support.isInstalledIn(conn.db())).isTrue();
    }
}
