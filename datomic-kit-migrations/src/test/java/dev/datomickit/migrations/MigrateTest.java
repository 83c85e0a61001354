package dev.datomickit.migrations;

import static dev.datomickit.migrations.TestDatabases.values;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;

import datomic.Connection;
import datomic.Database;
import datomic.Entity;
import datomic.Peer;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Tx;
import dev.datomickit.core.ValueType;
import dev.datomickit.schema.Schema;
import dev.datomickit.testing.junit.DatomicTest;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Pending migrations are applied in order, each recorded with its checksum and transaction. */
@DatomicTest(fixtures = TestSchema.class)
class MigrateTest {

    private static List<Object> item(String key) {
        return Tx.data(Tx.entity().set("item/key", key));
    }

    @Test
    void appliesEveryKindInOrderAndRecordsEachInItsOwnTransaction(Connection conn) {
        Schema tags = Schema.builder().namespace("tag", tag -> tag.attr("label", ValueType.STRING)).build();
        Migrator migrator = Migrator.of(
                Migration.data("1 data", item("a")),
                Migration.function("2 function", "v1", db -> item("count " + values(db, "item/key").size())),
                Migration.call("3 call", "counter/increment", "calls"),
                Migration.schema("4 schema", tags),
                Migration.data("5 uses the schema", Tx.data(Tx.entity().set("tag/label", "new"))).requires("4 schema"));

        MigrationReport report = migrator.migrate(conn);

        Database db = conn.db();
        assertThat(report.applied()).containsExactly("1 data", "2 function", "3 call", "4 schema", "5 uses the schema");
        assertThat(report.transactions()).as("the library's schema, then one per migration").isEqualTo(6);
        assertThat(report.entries()).extracting(MigrationReport.Entry::datoms).containsExactly(1L, 1L, 2L, 4L, 1L);
        assertThat(report.entries()).extracting(MigrationReport.Entry::t).isSorted().doesNotHaveDuplicates();
        assertThat(values(db, "item/key")).containsExactlyInAnyOrder("a", "count 1");
        assertThat(db).entity("counter/name", "calls").has("counter/value", 1L);
        assertThat(values(db, "tag/label")).containsExactly("new");

        for (MigrationReport.Entry entry : report.entries()) {
            Migration migration = migrator.migrations().stream().filter(m -> m.name().equals(entry.name())).findFirst()
                    .orElseThrow();
            Entity record = Entities.get(db, "datomic-kit.migration/name", entry.name());
            Entity tx = (Entity) record.get(":datomic-kit.migration/tx");
            assertThat(record.get(":datomic-kit.migration/checksum")).isEqualTo(migration.checksum());
            assertThat(Peer.toT(tx.get(":db/id"))).as("recorded in the migration's own transaction").isEqualTo(entry.t());
            assertThat(tx.get(":db/txInstant")).isInstanceOf(Date.class);
        }
    }

    @Test
    void aFunctionIsCalledOnlyWhilePendingAndSeesWhatItRequires(Connection conn) {
        AtomicInteger calls = new AtomicInteger();
        List<Object> seen = new ArrayList<>();
        Migrator migrator = Migrator.of(
                Migration.function("names", "v1", db -> {
                    calls.incrementAndGet();
                    seen.addAll(values(db, "user/email"));
                    return Tx.data(Tx.entity().set("user/email", "admin@example.com").set("user/name", "Admin"));
                }).requires("users"),
                Migration.data("users", Tx.data(Tx.entity().set("user/email", "first@example.com"))));

        migrator.migrate(conn);
        migrator.migrate(conn);
        migrator.migrate(conn);

        assertThat(calls).hasValue(1);
        assertThat(seen).containsExactly("first@example.com");
        assertThat(conn.db()).entity("user/email", "admin@example.com").has("user/name", "Admin");
    }

    @Test
    void migrationsWithNothingToTransactAreRecordedAndNeverRunAgain(Connection conn) {
        AtomicInteger calls = new AtomicInteger();
        Migrator migrator = Migrator.of(
                Migration.data("empty data", List.of()),
                Migration.function("nothing to migrate here", "v1", db -> {
                    calls.incrementAndGet();
                    return List.of();
                }));

        MigrationReport first = migrator.migrate(conn);
        MigrationReport second = migrator.migrate(conn);

        assertThat(first.applied()).containsExactly("empty data", "nothing to migrate here");
        assertThat(first.entries()).extracting(MigrationReport.Entry::datoms).containsExactly(0L, 0L);
        assertThat(second.isEmpty()).isTrue();
        assertThat(calls).hasValue(1);
        assertThat(migrator.status(conn.db()).isUpToDate()).isTrue();
    }

