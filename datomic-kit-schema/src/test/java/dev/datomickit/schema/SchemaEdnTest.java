package dev.datomickit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import datomic.Connection;
import datomic.Util;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Canonical EDN text: written, read back into an equal schema, transactable as it is. */
class SchemaEdnTest {

    @Test
    void theRoundTripIsEqual() {
        for (Schema schema : List.of(Schemas.USERS, Schemas.EVERY_TYPE)) {
            String edn = schema.toEdn();
            Schema parsed = Schema.fromEdn(edn);

            assertThat(parsed).isEqualTo(schema);
            assertThat(parsed.toEdn()).as("canonical text").isEqualTo(edn);
        }
    }

    @Test
    void theTextIsOneLinePerEntityGroupedByNamespace() {
        Schema schema = Schema.builder()
                .namespace("user", u -> {
                    u.attr("email", dev.datomickit.core.ValueType.STRING).identity().doc("Login \"address\"\nlower case");
                    u.enumeration("status", "active");
                })
                .build();

        assertThat(schema.toEdn()).isEqualTo("""
                ;; datomic-kit schema: 2 attributes, 1 ident, 0 entity specs.
                ;; Transact it as one transaction, or read it with Schema.fromEdn.
                [
                 ;; user
                 {:db/ident :user/email, :db/valueType :db.type/string, :db/cardinality :db.cardinality/one, \
                :db/unique :db.unique/identity, :db/index true, :db/doc "Login \\"address\\"\\nlower case"}
                 {:db/ident :user/status, :db/valueType :db.type/ref, :db/cardinality :db.cardinality/one}

                 ;; user.status
                 {:db/ident :user.status/active}
                ]
                """);
    }

    @Test
    void theTextIsTransactionDataForOneTransaction() {
        Connection conn = TestDatabases.empty();

        Tx.transact(conn, (List<?>) Util.read(Schemas.USERS.toEdn()));

        assertThat(Schema.read(conn.db())).isEqualTo(Schemas.USERS);
    }

    @Test
    void handWrittenEdnWithLegacyKeysAndExplicitDefaultsIsUnderstood() {
        Schema schema = Schema.fromEdn("""
                [{:db/id "email" :db/ident :user/email :db/valueType :db.type/string
                  :db/cardinality :db.cardinality/one :db/unique :db.unique/identity
                  :db/isComponent false :db/noHistory false :db/fulltext false :db/index false
                  :db.install/_attribute :db.part/db}
                 {:db/ident :user/email? :db/valueType :db.type/boolean :db/cardinality :db.cardinality/one
                  :db.attr/preds clojure.core/boolean?}
                 {:db/ident :user/nick :db/valueType :db.type/string :db/cardinality :db.cardinality/one
                  :db/doc "DEPRECATED: use :user/name\\nShown in the header"}
                 {:db/ident :user/validate :db.entity/attrs [:user/email] :db.entity/preds my.app/valid?}]
                """);

        assertThat(schema.attribute("user/email").orElseThrow().toString()).isEqualTo(
                "{:db/ident :user/email, :db/valueType :db.type/string, :db/cardinality :db.cardinality/one,"
                        + " :db/unique :db.unique/identity, :db/index true}");
        assertThat(schema.attribute("user/email?").orElseThrow().preds()).hasToString("[clojure.core/boolean?]");
        AttributeDef nick = schema.attribute("user/nick").orElseThrow();
        assertThat(nick.deprecation()).contains("use :user/name");
        assertThat(nick.doc()).contains("Shown in the header");
        assertThat(schema.entitySpec("user/validate").orElseThrow().requiredAttrs()).containsExactly(Kw.of("user/email"));
    }

    @Test
    void textThatIsNotEdnIsRefusedWithDatomicsReaderMessage() {
        SchemaException refused = catchThrowableOfType(SchemaException.class, () -> Schema.fromEdn("[{:db/ident"));

        assertThat(refused.problems()).containsExactly("schema EDN is not valid EDN: EOF while reading");
        assertThat(refused).hasMessage("Cannot read schema EDN: 1 problem\n  - schema EDN is not valid EDN: EOF while reading");
    }

