package dev.datomickit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import datomic.Connection;
import datomic.Peer;
import datomic.Util;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Schema#read} builds the model of a live database. */
class SchemaReadTest {

    @Test
    void readingWhatWasInstalledGivesAnEqualSchema() {
        for (Schema schema : List.of(Schemas.USERS, Schemas.EVERY_TYPE)) {
            Connection conn = TestDatabases.empty();
            schema.ensure(conn);

            Schema read = Schema.read(conn.db());

            assertThat(read).isEqualTo(schema);
            assertThat(read.toEdn()).isEqualTo(schema.toEdn());
        }
    }

    @Test
    void anEmptyDatabaseHasAnEmptySchema() {
        Schema read = Schema.read(TestDatabases.empty().db());

        assertThat(read).isEqualTo(Schema.builder().build());
        assertThat(read.attributes()).isEmpty();
        assertThat(read.idents()).isEmpty();
    }

    @Test
    void schemaInstalledByHandIsReadWithDatomicsDefaultsAndTheDeprecationLine() {
        Connection conn = TestDatabases.empty();
        Tx.transact(conn, (List<?>) Util.read("""
                [{:db/ident :user/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one
                  :db/unique :db.unique/identity :db/index false :db/isComponent false :db/noHistory false}
                 {:db/ident :user/nick :db/valueType :db.type/string :db/cardinality :db.cardinality/one
                  :db/doc "DEPRECATED: use :user/name\\nOld display name"}
                 {:db/ident :user/kind :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
                 {:db/ident :user.kind/admin :db/doc "Can do anything"}
                 {:db/ident :user.kind/guest}
                 {:db/ident :user/validate :db.entity/attrs [:user/email]}]
                """));

        Schema read = Schema.read(conn.db());

        Schema expected = Schema.builder().namespace("user", u -> {
            u.attr("email", dev.datomickit.core.ValueType.STRING).identity();
            u.attr("nick", dev.datomickit.core.ValueType.STRING).deprecated("use :user/name").doc("Old display name");
            u.enumeration("kind", "admin", "guest");
            u.entity("validate").requires("email");
        }).build();
        assertThat(read).isEqualTo(expected);
        assertThat(read.attribute("user/kind").orElseThrow().enumValues())
                .containsExactly(Kw.of("user.kind/admin"), Kw.of("user.kind/guest"));
    }

    @Test
    void transactionFunctionsAndPartitionsAreLeftOut() {
        Connection conn = TestDatabases.empty();
        Schemas.USERS.ensure(conn);
        Object fn = Peer.function(Map.of(Kw.of("lang"), "clojure", Kw.of("params"), Util.read("[db]"),
                Kw.of("code"), "[]"));
        Tx.transact(conn, Tx.data(
                Tx.entity().set("db/ident", Kw.of("user/noop")).set("db/fn", fn),
                Tx.entity("part").set("db/ident", Kw.of("user.part/archive")),
                Tx.add(Kw.of("db.part/db"), "db.install/partition", "part")));

        assertThat(Schema.read(conn.db())).isEqualTo(Schemas.USERS);
    }

    @Test
    void whatTheModelCannotRepresentIsReportedNamingEachIdent() {
        Connection conn = TestDatabases.empty();
        Schemas.USERS.ensure(conn);
        Tx.transact(conn, (List<?>) Util.read("""
                [{:db/ident :legacy :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
                 {:db/ident :user/score :db/valueType :db.type/long :db/cardinality :db.cardinality/one
                  :db/fulltext true}]
                """));
        long t = conn.db().basisT();

        SchemaException refused = catchThrowableOfType(SchemaException.class, () -> Schema.read(conn.db()));

        assertThat(refused).hasMessageStartingWith("Cannot model the schema of the database (basis t " + t + "): 2 problems");
        assertThat(refused.problems()).containsExactly(
                ":legacy: an ident needs a namespace, such as :user/legacy (the model groups attributes by namespace)",
                ":user/score: fulltext needs a :db.type/string attribute, found :db.type/long (Datomic only"
                        + " fulltext-indexes strings)");
    }

    @Test
    void theMarkdownOfALiveDatabaseIsTheMarkdownOfItsModel() {
        Connection conn = TestDatabases.empty();
        Schemas.USERS.ensure(conn);

        assertThat(Schema.read(conn.db()).toMarkdown()).isEqualTo(Schemas.USERS.toMarkdown());
    }
}
