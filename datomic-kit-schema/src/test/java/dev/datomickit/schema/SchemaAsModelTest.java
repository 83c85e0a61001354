package dev.datomickit.schema;

import static dev.datomickit.core.ValueType.INSTANT;
import static dev.datomickit.core.ValueType.KEYWORD;
import static dev.datomickit.core.ValueType.REF;
import static dev.datomickit.core.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import dev.datomickit.core.Kw;
import dev.datomickit.core.SchemaModel;
import dev.datomickit.core.Tx;
import dev.datomickit.core.ValueType;
import dev.datomickit.core.view.EntityView;
import dev.datomickit.core.view.InvalidViewException;
import dev.datomickit.core.view.Namespace;
import dev.datomickit.core.view.ViewType;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A declared schema is a core {@link SchemaModel}: typed views are checked against it before anything is installed. */
class SchemaAsModelTest {

    static final Schema SCHEMA = Schema.builder()
            .namespace("user", user -> {
                user.attr("email", STRING).identity();
                user.attr("roles", KEYWORD).many();
                user.attr("address", REF).component();
                user.attr("joined", INSTANT);
            })
            .namespace("address", address -> address.attr("city", STRING))
            .build();

    interface User extends EntityView {
        String email();

        Set<clojure.lang.Keyword> roles();

        Optional<Address> address();

        Optional<Date> joined();
    }

    interface Address {
        String city();
    }

    @Namespace("user")
    interface Stale extends EntityView {
        String email();

        String nickname();

        Set<String> joined();
    }

    @Test
    void answersLookupsFromTheDeclarations() {
        assertThat(SCHEMA.lookup(Kw.of("user/roles")))
                .contains(new SchemaModel.Attribute(Kw.of("user/roles"), ValueType.KEYWORD, true, false));
        assertThat(SCHEMA.lookup(Kw.of("user/address")))
                .contains(new SchemaModel.Attribute(Kw.of("user/address"), ValueType.REF, false, true));
        assertThat(SCHEMA.lookup(Kw.of("user/nickname"))).isEmpty();
    }

    @Test
    void answersLikeTheDatabaseItIsInstalledIn() {
        Connection conn = TestDatabases.empty();
        SCHEMA.ensure(conn);
        SchemaModel installed = SchemaModel.of(conn.db());

        assertThat(SCHEMA.attributes()).allSatisfy(attribute ->
                assertThat(SCHEMA.lookup(attribute.ident())).isEqualTo(installed.lookup(attribute.ident())));
    }

    @Test
    void aViewThatFitsTheSchemaWrapsEntitiesOfTheInstalledDatabase() {
        ViewType<User> users = ViewType.of(User.class, SCHEMA);
        Connection conn = TestDatabases.empty();
        SCHEMA.ensure(conn);

        User alice = users.wrap(Tx.transact(conn, Tx.data(Tx.entity("alice").set("user/email", "alice@example.com")
                .set("user/address", Tx.entity().set("address/city", "Lyon")))).entity("alice"));

        assertThat(alice.email()).isEqualTo("alice@example.com");
        assertThat(alice.address()).map(Address::city).contains("Lyon");
    }

    @Test
    void aViewThatDoesNotFitTheSchemaIsRefusedBeforeAnythingIsInstalled() {
        Schema schema = SCHEMA;
        // snippet:schema-model
        ViewType<User> users = ViewType.of(User.class, schema); // checks User's methods against the declarations
        // end-snippet:schema-model
        assertThat(users.type()).isEqualTo(User.class);
        assertThatThrownBy(() -> ViewType.of(Stale.class, SCHEMA))
                .isInstanceOfSatisfying(InvalidViewException.class, e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("Stale.nickname(): no attribute :user/nickname")
                .hasMessageContaining("Stale.joined()");
    }
}