    @Test
    void datomicsTaggedLiteralsAreReadAsDatomicReadsThem() {
        // #db/id is a tempid, ignored like any :db/id; #db/fn is a transaction function, not part of the model.
        Schema withTempid = Schema.fromEdn("[{:db/id #db/id [:db.part/db] :db/ident :user/email"
                + " :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
        SchemaException refused = catchThrowableOfType(SchemaException.class, () -> Schema.fromEdn(
                "[{:db/ident :my/fn :db/fn #db/fn {:lang :clojure :params [db] :code []}}]"));

        assertThat(withTempid.attribute("user/email")).isPresent();
        assertThat(refused.problems()).containsExactly(":my/fn (EDN statement 0): transaction functions (:db/fn) are"
                + " not part of the schema model; install them separately");
    }

    @Test
    void deeplyNestedTextIsRefusedWithTheBoundAndWhereItWasHit() {
        String deep = "[" + "[".repeat(2_000) + "]".repeat(2_000) + "]";
        String deepInAStatement = "[{:db/ident :user/email :db/valueType :db.type/string\n"
                + " :db/cardinality :db.cardinality/one :db/doc " + "[".repeat(5_000) + "]".repeat(5_000) + "}]";

        for (String text : List.of(deep, deepInAStatement)) {
            SchemaException refused = catchThrowableOfType(SchemaException.class, () -> Schema.fromEdn(text));

            assertThat(refused).as("depth refused, not a StackOverflowError").isNotNull();
            assertThat(refused.problems()).singleElement().asString()
                    .startsWith("schema EDN nests deeper than " + dev.datomickit.core.Edn.MAX_DEPTH + " levels (line ");
        }
        assertThat(catchThrowableOfType(SchemaException.class, () -> Schema.fromEdn(deepInAStatement)).problems())
                .singleElement().asString().contains("(line 2, column 144)");
    }

    @Test
    void textAfterTheVectorIsRefusedNotDropped() {
        String one = Schemas.USERS.toEdn();
        String other = Schema.builder().namespace("post", p -> p.attr("title", dev.datomickit.core.ValueType.STRING))
                .build().toEdn();

        SchemaException twoVectors = catchThrowableOfType(SchemaException.class, () -> Schema.fromEdn(one + other));
        SchemaException strayBracket = catchThrowableOfType(SchemaException.class, () -> Schema.fromEdn("[]]"));
        SchemaException strayMap = catchThrowableOfType(SchemaException.class, () -> Schema.fromEdn("[] {:db/ident :a/b}"));

        assertThat(twoVectors.problems()).singleElement().asString()
                .startsWith("schema EDN holds 2 EDN forms where one is expected; the second is [{:db/ident :post/title");
        assertThat(strayBracket).isNotNull();
        assertThat(strayMap.problems()).containsExactly("schema EDN holds 2 EDN forms where one is expected;"
                + " the second is {:db/ident :a/b} (remove the text after the first form)");
    }

    @Test
    void problemsQuoteLargeStatementsInAFewHundredCharacters() {
        String hugeVector = "[" + " :x".repeat(100_000) + "]";
        String hugeKey = "{:db/ident :user/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one"
                + " :my/meta " + hugeVector + "}";
        String nestedWithoutIdent = "{:db/valueType " + "[".repeat(90) + "]".repeat(90) + "}";

        SchemaException refused = catchThrowableOfType(SchemaException.class,
                () -> Schema.fromEdn("[" + hugeVector + " " + hugeKey + " " + nestedWithoutIdent + "]"));

        assertThat(refused.problems()).hasSize(3).allSatisfy(p -> assertThat(p.length()).isLessThan(500));
        assertThat(refused.problems().get(0)).startsWith("EDN statement 0: [:x :x :x");
    }

    @Test
    void statementsTheModelDoesNotKnowAreAllReported() {
        SchemaException refused = catchThrowableOfType(SchemaException.class, () -> Schema.fromEdn("""
                [[:db/add :user/email :db/doc "x"]
                 {:db/valueType :db.type/string :db/cardinality :db.cardinality/one}
                 {:db/ident "user/name" :db/valueType :db.type/string}
                 {:db/ident :user/age :db/valueType :db.type/integer :db/cardinality :db.cardinality/few
                  :db/unique :db.unique/maybe :db/index "yes" :db/doc 42 :my/meta 1}
                 {:db/ident :user/pair :db/valueType :db.type/tuple :db/cardinality :db.cardinality/one
                  :db/tupleTypes [:db.type/long "string"] :db.attr/preds ["not-a-symbol"]}
                 {:db/ident :user/color :db/doc "an enum value with a doc"}
                 {:db/ident :user/spec :db.entity/attrs ["user/age"]}]
                """));

        assertThat(refused.problems()).containsExactly(
                "EDN statement 0: [:db/add :user/email :db/doc \"x\"] is not a map; schema EDN holds one map per"
                        + " attribute, ident or entity spec",
                "EDN statement 1: no :db/ident in {:db/valueType :db.type/string, :db/cardinality :db.cardinality/one}",
                "EDN statement 2: :db/ident \"user/name\" is not a keyword in {:db/ident \"user/name\","
                        + " :db/valueType :db.type/string}",
                ":user/age (EDN statement 3): :my/meta is not part of an attribute in the schema model",
                ":user/age (EDN statement 3): :db/valueType Unknown value type :db.type/integer; expected one of"
                        + " :db.type/string, :db.type/boolean, :db.type/long, :db.type/bigint, :db.type/float,"
                        + " :db.type/double, :db.type/bigdec, :db.type/instant, :db.type/uuid, :db.type/uri,"
                        + " :db.type/keyword, :db.type/symbol, :db.type/bytes, :db.type/ref, :db.type/tuple",
                ":user/age (EDN statement 3): :db/cardinality :db.cardinality/few is not :db.cardinality/one or"
                        + " :db.cardinality/many",
                ":user/age (EDN statement 3): :db/unique :db.unique/maybe is not :db.unique/identity or"
                        + " :db.unique/value",
                ":user/age (EDN statement 3): :db/index \"yes\" is not true or false",
                ":user/age (EDN statement 3): :db/doc 42 is not a string",
                ":user/pair (EDN statement 4): :db/tupleTypes holds \"string\", not a keyword",
                ":user/pair (EDN statement 4): :db.attr/preds holds \"not-a-symbol\", not a symbol",
                ":user/color (EDN statement 5): :db/doc is not part of a plain ident in the schema model",
                ":user/spec (EDN statement 6): :db.entity/attrs holds \"user/age\", not a keyword");
    }

    @Test
    void transactionFunctionsAreNotPartOfTheModel() {
        SchemaException refused = catchThrowableOfType(SchemaException.class,
                () -> Schema.fromEdn("[{:db/ident :my/fn :db/fn {:lang \"clojure\" :params [db] :code \"[]\"}}]"));

        assertThat(refused.problems()).containsExactly(":my/fn (EDN statement 0): transaction functions (:db/fn) are"
                + " not part of the schema model; install them separately");
    }

    @Test
    void aDocumentThatIsNotAVectorIsRefused() {
        assertThat(catchThrowableOfType(SchemaException.class, () -> Schema.fromEdn("{:db/ident :user/email}")).problems())
                .containsExactly("expected a vector of maps, found map {:db/ident :user/email}");
        assertThat(catchThrowableOfType(SchemaException.class, () -> Schema.fromEdn("  ")).problems())
                .containsExactly("schema EDN is empty; expected one EDN form");
        assertThat(catchThrowableOfType(SchemaException.class, () -> Schema.fromEdn("nil")).problems())
                .containsExactly("expected a vector of maps, found nil");
    }

    @Test
    void anEmptyVectorIsTheEmptySchema() {
        Schema empty = Schema.fromEdn("[]");

        assertThat(empty.attributes()).isEmpty();
        assertThat(empty).isEqualTo(Schema.builder().build());
        assertThat(Schema.fromEdn(empty.toEdn())).isEqualTo(empty);
    }
}