    @Test
    void aMigrationAddedLaterIsTheOnlyOneThatRuns(Connection conn) {
        Migration a = Migration.data("a", item("a"));
        Migrator.of(a).migrate(conn);

        MigrationReport report = Migrator.of(a, Migration.data("b", item("b")).requires("a")).migrate(conn);

        assertThat(report.applied()).containsExactly("b");
        assertThat(report.transactions()).as("the library's schema is installed already").isEqualTo(1);
        assertThat(values(conn.db(), "item/key")).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aSchemaMigrationInstallsOnlyWhatTheDatabaseLacks(Connection conn) {
        Schema users = Schema.builder().namespace("user", user -> {
            user.attr("email", ValueType.STRING).identity();
            user.attr("name", ValueType.STRING);
            user.attr("nickname", ValueType.STRING);
        }).build();

        MigrationReport report = Migrator.of(Migration.schema("users v2", users)).migrate(conn);

        assertThat(report.entries().get(0).datoms()).as(":user/nickname only").isEqualTo(4);
        assertThat(users.diff(conn.db()).isUpToDate()).isTrue();
        MigrationReport again = Migrator.of(Migration.schema("users v2 again", users)).migrate(conn);
        assertThat(again.applied()).containsExactly("users v2 again");
        assertThat(again.entries().get(0).datoms()).isZero();
    }

    @Test
    void theListenerFollowsTheRun(Connection conn) {
        List<String> events = new ArrayList<>();
        Migrator migrator = Migrator.builder()
                .add(Migration.data("a", item("a")), Migration.data("b", item("b")))
                .listener(new MigrationListener() {
                    @Override
                    public void starting(Migration migration) {
                        events.add("starting " + migration.name());
                    }

                    @Override
                    public void applied(Migration migration, MigrationReport.Entry entry) {
                        events.add(entry.outcome() + " " + migration.name() + " at t " + entry.t());
                    }
                })
                .build();

        MigrationReport report = migrator.migrate(conn);

        assertThat(events).containsExactly("starting a", "APPLIED a at t " + report.entries().get(0).t(),
                "starting b", "APPLIED b at t " + report.entries().get(1).t());
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheMigrations(Connection conn) {
        Migrator migrator = Migrator.builder()
                .add(Migration.data("a", item("a")), Migration.data("b", item("b")))
                .listener(new MigrationListener() {
                    @Override
                    public void applied(Migration migration, MigrationReport.Entry entry) {
                        throw new IllegalStateException("dashboard is down");
                    }
                })
                .build();

        assertThat(migrator.migrate(conn).applied()).containsExactly("a", "b");
    }

    @Test
    void aCallRunsTheDatabaseFunctionInsideTheTransaction(Connection conn) {
        Tx.transact(conn, Tx.data(Tx.entity().set("counter/name", "c").set("counter/value", 41L)));

        Migrator.of(Migration.call("bump", "counter/increment", "c")).migrate(conn);

        assertThat(conn.db()).entity("counter/name", "c").has("counter/value", 42L);
    }

    /**
     * A composite tuple whose name sorts before one of its parts ({@code :comment/author+post} before
     * {@code :comment/post}) must be installed after its parts, which Datomic requires.
     */
    @Test
    void aSchemaMigrationInstallsACompositeWhoseNameSortsBeforeItsParts(Connection conn) {
        Schema comments = Schema.builder().namespace("comment", comment -> {
            comment.attr("author", ValueType.STRING);
            comment.attr("post", ValueType.LONG);
            comment.composite("author+post", "author", "post").identity();
        }).build();

        MigrationReport report = Migrator.of(Migration.schema("comments", comments)).migrate(conn);

        assertThat(report.applied()).containsExactly("comments");
        assertThat(comments.diff(conn.db()).isUpToDate()).isTrue();
        Tx.transact(conn, Tx.data(Tx.entity().set("comment/author", "ada").set("comment/post", 7L)));
        assertThat(conn.db()).entity("comment/author+post", List.of("ada", 7L)).has("comment/post", 7L);
    }
}
