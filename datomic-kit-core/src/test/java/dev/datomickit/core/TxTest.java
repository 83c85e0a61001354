package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import datomic.Connection;
import datomic.Database;
import datomic.Entity;
import datomic.Peer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TxTest {

    private final Connection conn = TestDatabases.withSchema();

    @Test
    void buildsPlainStatements() {
        assertThat(Tx.add("alice", "user/name", "Alice"))
                .containsExactly(Kw.of("db/add"), "alice", Kw.of("user/name"), "Alice");
        assertThat(Tx.retract(42L, Kw.of("user/name"), "Alice"))
                .containsExactly(Kw.of("db/retract"), 42L, Kw.of("user/name"), "Alice");
        assertThat(Tx.retractEntity(Tx.lookup("user/email", "a@example.com")))
                .containsExactly(Kw.of("db/retractEntity"), List.of(Kw.of("user/email"), "a@example.com"));
        assertThat(Tx.cas(42, "account/balance", null, 10L))
                .containsExactly(Kw.of("db/cas"), 42L, Kw.of("account/balance"), null, 10L);
        assertThat(Tx.call("account/transfer", 1L, 2L, 10L))
                .containsExactly(Kw.of("account/transfer"), 1L, 2L, 10L);
    }

    @Test
    void entityBuilderKeepsIdFirstAndAttributesInOrder() {
        TxEntity alice = Tx.entity("alice").set("user/email", "a@example.com").setIfNotNull("user/name", null)
                .set(Kw.of("user/age"), 33L);

        assertThat(alice.id()).isEqualTo("alice");
        assertThat(alice.toMap()).containsExactly(
                entry(Kw.of("db/id"), "alice"), entry(Kw.of("user/email"), "a@example.com"), entry(Kw.of("user/age"), 33L));
        assertThat(alice).hasToString("{:db/id \"alice\", :user/email \"a@example.com\", :user/age 33}");
        assertThat(Tx.entity().id()).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void transactsEntitiesAndResolvesTempidsByName() {
        TxResult result = Tx.transact(conn, Tx.data(
                Tx.entity("alice").set("user/email", "alice@example.com").set("user/name", "Alice")
                        .set("user/roles", Set.of(Kw.of("role/admin"), Kw.of("role/editor")))
                        .set("user/address", Tx.entity().set("address/city", "Lyon")),
                Tx.entity("bob").set("user/email", "bob@example.com").set("user/friends", List.of("alice"))));

        Entity alice = result.entity("alice");
        assertThat(alice.get(":user/name")).isEqualTo("Alice");
        assertThat((Set<Object>) alice.get(":user/roles")).containsExactlyInAnyOrder(Kw.of("role/admin"), Kw.of("role/editor"));
        assertThat(((Entity) alice.get(":user/address")).get(":address/city")).isEqualTo("Lyon");
        Entity bob = result.entity("bob");
        assertThat((Set<?>) bob.get(":user/friends")).extracting(e -> ((Entity) e).get(":db/id"))
                .containsExactly(result.id("alice"));
        assertThat(result.dbBefore().entity(result.id("alice")).keySet()).isEmpty();
        assertThat(conn.db().basisT()).isEqualTo(result.t());
    }

    @Test
    void writesThroughLookupRefsRetractionsAndRetractEntity() {
        Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "carol@example.com").set("user/name", "Carol")
                .set("user/address", Tx.entity().set("address/city", "Oslo"))));
        Object carol = Tx.lookup("user/email", "carol@example.com");

        Tx.transact(conn, Tx.data(Tx.add(carol, "user/age", 40L)));
        assertThat(Entities.get(conn.db(), "user/email", "carol@example.com").get(":user/age")).isEqualTo(40L);

        Tx.transact(conn, Tx.data(Tx.retract(carol, "user/age", 40L)));
        assertThat(Entities.get(conn.db(), "user/email", "carol@example.com").get(":user/age")).isNull();

        Tx.transact(conn, Tx.data(Tx.add(carol, "user/roles", Kw.of("role/a")), Tx.add(carol, "user/roles", Kw.of("role/b"))));
        Tx.transact(conn, Tx.data(Tx.retract(carol, "user/roles")));
        assertThat(Entities.get(conn.db(), "user/email", "carol@example.com").get(":user/roles")).isNull();

        TxResult retracted = Tx.transact(conn, Tx.data(Tx.retractEntity(carol)));
        assertThat(Entities.find(conn.db(), "user/email", "carol@example.com")).isEmpty();
        // The component address went with its owner.
        assertThat(Entities.withAttribute(conn.db(), "address/city")).isEmpty();
        assertThat(retracted.txData()).filteredOn(d -> !d.added()).hasSize(4);
    }

    @Test
    void casSucceedsOnlyFromTheExpectedValue() {
        long account = Tx.transact(conn, Tx.data(Tx.entity("a").set("account/number", "A-1"))).id("a");

        Tx.transact(conn, Tx.data(Tx.cas(account, "account/balance", null, 100L)));
        Tx.transact(conn, Tx.data(Tx.cas(account, "account/balance", 100L, 70L)));

        assertThatThrownBy(() -> Tx.transact(conn, Tx.data(Tx.cas(account, "account/balance", 100L, 0L))))
                .isInstanceOfSatisfying(TransactionException.class,
                        e -> assertThat(e.is("db.error/cas-failed")).isTrue())
                .hasMessageContaining("Compare failed: 100 70");
        assertThat(conn.db().entity(account).get(":account/balance")).isEqualTo(70L);
    }

    @Test
    void callsTransactionFunctions() {
        TxResult accounts = Tx.transact(conn, Tx.data(
                Tx.entity("a").set("account/number", "A-1").set("account/balance", 100L),
                Tx.entity("b").set("account/number", "B-1")));

        Tx.transact(conn, Tx.data(Tx.call("account/transfer", accounts.id("a"), accounts.id("b"), 30L)));

        Database db = conn.db();
        assertThat(db.entity(accounts.id("a")).get(":account/balance")).isEqualTo(70L);
        assertThat(db.entity(accounts.id("b")).get(":account/balance")).isEqualTo(30L);
    }

    @Test
    void withAppliesSpeculativelyAndLeavesTheConnectionUnchanged() {
        Database before = conn.db();

        TxResult speculative = Tx.with(before, Tx.data(Tx.entity("dave").set("user/email", "dave@example.com")));

        assertThat(speculative.entity("dave").get(":user/email")).isEqualTo("dave@example.com");
        assertThat(Entities.find(conn.db(), "user/email", "dave@example.com")).isEmpty();
        assertThat(conn.db().basisT()).isEqualTo(before.basisT());
    }

    @Test
    @SuppressWarnings("unchecked")
    void widensIntValuesToLongBecauseDatomicKeepsThemAsGiven() {
        assertThat(Tx.add("a", "user/age", 33)).element(3).isEqualTo(33L);
        assertThat(Tx.entity("a").set("user/age", (short) 7).toMap()).containsEntry(Kw.of("user/age"), 7L);
        assertThat((List<Object>) Tx.entity("a").set("user/friends", List.of(1, 2)).toMap().get(Kw.of("user/friends")))
                .containsExactly(1L, 2L);

        TxResult result = Tx.transact(conn, Tx.data(Tx.entity("a").set("user/email", "int@example.com").set("user/age", 33)));

        assertThat(result.entity("a").get(":user/age")).isInstanceOf(Long.class).isEqualTo(33L);
    }

    @Test
    void acceptsDatomicTempidObjects() {
        Object tempid = Peer.tempid(":db.part/user");

        TxResult result = Tx.transact(conn, Tx.data(Tx.entity(tempid).set("user/email", "erin@example.com")));

        assertThat(result.entity(tempid).get(":user/email")).isEqualTo("erin@example.com");
    }

    @Test
    void rejectsNullsAndUnsupportedInputNamingTheProblem() {
        assertThatThrownBy(() -> Tx.add("alice", "user/name", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Tx.add: value of :user/name is null");
        assertThatThrownBy(() -> Tx.add(null, "user/name", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Tx.add: the entity is null");
        assertThatThrownBy(() -> Tx.add(3.5, "user/name", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Tx.add: unsupported entity float 3.5");
        assertThatThrownBy(() -> Tx.entity("alice").set("user/name", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Value of :user/name is null in Tx.entity(\"alice\")");
        assertThatThrownBy(() -> Tx.entity("alice").set("db/id", 12L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Tx.entity(id)");
        assertThatThrownBy(() -> Tx.entity(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tx.lookup("user/email", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Tx.lookup: value of :user/email is null");
        assertThatThrownBy(() -> Tx.cas(1L, "account/balance", 1L, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("new value of :account/balance");
        assertThatThrownBy(() -> Tx.add("alice", "user name", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Malformed keyword \"user name\"");
        assertThatThrownBy(() -> Tx.data(Tx.add("a", "user/name", "A"), "oops"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Statement 1 of the transaction data is string \"oops\";"
                        + " expected a map, a list or a Tx.entity(…) builder");
    }

    @Test
    void dataOfCollectsAStreamOfBuilders() {
        List<Object> data = Tx.dataOf(List.of("a", "b", "c").stream()
                .map(name -> Tx.entity(name).set("user/email", name + "@example.com")).toList());

        TxResult result = Tx.transact(conn, data);

        assertThat(Entities.withAttribute(result.dbAfter(), "user/email")).hasSize(3);
        assertThat(data).allSatisfy(statement -> assertThat(statement).isInstanceOf(Map.class));
    }

    @Test
    void transactAcceptsATxSource() {
        TxSource fixtures = TxSource.of(Tx.data(Tx.entity().set("user/email", "f@example.com")));

        Tx.transact(conn, fixtures);

        assertThat(Entities.find(conn.db(), "user/email", "f@example.com")).isPresent();
        assertThat(TxSource.of(fixtures.txData())).isEqualTo(fixtures).hasSameHashCodeAs(fixtures);
    }
}
