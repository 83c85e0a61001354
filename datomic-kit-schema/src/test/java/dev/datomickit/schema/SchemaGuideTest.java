package dev.datomickit.schema;

import static dev.datomickit.core.ValueType.INSTANT;
import static dev.datomickit.core.ValueType.KEYWORD;
import static dev.datomickit.core.ValueType.REF;
import static dev.datomickit.core.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import clojure.lang.Keyword;
import datomic.Connection;
import datomic.Database;
import datomic.Util;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.ValueType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The examples of {@code docs/schema.md} and the schema module README, run as tests. */
class SchemaGuideTest {

    private final Connection conn = TestDatabases.empty();

    private static Schema declare() {
        // snippet:declare
        Schema schema = Schema.builder()
                .namespace("time", time ->
                        time.attr("created", INSTANT).doc("When the entity was created"))
                .namespace("user", user -> {
                    user.attr("email", STRING).identity().doc("Login, lower case");
                    user.attr("name", STRING).fulltext();
                    user.attr("nickname", STRING).deprecated("use :user/name");
                    user.attr("roles", KEYWORD).many();
                    user.enumeration("status", "active", "suspended");   // :user.status/active, …
                    user.attr("address", REF).component();
                    user.attr("org", STRING);
                    user.composite("org+email", "org", "email").uniqueValue();
                    user.entity("validate").requires("email", "time/created");
                })
                .namespace("address", address -> address.attr("city", STRING))
                .build();
        // end-snippet:declare
        return schema;
    }

    @Test
    void declaringAndInstalling() {
        Schema schema = declare();
        // snippet:ensure
        SchemaDiff installed = schema.ensure(conn);   // at every start, on every peer
        // first start: one transaction with the whole schema
        // later starts: installed.isUpToDate() is true and nothing was transacted
        // end-snippet:ensure
        assertThat(installed.transaction()).isPresent();
        assertThat(schema.ensure(conn).isUpToDate()).isTrue();
        assertThat(Schema.read(conn.db())).isEqualTo(schema);
    }

    @Test
    void previewingAndRefusingChanges() {
        declare().ensure(conn);
        Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "a@example.com").set("user/roles",
                List.of(Kw.of("role/admin"), Kw.of("role/dev")))));
        Schema next = Schema.builder()
                .include(declare())
                .namespace("user", user -> user.attr("phone", STRING).uniqueValue())
                .build();
        Schema wrong = Schema.builder().namespace("user", user -> user.attr("roles", KEYWORD)).build();

        // snippet:diff
        SchemaDiff diff = next.diff(conn.db());
        diff.changes().forEach(System.out::println);
        // :user/phone: new attribute

        try {
            wrong.ensure(conn); // :user/roles was many; an entity holds two roles
        } catch (SchemaException e) {
            // e.problems(): [":user/roles :db/cardinality: :db.cardinality/many → :db.cardinality/one:
            //   forbidden, entities hold several values: entity 17592186045418 holds [:role/admin :role/dev];
            //   retract the extra values first"]; nothing was written
        }
        // end-snippet:diff
        assertThat(diff.changes()).extracting(SchemaDiff.Change::toString).containsExactly(":user/phone: new attribute");
        assertThat(wrong.diff(conn.db()).forbidden()).singleElement().asString()
                .contains("entities hold several values").contains("[:role/admin :role/dev]");
    }

    @Test
    void ednRoundTrip() {
        Schema schema = declare();
        // snippet:edn
        String edn = schema.toEdn();              // commit it as resources/schema.edn if you like
        Schema same = Schema.fromEdn(edn);         // equal to schema
        Tx.transact(conn, (List<?>) Util.read(edn)); // or transact the file as it is
        // end-snippet:edn
        assertThat(same).isEqualTo(schema);
        assertThat(Schema.read(conn.db())).isEqualTo(schema);
    }

    @Test
    void readingALiveDatabase() {
        declare().ensure(conn);
        Database db = conn.db();
        // snippet:read
        Schema live = Schema.read(db);             // every user attribute, enum ident and entity spec
        String reference = live.toMarkdown();      // a table per namespace, for the team wiki
        // end-snippet:read
        assertThat(live).isEqualTo(declare());
        assertThat(reference).contains("| `:user/email` | string | one | identity |");
    }

    @Test
    void validatingClientInput() {
        Schema schema = declare();
        // snippet:validate
        Map<String, Object> body = Map.of(                // as parsed from a request
                "user/email", "alice@example.com",
                "user/roles", "admin",                        // cardinality many: expects a list
                "user/status", "user.status/deleted",
                "user/address", Map.of("address/city", 69001L),
                "db/ensure", "user/validate");

        List<Violation> violations = schema.validate(body);
        // [:user/roles] expects a collection of values (cardinality many), found a single string "admin"
        // [:user/status] expects one of [:user.status/active :user.status/suspended], found string …
        // [:user/address :address/city] expects :db.type/string, found integer 69001
        // [:time/created] missing: required by the entity spec :user/validate
        // end-snippet:validate
        assertThat(violations).extracting(Violation::toString).containsExactlyInAnyOrder(
                "[:user/roles] expects a collection of values (cardinality many), found a single string"
                        + " \"admin\"",
                "[:user/status] expects one of [:user.status/active :user.status/suspended], found string"
                        + " \"user.status/deleted\"",
                "[:user/address :address/city] expects :db.type/string, found integer 69001",
                "[:time/created] missing: required by the entity spec :user/validate");
    }

    @Test
    void generatingData() {
        Schema schema = declare();
        schema.ensure(conn);
        // snippet:generate
        Generator generator = schema.generator(42);                          // same seed, same data
        List<Map<Keyword, Object>> users = generator.entities("user/validate", 100);
        Tx.transact(conn, users);                                            // valid for the model
        // end-snippet:generate
        assertThat(users).allSatisfy(u -> assertThat(schema.validate(u, "user/validate")).isEmpty());
        assertThat(dev.datomickit.core.Entities.withAttribute(conn.db(), "user/email")).hasSize(100);
    }

    @Test
    void lookingAttributesUp() {
        Schema schema = declare();
        // snippet:lookup
        AttributeDef roles = schema.attribute("user/roles").orElseThrow();
        ValueType type = roles.valueType();               // KEYWORD
        boolean many = roles.isMany();                     // true
        Optional<String> note = schema.attribute("user/nickname")
                .flatMap(AttributeDef::deprecation);       // "use :user/name"
        // end-snippet:lookup
        assertThat(type).isEqualTo(KEYWORD);
        assertThat(many).isTrue();
        assertThat(note).contains("use :user/name");
        assertThat(schema.attribute("user/age")).isEmpty();
    }
}
