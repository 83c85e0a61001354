package dev.datomickit.schema;

import static dev.datomickit.core.ValueType.INSTANT;
import static dev.datomickit.core.ValueType.LONG;
import static dev.datomickit.core.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clojure.lang.BigInt;
import clojure.lang.Keyword;
import clojure.lang.Symbol;
import datomic.Attribute;
import datomic.Connection;
import datomic.Database;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import dev.datomickit.core.ValueType;
import dev.datomickit.schema.AttributeDef.Cardinality;
import dev.datomickit.schema.AttributeDef.Unique;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The DSL builds the model it says, and the model's transaction data installs on a real database. */
class SchemaModelTest {

    @Test
    void theDslDeclaresOneAttributePerLineWithEveryProperty() {
        Schema schema = Schemas.USERS;

        AttributeDef email = schema.attribute("user/email").orElseThrow();
        assertThat(email.ident()).isEqualTo(Kw.of("user/email"));
        assertThat(email.valueType()).isEqualTo(ValueType.STRING);
        assertThat(email.cardinality()).isEqualTo(Cardinality.ONE);
        assertThat(email.unique()).contains(Unique.IDENTITY);
        assertThat(email.isIndexed()).as("unique attributes are indexed").isTrue();
        assertThat(email.doc()).contains("Login, lower case");

        AttributeDef name = schema.attribute(Kw.of("user/name")).orElseThrow();
        assertThat(name.isFulltext()).isTrue();
        assertThat(name.unique()).isEmpty();
        assertThat(name.isIndexed()).isFalse();

        AttributeDef nickname = schema.attribute("user/nickname").orElseThrow();
        assertThat(nickname.isDeprecated()).isTrue();
        assertThat(nickname.deprecation()).contains("use :user/name");
        assertThat(nickname.doc()).isEmpty();

        assertThat(schema.attribute("user/age").orElseThrow().isIndexed()).isTrue();
        assertThat(schema.attribute("user/roles").orElseThrow().isMany()).isTrue();
        assertThat(schema.attribute("user/address").orElseThrow().isComponent()).isTrue();
        assertThat(schema.attribute("user/scores").orElseThrow().isNoHistory()).isTrue();

        AttributeDef status = schema.attribute("user/status").orElseThrow();
        assertThat(status.valueType()).isEqualTo(ValueType.REF);
        assertThat(status.isEnum()).isTrue();
        assertThat(status.enumValues()).containsExactly(Kw.of("user.status/active"), Kw.of("user.status/suspended"));
        assertThat(schema.idents()).containsExactly(Kw.of("user.status/active"), Kw.of("user.status/suspended"));
        assertThat(schema.attribute("user/friends").orElseThrow().isEnum()).isFalse();

        AttributeDef composite = schema.attribute("user/org+email").orElseThrow();
        assertThat(composite.valueType()).isEqualTo(ValueType.TUPLE);
        assertThat(composite.isComposite()).isTrue();
        assertThat(composite.tupleAttrs()).containsExactly(Kw.of("user/org"), Kw.of("user/email"));
        assertThat(composite.unique()).contains(Unique.VALUE);

        assertThat(schema.attribute("user/missing")).isEmpty();
        assertThatThrownBy(() -> schema.attribute("user//x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tuplesAreHomogeneousHeterogeneousOrComposite() {
        AttributeDef point = Schemas.EVERY_TYPE.attribute("t/point").orElseThrow();
        assertThat(point.tupleType()).contains(ValueType.LONG);
        assertThat(point.tupleTypes()).isEmpty();
        assertThat(point.isComposite()).isFalse();

        AttributeDef pair = Schemas.EVERY_TYPE.attribute("t/pair").orElseThrow();
        assertThat(pair.tupleTypes()).containsExactly(ValueType.STRING, ValueType.LONG);
        assertThat(pair.tupleType()).isEmpty();
        assertThat(pair.isMany()).isTrue();
    }

    @Test
    void entitySpecsRequireAttributesSharedAcrossNamespaces() {
        EntitySpec user = Schemas.USERS.entitySpec("user/validate").orElseThrow();
        EntitySpec post = Schemas.USERS.entitySpec(Kw.of("post/validate")).orElseThrow();

        assertThat(user.requiredAttrs()).containsExactly(Kw.of("time/created"), Kw.of("user/email"));
        assertThat(post.requiredAttrs()).containsExactly(Kw.of("post/title"), Kw.of("time/created"));
        assertThat(user.doc()).contains("A user as the API accepts it");
        assertThat(Schemas.USERS.entitySpecs()).containsExactly(post, user);
        assertThat(Schemas.USERS.entitySpec("user/other")).isEmpty();
    }

    @Test
    void txDataInstallsEveryValueTypeOnARealDatabaseInOneTransaction() {
        Connection conn = TestDatabases.empty();
        long before = conn.db().basisT();

        Tx.transact(conn, Schemas.EVERY_TYPE);

        Database db = conn.db();
        assertThat(db.basisT()).isGreaterThan(before);
        for (AttributeDef a : Schemas.EVERY_TYPE.attributes()) {
            Attribute installed = db.attribute(a.ident());
            assertThat(installed).as("%s installed", a.ident()).isNotNull();
            assertThat(installed.valueType()).isEqualTo(a.valueType().ident());
            assertThat(installed.cardinality()).isEqualTo(a.cardinality().ident());
        }
        // Values of every type are accepted by the installed attributes.
        Tx.transact(conn, Tx.data(Tx.entity("e")
                .set("t/string", "s").set("t/boolean", true).set("t/long", 1L)
                .set("t/bigint", BigInt.fromBigInteger(BigInteger.TEN)).set("t/float", 1.5f).set("t/double", 2.5d)
                .set("t/bigdec", new BigDecimal("3.25")).set("t/instant", new Date(0)).set("t/uuid", new UUID(1, 2))
                .set("t/uri", URI.create("https://example.com")).set("t/keyword", Kw.of("k/w"))
                .set("t/symbol", Symbol.intern("s/y")).set("t/bytes", new byte[] {1, 2}).set("t/ref", "e")
                .set("t/point", List.of(1L, 2L, 3L)).set("t/pair", List.of(List.of("a", 1L), List.of("b", 2L)))));
        Object composite = conn.db().entity(Tx.lookup("t/string+long", List.of("s", 1L))).get(":t/string+long");
        assertThat(composite).isEqualTo(List.of("s", 1L));
    }

    @Test
    void theSchemaIsATxSourceEqualByValueSoItCanKeyCaches() {
        Schema again = Schema.builder()
                .namespace("time", time -> time.attr("created", INSTANT).doc("When the entity was created"))
                .build();
        Schema same = Schema.builder()
                .namespace("time", time -> time.attr("created", INSTANT).doc("When the entity was created"))
                .build();
        Schema other = Schema.builder()
                .namespace("time", time -> time.attr("created", INSTANT).doc("Creation time"))
                .build();

        TxSource source = again;
        assertThat(source.txData()).isEqualTo(same.txData());
        assertThat(again).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other);
        assertThat(Map.of(again, "cached").get(same)).isEqualTo("cached");
        assertThat(again).hasToString("Schema{1 attributes, 0 idents, 0 entity specs}");
    }

    @Test
    void txDataIsOneMapPerEntityGroupedByNamespace() {
        List<Map<Keyword, Object>> txData = Schemas.USERS.txData();

        assertThat(txData).extracting(m -> m.get(Kw.of("db/ident")).toString()).containsExactly(
                ":address/city", ":post/title", ":post/validate", ":time/created",
                ":user/address", ":user/age", ":user/email", ":user/friends", ":user/name", ":user/nickname",
                ":user/org", ":user/org+email", ":user/roles", ":user/scores", ":user/status", ":user/validate",
                ":user.status/active", ":user.status/suspended");
        assertThat(txData.get(0)).containsExactly(
                Map.entry(Kw.of("db/ident"), Kw.of("address/city")),
                Map.entry(Kw.of("db/valueType"), Kw.of("db.type/string")),
                Map.entry(Kw.of("db/cardinality"), Kw.of("db.cardinality/one")));
        assertThat(Schemas.USERS.attribute("user/nickname").orElseThrow().toString())
                .isEqualTo("{:db/ident :user/nickname, :db/valueType :db.type/string,"
                        + " :db/cardinality :db.cardinality/one, :db/doc \"DEPRECATED: use :user/name\"}");
        assertThatThrownBy(() -> txData.add(Map.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> txData.get(0).put(Kw.of("db/doc"), "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void includeMergesSchemasAndAcceptsTheSameAttributeDeclaredAlike() {
        Schema time = Schema.builder().namespace("time", t -> t.attr("created", INSTANT)).build();
        Schema users = Schema.builder()
                .include(time)
                .namespace("time", t -> t.attr("created", INSTANT)) // shared, declared alike: fine
                .namespace("user", u -> u.attr("age", LONG))
                .build();

        assertThat(users.attributes()).extracting(AttributeDef::ident)
                .containsExactly(Kw.of("time/created"), Kw.of("user/age"));
        assertThat(Schema.builder().include(users).include(time).build()).isEqualTo(users);
    }

    @Test
    void aNamespaceMayBeDeclaredInSeveralBlocks() {
        Schema schema = Schema.builder()
                .namespace("user", u -> u.attr("email", STRING))
                .namespace("user", u -> u.attr("age", LONG))
                .build();
        assertThat(schema.attributes()).hasSize(2);
    }

    @Test
    void attributePredicatesAndEntityPredicatesAreSymbols() {
        Schema schema = Schema.builder().namespace("user", u -> {
            u.attr("email", STRING).preds("my.app/email?", "clojure.core/string?");
            u.entity("validate").requires("email").preds("my.app/valid-user?");
        }).build();

        assertThat(schema.attribute("user/email").orElseThrow().preds())
                .containsExactly(Symbol.intern("clojure.core/string?"), Symbol.intern("my.app/email?"));
        assertThat(schema.entitySpec("user/validate").orElseThrow().preds())
                .containsExactly(Symbol.intern("my.app/valid-user?"));
    }

    @Test
    void aBuiltSchemaDoesNotChangeWhenItsBuilderIsReused() {
        SchemaBuilder builder = Schema.builder().namespace("user", u -> u.attr("email", STRING));
        Schema first = builder.build();
        builder.namespace("user", u -> u.attr("age", LONG));

        assertThat(first.attributes()).hasSize(1);
        assertThat(builder.build().attributes()).hasSize(2);
    }
}
