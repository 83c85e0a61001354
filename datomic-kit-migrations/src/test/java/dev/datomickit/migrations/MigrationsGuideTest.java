package dev.datomickit.migrations;

import static dev.datomickit.core.ValueType.STRING;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static dev.datomickit.testing.assertj.DatomicAssertions.catchThrowableOfType;

import datomic.Connection;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Tx;
import dev.datomickit.schema.Schema;
import dev.datomickit.testing.junit.DatomicTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The examples of docs/migrations.md and the module README, run against real databases. */
@DatomicTest(txInstant = "2024-06-01T09:00:00Z")
class MigrationsGuideTest {

    private static final Logger log = LoggerFactory.getLogger(MigrationsGuideTest.class);

    private Migrator migrator;

    @BeforeEach
    void declare() {
        // snippet:declare
        Schema users = Schema.builder()
                .namespace("user", user -> {
                    user.attr("email", STRING).identity();
                    user.attr("name", STRING);
                    user.attr("slug", STRING);
                })
                .build();

        Migrator migrator = Migrator.builder()
                .add(Migration.schema("2024-05-01 users", users))
                .add(Migration.data("2024-05-02 admin", Tx.data(
                                Tx.entity().set("user/email", "admin@example.com").set("user/name", "Admin")))
                        .requires("2024-05-01 users"))
                .add(Migration.function("2024-05-03 default names", "v1", db ->
                                Tx.dataOf(Entities.withAttribute(db, "user/email").stream()
                                        .filter(user -> user.get(":user/name") == null)
                                        .map(user -> Tx.add(user.get(":db/id"), "user/name", "Anonymous"))
                                        .toList()))
                        .requires("2024-05-01 users"))
                .build();
        // end-snippet:declare
        this.migrator = migrator;
    }

    @Test
    void migrate(Connection conn) {
        // snippet:migrate
        MigrationReport report = migrator.migrate(conn); // at every start, on every peer
        log.info("Migrations:\n{}", report);
        // end-snippet:migrate

        assertThat(report.applied()).containsExactly("2024-05-01 users", "2024-05-02 admin", "2024-05-03 default names");
        assertThat(conn.db()).entity("user/email", "admin@example.com").has("user/name", "Admin");
        assertThat(migrator.migrate(conn).transactions()).isZero();
    }

    @Test
    void status(Connection conn) throws IOException {
        Migrator.of(migrator.migrations().get(0), migrator.migrations().get(1)).migrate(conn);

        // snippet:status
        String table = migrator.status(conn.db()).toString();
        // end-snippet:status

        List<MigrationStatus.Entry> entries = migrator.status(conn.db()).entries();
        assertThat(table).isEqualTo("""
                +--------------------------+---------+----------------------+------+----------+--------+
                | Migration                | State   | Applied at           | t    | Checksum | Detail |
                +--------------------------+---------+----------------------+------+----------+--------+
                | 2024-05-01 users         | APPLIED | 2024-06-01T09:00:00Z | %d | %s |        |
                | 2024-05-02 admin         | APPLIED | 2024-06-01T09:00:00Z | %d | %s |        |
                | 2024-05-03 default names | PENDING |                      |      | %s |        |
                +--------------------------+---------+----------------------+------+----------+--------+
                """.formatted(entries.get(0).t(), checksum(0), entries.get(1).t(), checksum(1), checksum(2)));
        assertThat(guide()).as("the table shown in docs/migrations.md").contains("```text\n" + table + "```");
    }

