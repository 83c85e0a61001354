package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import datomic.Database;
import datomic.Entity;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntitiesTest {

    private static final Connection CONN = TestDatabases.withSchema();
    private static final TxResult SEED = Tx.transact(CONN, Tx.data(
            Tx.entity("alice").set("user/email", "alice@example.com").set("user/name", "Alice")
                    .set("user/roles", List.of(Kw.of("role/admin"), Kw.of("role/editor"), Kw.of("role/owner"))),
            Tx.entity("bob").set("user/email", "bob@example.com").set("user/name", "Bob"),
            Tx.entity("acct").set("account/number", "A-1")));

    private final Database db = SEED.dbAfter();

    @Test
    void findsByUniqueIdentityAndUniqueValue() {
        assertThat(Entities.find(db, "user/email", "alice@example.com"))
                .hasValueSatisfying(e -> assertThat(e.get(":db/id")).isEqualTo(SEED.id("alice")));
        assertThat(Entities.find(db, Kw.of("account/number"), "A-1"))
                .hasValueSatisfying(e -> assertThat(e.get(":db/id")).isEqualTo(SEED.id("acct")));
    }

    @Test
    void findIsEmptyWhenNoEntityHoldsTheValue() {
        assertThat(Entities.find(db, "user/email", "nobody@example.com")).isEmpty();
    }

    @Test
    void getThrowsNamingAttributeAndValue() {
        assertThat(Entities.get(db, "user/email", "bob@example.com").get(":user/name")).isEqualTo("Bob");
        assertThatThrownBy(() -> Entities.get(db, "user/email", "nobody@example.com"))
                .isInstanceOfSatisfying(EntityNotFoundException.class, e -> {
                    assertThat(e.attribute()).isEqualTo(Kw.of("user/email"));
                    assertThat(e.value()).isEqualTo("nobody@example.com");
                })
                .hasMessage("No entity has :user/email \"nobody@example.com\"");
    }

    @Test
    void rejectsUnknownAndNonUniqueAttributes() {
        assertThatThrownBy(() -> Entities.find(db, "user/emial", "alice@example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown attribute :user/emial: it is not installed in this database");
        assertThatThrownBy(() -> Entities.find(db, "user/name", "Alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Attribute :user/name is not unique");
        assertThatThrownBy(() -> Entities.withAttribute(db, "user/nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown attribute :user/nope");
        assertThatThrownBy(() -> Entities.find(db, "user/email", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot look up :user/email by a null value");
    }

    @Test
    void attributeReturnsTheInstalledSchemaOrNamesWhatIsMissing() {
        assertThat(Entities.attribute(db, "user/email").unique()).isEqualTo(datomic.Attribute.UNIQUE_IDENTITY);
        assertThat(Entities.attribute(db, Kw.of("user/roles")).cardinality()).isEqualTo(datomic.Attribute.CARDINALITY_MANY);
        assertThatThrownBy(() -> Entities.attribute(db, "user/emial"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown attribute :user/emial: it is not installed in this database (basis t " + db.basisT() + ")");
    }

    @Test
    void rejectsAValueOfTheWrongTypeNamingIt() {
        assertThatThrownBy(() -> Entities.find(db, "user/email", 42L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot look up :user/email 42: :user/email holds :db.type/string values, not integer values");
    }

    @Test
    void withAttributeListsEachEntityOnceInIdOrder() {
        List<Entity> users = Entities.withAttribute(db, "user/email");
        List<Entity> withRoles = Entities.withAttribute(db, "user/roles");

        assertThat(users).extracting(e -> e.get(":db/id")).containsExactly(SEED.id("alice"), SEED.id("bob"));
        assertThat(withRoles).extracting(e -> e.get(":db/id")).containsExactly(SEED.id("alice"));
        assertThat(Entities.withAttribute(db, "address/city")).isEmpty();
    }
}
