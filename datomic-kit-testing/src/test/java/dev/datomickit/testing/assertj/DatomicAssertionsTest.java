package dev.datomickit.testing.assertj;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThatThrownBy;

import datomic.Connection;
import datomic.Database;
import datomic.Entity;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxResult;
import dev.datomickit.testing.StartingPoint;
import dev.datomickit.testing.guide.SampleUsers;
import dev.datomickit.testing.guide.UsersSchema;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatomicAssertionsTest {

    private static final StartingPoint USERS = StartingPoint.ofClasses(UsersSchema.class, SampleUsers.class);

    private final Connection conn = USERS.fork();
    private final Database db = conn.db();
    private final Entity alice = Entities.get(db, "user/email", "alice@example.com");
    private final Entity bob = Entities.get(db, "user/email", "bob@example.com");
    private final long aliceId = (Long) alice.get(":db/id");
    private final long bobId = (Long) bob.get(":db/id");

    @Test
    void databaseAssertionsPassOnWhatIsThere() {
        assertThat(db).hasEntity("user/email", "alice@example.com")
                .hasNoEntity("user/email", "mallory@example.com");
        assertThat(db).entity("user/email", "bob@example.com").has("user/name", "Bob");
        assertThat(db).entity(aliceId).has("user/email", "alice@example.com");
        assertThat(db).entity(Tx.lookup("user/email", "bob@example.com")).has("user/manager", aliceId);
        assertThat(db).query("[:find ?name :where [_ :user/name ?name]]")
                .containsExactlyInAnyOrder(List.of("Alice"), List.of("Bob"));
        assertThat(db).query("[:find ?e :in $ ?email :where [?e :user/email ?email]]", "bob@example.com")
                .containsExactly(List.of(bobId));
        assertThat(db).queryValue("[:find (count ?e) . :where [?e :user/email]]").isEqualTo(2);
        assertThat(List.of(1, 2)).hasSize(2); // the plain AssertJ entry points come with the same import
    }

    @Test
    void entityAssertionsReadExpectationsAsTransactionDataWould() {
        assertThat(bob).has("user/name", "Bob")
                .has("user/manager", aliceId)                                   // entity id
                .has("user/manager", Tx.lookup("user/email", "alice@example.com")) // lookup ref
                .has("user/manager", alice)                                     // entity
                .hasAttribute("user/manager")
                .doesNotHave("user/roles");
        assertThat(alice).has("user/roles", Set.of(Kw.of("role/admin")))
                .has(Kw.of("user/roles"), List.of(Kw.of("role/admin")));
    }

    @Test
    void aWrongValueShowsTheEntitysAttributes() {
        assertThatThrownBy(() -> assertThat(bob).has("user/name", "Robert"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected entity " + bobId + " to have :user/name \"Robert\" but it has \"Bob\".\n"
                        + "Its attributes: {:db/id " + bobId + ", :user/email \"bob@example.com\", :user/manager {:db/id "
                        + aliceId + "}, :user/name \"Bob\"}");
        assertThatThrownBy(() -> assertThat(bob).has("user/roles", Set.of(Kw.of("role/admin"))))
                .hasMessageStartingWith("Expected entity " + bobId + " to have :user/roles #{:role/admin} but it has no"
                        + " :user/roles.\nIts attributes: {:db/id " + bobId);
        assertThatThrownBy(() -> assertThat(alice).has("user/roles", Set.of(Kw.of("role/admin"), Kw.of("role/owner"))))
                .hasMessageStartingWith("Expected entity " + aliceId + " to have :user/roles #{:role/admin :role/owner}"
                        + " but it has #{:role/admin}.");
        assertThatThrownBy(() -> assertThat(bob).has("user/manager", Tx.lookup("user/email", "nobody@example.com")))
                .hasMessageStartingWith("Expected entity " + bobId + " to have :user/manager [:user/email \"nobody@example.com\"]"
                        + " but it has {:db/id " + aliceId + "}.");
        assertThatThrownBy(() -> assertThat(alice).hasAttribute("user/manager"))
                .hasMessage("Expected entity " + aliceId + " to have :user/manager but it has none.\nIts attributes: {:db/id "
                        + aliceId + ", :user/email \"alice@example.com\", :user/name \"Alice\", :user/roles #{:role/admin}}");
        assertThatThrownBy(() -> assertThat(bob).doesNotHave("user/name"))
                .hasMessageStartingWith("Expected entity " + bobId + " to have no :user/name but it has \"Bob\".\nIts attributes:");
    }

    @Test
    void misuseIsAnErrorNotAFailure() {
        assertThatThrownBy(() -> assertThat(bob).has("user/nickname", "B"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown attribute :user/nickname: it is not installed in this database");
        assertThatThrownBy(() -> assertThat(bob).has("user/name", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expected value of :user/name is null; use doesNotHave(\"user/name\") to assert that the entity has none");
        assertThatThrownBy(() -> assertThat(alice).has("user/roles", Kw.of("role/admin")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(":user/roles is cardinality many: pass all its expected values as a collection, not :role/admin");
    }

    @Test
    void missingAndUnexpectedEntitiesShowWhatIsThere() {
        assertThatThrownBy(() -> assertThat(db).hasEntity("user/email", "carol@example.com"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected an entity with :user/email \"carol@example.com\" but there is none;"
                        + " :user/email holds \"alice@example.com\", \"bob@example.com\"");
        assertThatThrownBy(() -> assertThat(db).hasNoEntity("user/email", "alice@example.com"))
                .hasMessage("Expected no entity with :user/email \"alice@example.com\" but found {:db/id " + aliceId
                        + ", :user/email \"alice@example.com\", :user/name \"Alice\", :user/roles #{:role/admin}}");
        assertThatThrownBy(() -> assertThat(db).entity(Tx.lookup("user/email", "zed@example.com")))
                .hasMessage("Expected entity [:user/email \"zed@example.com\"] to exist but it names no entity (basis t "
                        + db.basisT() + ")");
        assertThatThrownBy(() -> assertThat(db).entity(123456789L))
                .hasMessage("Expected entity 123456789 to exist but entity 123456789 has no attributes (basis t "
                        + db.basisT() + ")");
        assertThatThrownBy(() -> assertThat(StartingPoint.ofClasses(UsersSchema.class).db()).hasEntity("user/email", "x"))
                .hasMessageEndingWith("but there is none; no entity has :user/email");
    }

    @Test
    void queryResultsFailWithTheQueryNamed() {
        assertThatThrownBy(() -> assertThat(db).query("[:find ?name :where [_ :user/name ?name]]").containsExactly(List.of("Zed")))
                .hasMessageContaining("[rows of \"[:find ?name :where [_ :user/name ?name]]\"]");
        assertThatThrownBy(() -> assertThat(db).query("[:find ?name . :where [_ :user/name ?name]]"))
                .hasMessageStartingWith("Query \"[:find ?name . :where [_ :user/name ?name]]\" returned \"")
                .hasMessageEndingWith(", not a set of rows; use queryValue(…) for a scalar, collection or tuple find spec");
    }

    @Test
    void transactionAssertionsFindTheDatoms() {
        TxResult created = Tx.transact(conn, Tx.data(
                Tx.entity("carol").set("user/email", "carol@example.com").set("user/manager", "dave"),
                Tx.entity("dave").set("user/email", "dave@example.com")));
        TxResult renamed = Tx.transact(conn, Tx.data(Tx.add(bobId, "user/name", "Robert")));

        assertThat(created).added("carol", "user/email", "carol@example.com")
                .added("carol", "user/manager", "dave")                                 // tempid value
                .added(Tx.lookup("user/email", "carol@example.com"), "user/manager", created.id("dave"));
        assertThat(renamed).added(bobId, "user/name", "Robert")
                .retracted(Tx.lookup("user/email", "bob@example.com"), "user/name", "Bob");
    }

    @Test
    void aMissingDatomListsTheDatomsTheTransactionWrote() {
        TxResult renamed = Tx.transact(conn, Tx.data(Tx.add(bobId, "user/name", "Robert")));
        long tx = renamed.tx();

        assertThatThrownBy(() -> assertThat(renamed).added(Tx.lookup("user/email", "bob@example.com"), "user/name", "Rob"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected transaction " + tx + " to add [[:user/email \"bob@example.com\"] (" + bobId
                        + ") :user/name \"Rob\"] but it did not. Its datoms:\n  [" + tx + " :db/txInstant #inst \"")
                .hasMessageContaining("\n  [" + bobId + " :user/name \"Robert\" " + tx + " true]")
                .hasMessageContaining("\n  [" + bobId + " :user/name \"Bob\" " + tx + " false]");
        assertThatThrownBy(() -> assertThat(renamed).retracted(bobId, "user/name", "Robert"))
                .hasMessageStartingWith("Expected transaction " + renamed.tx() + " to retract [" + bobId + " :user/name"
                        + " \"Robert\"] but it did not.");
        assertThatThrownBy(() -> assertThat(renamed).added("bob", "user/name", "Robert"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Tempid \"bob\" was not resolved by this transaction");
    }
}
