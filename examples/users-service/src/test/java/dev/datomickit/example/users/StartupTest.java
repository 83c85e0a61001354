package dev.datomickit.example.users;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import dev.datomickit.core.Forks;
import dev.datomickit.core.Tx;
import dev.datomickit.migrations.MigrationException;
import dev.datomickit.migrations.MigrationReport;
import dev.datomickit.migrations.MigrationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The start sequence: schema ensured, then migrations; quiet when there is nothing to do. */
@UsersDatabase
class StartupTest {

    static final List<String> MIGRATIONS = List.of("2026-11-20 install lowercase-emails", "2026-11-20 lowercase emails");

    @Test
    void aFirstStartOnAnEmptyDatabaseInstallsTheSchemaAndRunsEveryMigration() {
        Connection empty = Forks.mock();

        try (RunningService running = RunningService.start(empty)) {
            Startup.Report startup = running.service.startup();

            assertThat(startup.schema().isUpToDate()).isFalse();
            assertThat(Model.SCHEMA.diff(empty.db()).isUpToDate()).isTrue();
            assertThat(startup.migrations().applied()).containsExactlyElementsOf(MIGRATIONS);
            assertThat(running.get("/users").body()).isEqualTo("[]");
        }
        assertThat(Migrations.MIGRATOR.status(empty.db()).pending()).isEmpty();
    }

    @Test
    void theFirstStartLowerCasesTheEmailsStoredBeforeTheServiceNormalizedThem(Connection conn) {
        assertThat(conn.db()).entity("user/id", Fixtures.BOB).has("user/email", "Bob@Example.com");

        try (RunningService running = RunningService.start(conn)) {
            assertThat(running.service.startup().schema().isUpToDate()).isTrue();
            assertThat(running.service.startup().migrations().applied()).containsExactlyElementsOf(MIGRATIONS);
            assertThat(running.get("/users/" + Fixtures.BOB).body()).contains("\"email\":\"bob@example.com\"");
        }
        assertThat(conn.db()).entity("user/id", Fixtures.BOB).has("user/email", "bob@example.com");
        assertThat(conn.db()).entity("user/id", Fixtures.ALICE).has("user/email", "alice@example.com");
    }

    @Test
    void aSecondStartIssuesNoTransactionAtAll(Connection conn) {
        RunningService.start(conn).close();
        long basisT = conn.db().basisT();
        AtomicInteger transactions = new AtomicInteger();

        try (RunningService again = RunningService.start(InterceptedConnection.counting(conn, transactions))) {
            assertThat(again.service.startup().transactions()).isZero();
            assertThat(again.service.startup().migrations().isEmpty()).isTrue();
            assertThat(again.service.startup().schema().isUpToDate()).isTrue();
        }
        assertThat(transactions).hasValue(0);
        assertThat(conn.db().basisT()).isEqualTo(basisT);
    }

    @Test
    void instancesStartingTogetherApplyEachMigrationOnce(Connection conn) throws Exception {
        int instances = 4;
        CyclicBarrier together = new CyclicBarrier(instances);
        ExecutorService starters = Executors.newFixedThreadPool(instances);
        List<RunningService> running = new ArrayList<>();
        try {
            List<Future<RunningService>> started = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                started.add(starters.submit(() -> {
                    together.await();
                    return RunningService.start(conn);
                }));
            }
            for (Future<RunningService> service : started) {
                running.add(service.get());
            }

            for (String migration : MIGRATIONS) {
                assertThat(running).as(migration).filteredOn(r -> r.service.startup().migrations().applied().contains(migration))
                        .hasSize(1);
                assertThat(running).as(migration).allSatisfy(r -> assertThat(r.service.startup().migrations().entries())
                        .filteredOn(e -> e.name().equals(migration))
                        .allSatisfy(e -> assertThat(e.outcome()).isIn(MigrationReport.Outcome.APPLIED,
                                MigrationReport.Outcome.APPLIED_BY_ANOTHER_PEER)));
            }
            assertThat(running).allSatisfy(r -> assertThat(r.get("/users/" + Fixtures.BOB).body())
                    .contains("\"email\":\"bob@example.com\""));
        } finally {
            running.forEach(RunningService::close);
            starters.shutdownNow();
        }
        assertThat(Migrations.MIGRATOR.status(conn.db()).entries()).extracting(MigrationStatus.Entry::state)
                .containsOnly(MigrationStatus.State.APPLIED);
    }

    @Test
    void emailsThatDifferOnlyByCaseStopTheStartNamingThemAndNothingOfThatMigrationIsWritten(Connection conn) {
        Tx.transact(conn, Tx.data(Tx.entity().set("user/id", UUID.randomUUID()).set("user/email", "bob@example.com")
                .set("user/name", "Robert")));

        assertThatThrownBy(() -> RunningService.start(conn))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("Migration \"2026-11-20 lowercase emails\" failed")
                .hasMessageContaining("Cannot lower-case emails: these differ only by case, and :user/email is unique:"
                        + " ((\"Bob@Example.com\" \"bob@example.com\")). Merge or rename those users first.");
        assertThat(conn.db()).entity("user/id", Fixtures.BOB).has("user/email", "Bob@Example.com");
        assertThat(Migrations.MIGRATOR.status(conn.db()).pending()).containsExactly("2026-11-20 lowercase emails");
    }
}
