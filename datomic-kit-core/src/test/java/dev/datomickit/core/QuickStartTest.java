package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;

import clojure.lang.Keyword;
import datomic.Connection;
import datomic.Entity;
import datomic.Peer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The root README's quick start, compiled and run exactly as shown there. */
class QuickStartTest {

    private static final String URI = "datomic:mem://quick-start";

    @AfterEach
    void deleteDatabase() {
        Peer.deleteDatabase(URI);
    }

    @Test
    void quickStart() {
        // snippet:quick-start
        Peer.createDatabase("datomic:mem://quick-start");
        Connection conn = Peer.connect("datomic:mem://quick-start");

        Keyword one = Kw.of("db.cardinality/one");
        Tx.transact(conn, Tx.data(
                Tx.entity().set("db/ident", Kw.of("user/email")).set("db/valueType", Kw.of("db.type/string"))
                        .set("db/cardinality", one).set("db/unique", Kw.of("db.unique/identity")),
                Tx.entity().set("db/ident", Kw.of("user/name")).set("db/valueType", Kw.of("db.type/string"))
                        .set("db/cardinality", one)));

        TxResult result = Tx.transact(conn, Tx.data(
                Tx.entity("alice").set("user/email", "alice@example.com").set("user/name", "Alice")));
        long aliceId = result.id("alice");

        Entity alice = Entities.get(conn.db(), "user/email", "alice@example.com");
        String name = (String) alice.get(":user/name"); // "Alice"

        Keyword error = null;
        try {
            Tx.transact(conn, Tx.data(Tx.add(aliceId, "user/nickname", "Al")));
        } catch (TransactionException e) {
            error = e.error().orElseThrow(); // :db.error/not-an-entity, and nothing was written
        }
        // end-snippet:quick-start

        assertThat(name).isEqualTo("Alice");
        assertThat(alice.get(":db/id")).isEqualTo(aliceId);
        assertThat(Entities.withAttribute(conn.db(), "user/email")).hasSize(1);
        assertThat(conn.db().entity(aliceId).get(":user/nickname")).isNull();
        assertThat(error).isEqualTo(Kw.of("db.error/not-an-entity"));
        assertThat(conn.db().basisT()).isEqualTo(result.t());
    }
}
