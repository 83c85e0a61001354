package dev.datomickit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark pair does the same work, so that its ratio compares like with like: called
 * directly (not through JMH), on a small scale, the variants end with the same data.
 */
class FairComparisonTest {

    private static final String USERS_QUERY = "[:find ?email ?name ?age :where [?u :user/email ?email]"
            + " [?u :user/name ?name] [?u :user/age ?age]]";

    @Test
    void forkSetupVariantsHoldTheSameSchemaAndFixture() throws Exception {
        ForkSetupBench bench = new ForkSetupBench();
        bench.users = 300;
        bench.setUp();
        ForkSetupBench.MemDatabases databases = new ForkSetupBench.MemDatabases();

        Database forked = bench.kitFork().db();
        Database fresh = bench.memDatabase(databases).db();

        try {
            Collection<List<Object>> users = Peer.q(USERS_QUERY, forked);
            assertThat(users).hasSize(300).containsExactlyInAnyOrderElementsOf(Peer.q(USERS_QUERY, fresh));
            assertThat(forked.attribute(":user/email").unique()).isEqualTo(fresh.attribute(":user/email").unique());
        } finally {
            databases.deleteAll();
        }
    }

    @Test
    void transactVariantsWriteTheSameUsers() throws Exception {
        TransactBench bench = new Transact1Thread();
        TransactBench.SchemaDb schema = new TransactBench.SchemaDb();
        schema.setUp();
        TransactBench.ForkState fork = new TransactBench.ForkState();
        fork.setUp(schema);
        TransactBench.FloorState floor = new TransactBench.FloorState();
        floor.setUp(schema);
        TransactBench.MemState mem = new TransactBench.MemState();
        mem.setUp();

        TransactBench.NewUsers forUsers = new TransactBench.NewUsers();
        TransactBench.NewUsers forFloor = new TransactBench.NewUsers();
        TransactBench.NewUsers forMem = new TransactBench.NewUsers();
        Map<?, ?> last = null;
        for (int i = 0; i < 50; i++) {
            last = bench.kitFork(fork, forUsers);
            bench.floorWith(floor, forFloor);
            bench.memConnection(mem, forMem);
        }

        try {
            String emails = "[:find ?email ?name :where [?u :user/email ?email] [?u :user/name ?name]]";
            Collection<List<Object>> written = Peer.q(emails, fork.conn.db());
            assertThat(written).hasSize(50)
                    .containsExactlyInAnyOrderElementsOf(Peer.q(emails, floor.db))
                    .containsExactlyInAnyOrderElementsOf(Peer.q(emails, mem.conn.db()));
            assertThat(new java.util.ArrayList<Object>(last.keySet())).containsExactlyInAnyOrder(
                    Connection.DB_BEFORE, Connection.DB_AFTER, Connection.TX_DATA, Connection.TEMPIDS);
        } finally {
            mem.tearDown();
        }
    }

    @Test
    void clientizerVariantsWriteTheSameJson() throws Exception {
        ClientizerBench bench = new ClientizerBench();
        bench.setUp();

        String kit = bench.kitClientizer();

        assertThat(bench.ids).hasSize(ClientizerBench.COMMENTS);
        assertThat(bench.handWrittenPullLoop()).isEqualTo(kit);
        assertThat(bench.handWrittenPullMany()).isEqualTo(kit);
        assertThat(kit).startsWith("[{\"id\":\"00000000-0000-0003-0000-000000000000\",\"content\":\"Comment number 0")
                .contains("\"createdAt\":\"2024-01-01T00:00:00Z\",\"status\":\"hidden\"")
                .contains("\"author\":{\"id\":\"00000000-0000-0001-0000-000000000000\",\"name\":\"User 0\"}")
                .doesNotContain("$2a$12$");
        assertThat(bench.floorPullManyOnly()).asList().hasSize(ClientizerBench.COMMENTS);
    }

    @Test
    void migrateVariantsBothLeaveTheUpToDateDatabaseUnchanged() throws Exception {
        MigrateBench bench = new MigrateBench();
        bench.migrations = 40;
        bench.install();
        try {
            long t = bench.conn.db().basisT();

            assertThat(bench.kitMigrate().isEmpty()).isTrue();
            assertThat(bench.transactEachAnyway()).as("every migration refused by the transactor").isEqualTo(41);

            assertThat(bench.conn.db().basisT()).isEqualTo(t);
            assertThat(bench.conn.log().txRange(t + 1, null)).isEmpty();
            assertThat(bench.migrator.status(bench.conn.db()).entries()).hasSize(41);
            assertThat(bench.migrator.status(bench.conn.db()).isUpToDate()).isTrue();
        } finally {
            bench.delete();
        }
    }
}