    /** The text of docs/migrations.md, found from the module's directory up. */
    private static String guide() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path guide = dir.resolve("docs/migrations.md");
            if (Files.isRegularFile(guide)) {
                return Files.readString(guide);
            }
        }
        throw new IllegalStateException("docs/migrations.md not found above " + Path.of("").toAbsolutePath());
    }

    private String checksum(int index) {
        return migrator.migrations().get(index).checksum().substring(0, 8);
    }

    @Test
    void dryRun(Connection conn) {
        // snippet:dry-run
        DryRun dry = migrator.dryRun(conn);   // on a fork: conn is not written to
        log.info("Dry run:\n{}", dry);
        if (!dry.succeeded()) {
            throw dry.failure().orElseThrow();
        }
        // end-snippet:dry-run

        assertThat(dry.entries()).extracting(DryRun.Entry::datoms).containsExactly(14L, 2L, 0L);
        assertThat(migrator.status(conn.db()).pending()).hasSize(3);
    }

    @Test
    void failure(Connection conn) {
        Migrator broken = Migrator.of(migrator.migrations().get(0), Migration.function("2024-05-03 default names", "v2",
                db -> {
                    throw new IllegalStateException("no default name configured");
                }), migrator.migrations().get(1));

        List<String> failed = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        Migrator migrator = broken;
        // snippet:failure
        try {
            migrator.migrate(conn);
        } catch (MigrationException e) {
            // "Migration "2024-05-03 default names" failed: its function threw java.lang.IllegalStateException: …"
            log.error("Migration {} failed, {} did not run; the application does not start", e.failed(), e.notRun(), e);
            failed.addAll(e.failed());   // ["2024-05-03 default names"]
            notRun.addAll(e.notRun());   // ["2024-05-02 admin"]
        }
        // end-snippet:failure

        assertThat(failed).containsExactly("2024-05-03 default names");
        assertThat(notRun).containsExactly("2024-05-02 admin");
    }

    @Test
    void lowercaseEmails(Connection conn) {
        migrator.migrate(conn);
        Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "Alice@Example.COM"),
                Tx.entity().set("user/email", "bob@example.com")));

        // snippet:lowercase
        DatabaseFunction lowercaseEmails = DatabaseFunction.clojure("myapp.migrations/lowercase-emails")
                .params("db")
                .requires("[datomic.api :as d]", "[clojure.string :as str]")
                .doc("Lower-cases every :user/email")
                .code("""
                      (for [[user email] (d/q '[:find ?u ?e :where [?u :user/email ?e]] db)
                            :when (not= email (str/lower-case email))]
                        [:db/add user :user/email (str/lower-case email)])""")
                .build();

        Migrator lowercase = Migrator.of(
                Migration.data("2024-06-01 install lowercase-emails", lowercaseEmails.txData()),
                Migration.call("2024-06-01 lowercase emails", lowercaseEmails.ident())
                        .requires("2024-06-01 install lowercase-emails"));
        lowercase.migrate(conn);
        // end-snippet:lowercase

        assertThat(TestDatabases.values(conn.db(), "user/email"))
                .containsExactlyInAnyOrder("admin@example.com", "alice@example.com", "bob@example.com");
        assertThat(lowercase.migrate(conn).transactions()).isZero();
    }

    @Test
    void batch(Connection conn) {
        migrator.migrate(conn);
        Tx.transact(conn, Tx.dataOf(java.util.stream.IntStream.range(0, 1200)
                .mapToObj(i -> Tx.entity().set("user/email", "user" + i + "@example.com")).toList()));
        List<Long> processed = new ArrayList<>();

        // snippet:batch
        Migration slugs = Migration.batched("2024-07-01 user slugs", "v1",
                db -> Entities.withAttribute(db, "user/email"),   // the entities to process
                500,                                              // entities per transaction
                (db, users) -> Tx.dataOf(users.stream()
                        .map(id -> Tx.add(id, "user/slug", slug((String) db.entity(id).get(":user/email"))))
                        .toList()));

        Migrator withProgress = Migrator.builder()
                .add(slugs)
                .listener(new MigrationListener() {
                    @Override
                    public void chunkApplied(Migration migration, Progress progress) {
                        log.info("{}: {} of {} users", migration.name(), progress.processed(), progress.total());
                    }
                })
                .build();
        // end-snippet:batch
        Migrator migrator = Migrator.builder().add(slugs).listener(new MigrationListener() {
            @Override
            public void chunkApplied(Migration migration, Progress progress) {
                processed.add(progress.processed());
            }
        }).build();
        migrator.migrate(conn);

        assertThat(processed).containsExactly(500L, 1000L, 1201L);
        assertThat(conn.db()).entity("user/email", "user7@example.com").has("user/slug", "user7");
        assertThat(withProgress.migrate(conn).isEmpty()).isTrue();
    }

    private static String slug(String email) {
        return email.substring(0, email.indexOf('@')).toLowerCase(Locale.ROOT);
    }
}
