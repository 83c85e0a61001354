package dev.datomickit.migrations;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static dev.datomickit.testing.assertj.DatomicAssertions.tuple;

import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.Tx;
import dev.datomickit.testing.StartingPoint;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Status: every migration with its state, time and t, printable as a table; read-only. */
class StatusTest {

    private static final Instant NOON = Instant.parse("2024-05-01T12:00:00Z");
    private static final StartingPoint START = StartingPoint.ofClasses(TestSchema.class)
            .withClock(Clock.fixed(NOON, ZoneOffset.UTC));

    private static Migration item(String name) {
        return Migration.data(name, Tx.data(Tx.entity().set("item/key", name)));
    }

    @Test
    void reportsAppliedPendingChangedAndUnknownMigrations() {
        Connection conn = START.fork();
        MigrationReport applied = Migrator.of(item("1 applied"), item("2 edited"), item("0 removed")).migrate(conn);
        Migration edited = Migration.data("2 edited", Tx.data(Tx.entity().set("item/key", "edited")));
        Migrator migrator = Migrator.of(item("1 applied"), edited, item("3 pending"));
        long t = conn.db().basisT();

        MigrationStatus status = migrator.status(conn.db());

        assertThat(status.entries()).extracting(MigrationStatus.Entry::name, MigrationStatus.Entry::state,
                MigrationStatus.Entry::t, MigrationStatus.Entry::appliedAt).containsExactly(
                tuple("1 applied", MigrationStatus.State.APPLIED, applied.entries().get(0).t(), NOON),
                tuple("2 edited", MigrationStatus.State.CHANGED, applied.entries().get(1).t(), NOON),
                tuple("3 pending", MigrationStatus.State.PENDING, null, null),
                tuple("0 removed", MigrationStatus.State.UNKNOWN, applied.entries().get(2).t(), NOON));
        MigrationStatus.Entry changed = status.entries().get(1);
        assertThat(changed.checksum()).isEqualTo(edited.checksum());
        assertThat(changed.recordedChecksum()).isEqualTo(item("2 edited").checksum());
        assertThat(status.pending()).containsExactly("3 pending");
        assertThat(status.isUpToDate()).isFalse();
        assertThat(status.basisT()).isEqualTo(t);
        assertThat(conn.db().basisT()).as("status reads only").isEqualTo(t);
    }

    @Test
    void printsATable() {
        Connection conn = START.fork();
        Migrator.of(item("1 applied")).migrate(conn);
        Migration one = item("1 applied");
        Migration two = item("2 pending");

        String table = Migrator.of(one, two).status(conn.db()).toString();

        long t = Peer.toT(conn.db().entity(List.of(Support.NAME, "1 applied")).get(Support.TX) instanceof datomic.Entity e
                ? e.get(":db/id") : 0L);
        String c1 = one.checksum().substring(0, 8);
        String c2 = two.checksum().substring(0, 8);
        assertThat(table).isEqualTo("""
                +-----------+---------+----------------------+------+----------+--------+
                | Migration | State   | Applied at           | t    | Checksum | Detail |
                +-----------+---------+----------------------+------+----------+--------+
                | 1 applied | APPLIED | 2024-05-01T12:00:00Z | %d | %s |        |
                | 2 pending | PENDING |                      |      | %s |        |
                +-----------+---------+----------------------+------+----------+--------+
                """.formatted(t, c1, c2));
    }

    @Test
    void anEmptyDatabaseHasEveryMigrationPending() {
        Migrator migrator = Migrator.of(item("a"), item("b"));

        MigrationStatus status = migrator.status(START.db());

        assertThat(status.pending()).containsExactly("a", "b");
        assertThat(Migrator.of().status(START.db()).isUpToDate()).isTrue();
    }
}
