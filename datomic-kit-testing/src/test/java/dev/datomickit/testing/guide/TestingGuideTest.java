package dev.datomickit.testing.guide;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;

import datomic.Connection;
import datomic.Database;
import datomic.Entity;
import datomic.Peer;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Forks;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxResult;
import dev.datomickit.core.TxSource;
import dev.datomickit.testing.StartingPoint;
import dev.datomickit.testing.junit.DatomicTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The remaining examples of {@code docs/testing.md}, run as tests. */
@DatomicTest(fixtures = {UsersSchema.class, SampleUsers.class})
class TestingGuideTest {

    @Test
    void assertions(Connection conn) {
        // snippet:assertions
        TxResult result = Tx.transact(conn, Tx.data(
                Tx.entity("carol").set("user/email", "carol@example.com").set("user/manager", Tx.lookup("user/email", "bob@example.com"))));
        Database db = conn.db();

        assertThat(db).hasEntity("user/email", "carol@example.com")          // by a unique attribute
                .hasNoEntity("user/email", "mallory@example.com");
        assertThat(db).entity("user/email", "alice@example.com")
                .has("user/name", "Alice")
                .has("user/roles", Set.of(Kw.of("role/admin")))                // cardinality many: all values
                .doesNotHave("user/manager");
        assertThat(db).entity("user/email", "carol@example.com")
                .has("user/manager", Tx.lookup("user/email", "bob@example.com")); // refs as in tx data
        assertThat(db).query("[:find ?name :where [?e :user/manager] [?e :user/name ?name]]")
                .containsExactly(List.of("Bob"));                               // carol has no name
        assertThat(db).queryValue("[:find (count ?e) . :where [?e :user/email]]").isEqualTo(3);
        assertThat(result).added("carol", "user/email", "carol@example.com"); // tempids of the transaction
        // end-snippet:assertions
    }

    @Test
    void failureMessages(Connection conn) {
        Entity bob = Entities.get(conn.db(), "user/email", "bob@example.com");
        Object alice = Entities.get(conn.db(), "user/email", "alice@example.com").get(":db/id");
        String message = catchMessage(() -> assertThat(bob).has("user/name", "Robert"));
        assertThat(message).isEqualTo("Expected entity " + bob.get(":db/id") + " to have :user/name \"Robert\" but it has"
                + " \"Bob\".\nIts attributes: {:db/id " + bob.get(":db/id") + ", :user/email \"bob@example.com\","
                + " :user/manager {:db/id " + alice + "}, :user/name \"Bob\"}");
    }

    @Test
    void startingPoints() {
        // snippet:starting-point
        StartingPoint users = StartingPoint.of(new UsersSchema(), TxSource.of(Tx.data(
                Tx.entity().set("user/email", "zoe@example.com").set("user/name", "Zoe"))));

        Connection first = users.fork();   // builds the database (once), then forks it
        Connection second = users.fork();  // forks the cached database: microseconds
        Tx.transact(first, Tx.data(Tx.entity().set("user/email", "yan@example.com")));

        Database untouched = second.db();  // no yan: forks never see each other's writes
        StartingPoint longLived = users.withTtl(Duration.ofMinutes(10)); // the default is 5 seconds
        // end-snippet:starting-point

        assertThat(untouched).hasEntity("user/email", "zoe@example.com").hasNoEntity("user/email", "yan@example.com");
        assertThat(longLived.ttl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void forksOfARealConnection() {
        String uri = "datomic:mem://guide-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        Tx.transact(Peer.connect(uri), new UsersSchema());
        // snippet:fork-connection
        Connection shared = Peer.connect(uri);          // say, a copy of production
        Connection rehearsal = Forks.fork(shared);      // O(1): nothing is copied

        Tx.transact(rehearsal, Tx.data(Tx.entity().set("user/email", "trial@example.com")));

        boolean inRehearsal = Entities.find(rehearsal.db(), "user/email", "trial@example.com").isPresent(); // true
        boolean inShared = Entities.find(shared.db(), "user/email", "trial@example.com").isPresent();       // false
        // end-snippet:fork-connection
        assertThat(inRehearsal).isTrue();
        assertThat(inShared).isFalse();
    }

    @Test
    void clocks() {
        // snippet:clock
        Connection conn = Forks.mock(Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC));
        TxResult result = Tx.transact(conn, new UsersSchema());

        Object instant = result.dbAfter().entity(result.tx()).get(":db/txInstant"); // 2024-06-01T12:00:00Z, every run
        // end-snippet:clock
        assertThat(instant).isEqualTo(Date.from(Instant.parse("2024-06-01T12:00:00Z")));
    }

    private static String catchMessage(Runnable assertion) {
        try {
            assertion.run();
        } catch (AssertionError e) {
            return e.getMessage();
        }
        throw new AssertionError("the assertion passed");
    }
}
