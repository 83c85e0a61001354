package dev.datomickit.schema;

import static dev.datomickit.core.ValueType.LONG;
import static dev.datomickit.core.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.Kw;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Schema#ensure}: one transaction for what is missing, none when the database is up to date,
 * and several peers ensuring at once all succeed. Transactions are counted in the database's log.
 */
class SchemaEnsureTest {

    private static int transactions(Connection conn) {
        int count = 0;
        for (Map<?, ?> ignored : conn.log().txRange(null, null)) {
            count++;
        }
        return count;
    }

    @Test
    void aFreshDatabaseGetsTheWholeSchemaInOneTransaction() {
        Connection conn = TestDatabases.empty();
        int before = transactions(conn);

        SchemaDiff applied = Schemas.USERS.ensure(conn);

        assertThat(transactions(conn)).isEqualTo(before + 1);
        assertThat(applied.transaction()).isPresent();
        assertThat(applied.changes()).hasSize(Schemas.USERS.txData().size());
        assertThat(Schema.read(conn.db())).isEqualTo(Schemas.USERS);
    }

    @Test
    void anUpToDateDatabaseGetsNoTransactionAtAll() {
        Connection conn = TestDatabases.empty();
        Schemas.USERS.ensure(conn);
        long basis = conn.db().basisT();
        int logged = transactions(conn);

        for (int i = 0; i < 10; i++) {
            SchemaDiff diff = Schemas.USERS.ensure(conn);
            assertThat(diff.isUpToDate()).isTrue();
            assertThat(diff.transaction()).isEmpty();
        }

        assertThat(conn.db().basisT()).isEqualTo(basis);
        assertThat(transactions(conn)).isEqualTo(logged);
    }

    @Test
    void naivelyReTransactingTheSchemaAddsATransactionEachTime() {
        Connection conn = TestDatabases.empty();
        Tx.transact(conn, Schemas.USERS);
        int logged = transactions(conn);

        Tx.transact(conn, Schemas.USERS);
        Tx.transact(conn, Schemas.USERS);

        assertThat(transactions(conn)).isEqualTo(logged + 2);
        assertThat(Schemas.USERS.diff(conn.db()).isUpToDate()).isTrue();
    }

    @Test
    void onlyTheDeltaIsTransacted() {
        Connection conn = TestDatabases.empty();
        Schema v1 = Schema.builder().namespace("user", u -> u.attr("email", STRING).identity()).build();
        Schema v2 = Schema.builder().include(v1).namespace("user", u -> u.attr("age", LONG)).build();
        v1.ensure(conn);

        SchemaDiff applied = v2.ensure(conn);

        // The new attribute's four datoms (ident, type, cardinality, install) and the transaction's instant.
        assertThat(applied.transaction().orElseThrow().txData()).hasSize(5);
        assertThat(Schema.read(conn.db())).isEqualTo(v2);
    }

    @Test
    void peersEnsuringTheSameSchemaAtOnceAllSucceed() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 10; round++) {
                String uri = TestDatabases.emptyUri();
                Schema v1 = Schemas.USERS;
                Schema v2 = v2Of(v1);
                ensureConcurrently(pool, threads, uri, v1);
                ensureConcurrently(pool, threads, uri, v2);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A later version of the schema: new attributes and alterations Datomic allows. */
    private static Schema v2Of(Schema v1) {
        return Schema.builder()
                .namespace("user", u -> {
                    u.attr("email", STRING).identity().doc("Login, lower case, trimmed");
                    u.attr("name", STRING).fulltext().doc("Display name");
                    u.attr("nickname", STRING).deprecated("use :user/name");
                    u.attr("age", LONG);
                    u.attr("roles", dev.datomickit.core.ValueType.KEYWORD).many().index();
                    u.enumeration("status", "active", "suspended", "closed");
                    u.attr("friends", dev.datomickit.core.ValueType.REF).many();
                    u.attr("address", dev.datomickit.core.ValueType.REF).component();
                    u.attr("org", STRING);
                    u.composite("org+email", "org", "email").uniqueValue();
                    u.attr("scores", LONG).many();
                    u.attr("phone", STRING).uniqueValue();
                    u.entity("validate").requires("email", "name", "time/created");
                })
                .namespace("time", t -> t.attr("created", dev.datomickit.core.ValueType.INSTANT)
                        .doc("When the entity was created"))
                .namespace("address", a -> a.attr("city", STRING))
                .namespace("post", p -> {
                    p.attr("title", STRING).doc("Headline");
                    p.entity("validate").requires("title", "time/created");
                })
                .build();
    }

    private static void ensureConcurrently(ExecutorService pool, int threads, String uri, Schema schema)
            throws Exception {
        Connection conn = Peer.connect(uri);
        int before = transactions(conn);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<SchemaDiff>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                Connection peer = Peer.connect(uri);
                start.await(30, TimeUnit.SECONDS);
                return schema.ensure(peer);
            }));
        }
        int applied = 0;
        for (Future<SchemaDiff> result : results) {
            SchemaDiff diff = result.get(60, TimeUnit.SECONDS); // rethrows any failure
            applied += diff.transaction().isPresent() ? 1 : 0;
        }
        assertThat(applied).as("at least one peer installed the schema").isPositive();
        assertThat(transactions(conn)).as("each transaction was reported by the peer that made it")
                .isEqualTo(before + applied);
        assertThat(Schema.read(conn.db())).isEqualTo(schema);
        assertThat(schema.diff(conn.db()).isUpToDate()).isTrue();
    }

    @Test
    void whenDatomicRefusesTheInstallTheExceptionNamesTheAttribute() {
        Connection conn = TestDatabases.empty();
        Schema loose = Schema.builder().namespace("user", u -> {
            u.attr("email", STRING);
            u.attr("age", LONG);
        }).build();
        loose.ensure(conn);
        Schema unique = Schema.builder().namespace("user", u -> {
            u.attr("email", STRING).identity();
            u.attr("age", LONG);
            u.attr("nickname", STRING);
        }).build();
        // The diff finds no colliding emails; another writer adds two before it is transacted.
        Connection raced = RacingWriter.before(conn, List.of(
                Map.of(Kw.of("user/email"), "twin@example.com"), Map.of(Kw.of("user/email"), "twin@example.com")));

        SchemaException refused = catchThrowableOfType(SchemaException.class, () -> unique.ensure(raced));

        assertThat(refused.problems()).singleElement().satisfies(problem -> assertThat(problem)
                .startsWith(":user/email: Datomic refused the schema transaction: "));
        assertThat(refused).hasMessageContaining("nothing was written").hasCauseInstanceOf(TransactionException.class);
        assertThat(conn.db().entid(Kw.of("user/nickname"))).isNull();
    }
}
