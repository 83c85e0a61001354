package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;

import clojure.lang.Keyword;
import datomic.Connection;
import datomic.Database;
import datomic.Entity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The examples of {@code docs/core.md} and the core module README, run as tests. */
class CoreGuideTest {

    private final Connection conn = TestDatabases.withSchema();

    @Test
    void keywords() {
        // snippet:keywords
        Keyword email = Kw.of("user/email");          // :user/email
        Keyword same = Kw.of(":user/email");          // the leading colon is optional
        Keyword type = Kw.of("db.type", "string");    // :db.type/string
        boolean ok = Kw.isValid("user//email");       // false: Kw.of would say "more than one '/'"
        // end-snippet:keywords

        assertThat(email).isSameAs(same);
        assertThat(type).hasToString(":db.type/string");
        assertThat(ok).isFalse();
    }

    @Test
    void buildingTransactionData() {
        // snippet:tx-data
        List<Object> txData = Tx.data(
                Tx.entity("alice")                                   // {:db/id "alice"
                        .set("user/email", "alice@example.com")     //  :user/email "alice@example.com"
                        .set("user/roles", List.of(Kw.of("role/admin")))
                        .set("user/address", Tx.entity().set("address/city", "Lyon")), // component
                Tx.entity("bob")
                        .set("user/email", "bob@example.com")
                        .set("user/friends", List.of("alice")),    // refers to a tempid
                Tx.entity("acct").set("account/number", "A-1").set("account/balance", 100L));

        TxResult result = Tx.transact(conn, txData);
        long bob = result.id("bob");

        Tx.transact(conn, Tx.data(
                Tx.add(bob, "user/name", "Bob"),
                Tx.retract(Tx.lookup("user/email", "alice@example.com"), "user/roles", Kw.of("role/admin")),
                Tx.cas(Tx.lookup("account/number", "A-1"), "account/balance", 100L, 90L)));
        Tx.transact(conn, Tx.data(Tx.call("account/transfer", result.id("acct"), bob, 15L)));
        // end-snippet:tx-data

        Database db = conn.db();
        assertThat(db.entity(bob).get(":user/name")).isEqualTo("Bob");
        assertThat(db.entity(result.id("alice")).get(":user/roles")).isNull();
        assertThat(db.entity(result.id("acct")).get(":account/balance")).isEqualTo(75L);
        assertThat(db.entity(bob).get(":account/balance")).isEqualTo(15L);
    }

    @Test
    void handlingFailures() {
        Tx.transact(conn, Tx.data(Tx.entity().set("account/number", "A-1").set("account/balance", 10L)));
        // snippet:failures
        String answer;
        try {
            Tx.transact(conn, Tx.data(Tx.entity().set("account/number", "A-1").set("account/balance", 0L)));
            answer = "201 Created";
        } catch (TransactionException e) {
            // e.getMessage(): "Transaction of 1 statement failed: :db.error/unique-conflict Unique conflict: …"
            answer = e.is("db.error/unique-conflict") ? "409 Conflict" : "400 Bad Request";
        }
        // end-snippet:failures
        assertThat(answer).isEqualTo("409 Conflict");
    }

    @Test
    void finders() {
        Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "alice@example.com").set("user/name", "Alice")));
        Database db = conn.db();
        // snippet:finders
        Optional<Entity> maybe = Entities.find(db, "user/email", "alice@example.com");
        Entity alice = Entities.get(db, "user/email", "alice@example.com"); // EntityNotFoundException if absent
        List<Entity> users = Entities.withAttribute(db, "user/email");       // in entity id order
        // end-snippet:finders
        assertThat(maybe).contains(alice);
        assertThat(users).containsExactly(alice);
    }

    @Test
    void speculativeTransactions() {
        Database db = conn.db();
        // snippet:with
        TxResult preview = Tx.with(db, Tx.data(Tx.entity("eve").set("user/email", "eve@example.com")));
        int datoms = preview.txData().size();        // what the transaction would write
        Database after = preview.dbAfter();          // query it like any database; nothing was stored
        // end-snippet:with
        assertThat(datoms).isEqualTo(2);
        assertThat(Entities.find(after, "user/email", "eve@example.com")).isPresent();
        assertThat(Entities.find(conn.db(), "user/email", "eve@example.com")).isEmpty();
    }

    @Test
    void forks() {
        // snippet:forks
        Connection fork = Forks.fork(conn);          // conn is untouched by what follows
        Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "eve@example.com")));

        boolean inFork = Entities.find(fork.db(), "user/email", "eve@example.com").isPresent();   // true
        boolean inOrigin = Entities.find(conn.db(), "user/email", "eve@example.com").isPresent(); // false
        // end-snippet:forks
        assertThat(inFork).isTrue();
        assertThat(inOrigin).isFalse();
    }
}
