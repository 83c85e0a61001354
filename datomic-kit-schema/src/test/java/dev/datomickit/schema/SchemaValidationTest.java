package dev.datomickit.schema;

import static dev.datomickit.core.ValueType.BYTES;
import static dev.datomickit.core.ValueType.LONG;
import static dev.datomickit.core.ValueType.REF;
import static dev.datomickit.core.ValueType.STRING;
import static dev.datomickit.core.ValueType.TUPLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import datomic.Connection;
import datomic.Util;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import dev.datomickit.core.ValueType;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every invalid model is refused by {@link SchemaBuilder#build()} with a problem naming the
 * attribute. Where the rule is Datomic's, the same definition transacted by hand is shown to be
 * refused by a real database; where the model is stricter than Datomic, Datomic is shown to accept
 * it (so the docs can say which is which).
 */
class SchemaValidationTest {

    /** Schema data shared by the hand-written definitions below. */
    private static final String BASE = """
            [{:db/ident :x/s :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :x/l :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
             {:db/ident :x/m :db/valueType :db.type/string :db/cardinality :db.cardinality/many}
             {:db/ident :x/b :db/valueType :db.type/bytes :db/cardinality :db.cardinality/one}
             {:db/ident :x/t :db/valueType :db.type/tuple :db/tupleType :db.type/long :db/cardinality :db.cardinality/one}]
            """;

    private static final Consumer<NamespaceBuilder> BASE_DSL = x -> {
        x.attr("s", STRING);
        x.attr("l", LONG);
        x.attr("m", STRING).many();
        x.attr("b", BYTES);
        x.tupleOf("t", LONG);
    };

    private static Arguments refusedByDatomic(String name, Consumer<NamespaceBuilder> dsl, String problem, String edn) {
        return Arguments.of(name, dsl, problem, edn, true);
    }

    private static Arguments stricterThanDatomic(String name, Consumer<NamespaceBuilder> dsl, String problem, String edn) {
        return Arguments.of(name, dsl, problem, edn, false);
    }

    static Stream<Arguments> invalidAttributes() {
        String one = ":db/cardinality :db.cardinality/one";
        return Stream.of(
                refusedByDatomic("component on a string", x -> x.attr("a", STRING).component(),
                        ":x/a: isComponent needs a :db.type/ref attribute, found :db.type/string",
                        "{:db/ident :x/a :db/valueType :db.type/string " + one + " :db/isComponent true}"),
                refusedByDatomic("unique bytes", x -> x.attr("a", BYTES).identity(),
                        ":x/a: :db.unique/identity on a :db.type/bytes attribute",
                        "{:db/ident :x/a :db/valueType :db.type/bytes " + one + " :db/unique :db.unique/identity}"),
                refusedByDatomic("composite of one attribute", x -> x.composite("a", "s"),
                        ":x/a: a composite tuple combines 2 to 8 attributes (Datomic's limit), found 1",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one + " :db/tupleAttrs [:x/s]}"),
                refusedByDatomic("composite of nine attributes",
                        x -> x.composite("a", "s", "l", "s1", "s2", "s3", "s4", "s5", "s6", "s7"),
                        ":x/a: a composite tuple combines 2 to 8 attributes (Datomic's limit), found 9",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one
                                + " :db/tupleAttrs [:x/s :x/l :x/s :x/l :x/s :x/l :x/s :x/l :x/s]}"),
                refusedByDatomic("composite of a cardinality-many attribute", x -> x.composite("a", "s", "m"),
                        ":x/a: composite tuple names :x/m, which is cardinality many",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one + " :db/tupleAttrs [:x/s :x/m]}"),
                refusedByDatomic("composite of cardinality many", x -> x.composite("a", "s", "l").many(),
                        ":x/a: a composite tuple must be :db.cardinality/one",
                        "{:db/ident :x/a :db/valueType :db.type/tuple :db/cardinality :db.cardinality/many"
                                + " :db/tupleAttrs [:x/s :x/l]}"),
                refusedByDatomic("composite of an unknown attribute", x -> x.composite("a", "s", "nope"),
                        ":x/a: composite tuple names :x/nope, which is not an attribute of this schema",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one + " :db/tupleAttrs [:x/s :x/nope]}"),
                refusedByDatomic("composite of a tuple", x -> x.composite("a", "s", "t"),
                        ":x/a: composite tuple names :x/t, a :db.type/tuple attribute",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one + " :db/tupleAttrs [:x/s :x/t]}"),
                refusedByDatomic("composite of bytes", x -> x.composite("a", "s", "b"),
                        ":x/a: composite tuple names :x/b, a :db.type/bytes attribute",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one + " :db/tupleAttrs [:x/s :x/b]}"),
                refusedByDatomic("homogeneous tuple of bytes", x -> x.tupleOf("a", BYTES),
                        ":x/a: a homogeneous tuple of :db.type/bytes",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one + " :db/tupleType :db.type/bytes}"),
                refusedByDatomic("homogeneous tuple of tuples", x -> x.tupleOf("a", TUPLE),
                        ":x/a: a homogeneous tuple of :db.type/tuple",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one + " :db/tupleType :db.type/tuple}"),
                refusedByDatomic("heterogeneous tuple of one type", x -> x.tuple("a", LONG),
                        ":x/a: a heterogeneous tuple has 2 to 8 element types (Datomic's limit), found 1",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one + " :db/tupleTypes [:db.type/long]}"),
                refusedByDatomic("heterogeneous tuple of nine types", x -> x.tuple("a", nine()),
                        ":x/a: a heterogeneous tuple has 2 to 8 element types (Datomic's limit), found 9",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one + " :db/tupleTypes [" +
                                ":db.type/long ".repeat(9) + "]}"),
                refusedByDatomic("heterogeneous tuple with bytes", x -> x.tuple("a", LONG, BYTES),
                        ":x/a: a heterogeneous tuple element of :db.type/bytes",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one
                                + " :db/tupleTypes [:db.type/long :db.type/bytes]}"),
                refusedByDatomic("tuple without elements", x -> x.attr("a", TUPLE),
                        ":x/a: a tuple needs its elements",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one + "}"),
                refusedByDatomic("no value type", x -> x.attr("a", null),
                        ":x/a: no value type; every attribute needs :db/valueType",
                        "{:db/ident :x/a " + one + "}"),
                stricterThanDatomic("fulltext on a long", x -> x.attr("a", LONG).fulltext(),
                        ":x/a: fulltext needs a :db.type/string attribute, found :db.type/long",
                        "{:db/ident :x/a :db/valueType :db.type/long " + one + " :db/fulltext true}"),
                stricterThanDatomic("composite naming an attribute twice", x -> x.composite("a", "s", "s"),
                        ":x/a: a composite tuple names an attribute more than once",
                        "{:db/ident :x/a :db/valueType :db.type/tuple " + one + " :db/tupleAttrs [:x/s :x/s]}"),
                stricterThanDatomic("entity spec requiring an unknown attribute", x -> x.entity("spec").requires("nope"),
                        ":x/spec: entity spec requires :x/nope, which is not an attribute of this schema",
                        "{:db/ident :x/spec :db.entity/attrs [:x/nope]}"));
    }

    private static ValueType[] nine() {
        ValueType[] types = new ValueType[9];
        java.util.Arrays.fill(types, LONG);
        return types;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidAttributes")
    void theModelRefusesWhatDatomicRefuses(String name, Consumer<NamespaceBuilder> dsl, String problem, String edn,
            boolean datomicRefuses) {
        SchemaException refused = catchThrowableOfType(SchemaException.class,
                () -> Schema.builder().namespace("x", BASE_DSL.andThen(dsl)).build());

        assertThat(refused).as(name).isNotNull().isInstanceOf(DatomicKitException.class);
        assertThat(refused.problems()).as(name).hasSize(1);
        assertThat(refused.problems().get(0)).as(name).startsWith(problem);
        assertThat(refused).hasMessageStartingWith("Invalid schema: 1 problem\n  - " + problem);

        Connection conn = TestDatabases.empty();
        Tx.transact(conn, (List<?>) Util.read(BASE));
        long basis = conn.db().basisT();
        List<?> definition = List.of(Util.read(edn));
        if (datomicRefuses) {
            assertThat(catchThrowableOfType(TransactionException.class, () -> Tx.transact(conn, definition)))
                    .as("Datomic refuses %s", name).isNotNull();
            assertThat(conn.db().basisT()).isEqualTo(basis);
        } else {
            assertThatCode(() -> Tx.transact(conn, definition)).as("Datomic accepts %s", name).doesNotThrowAnyException();
        }
    }

    @Test
    void identsWithoutANamespaceOrInDatomicsNamespacesAreRefusedThoughDatomicAcceptsThem() {
        SchemaException refused = catchThrowableOfType(SchemaException.class, () -> Schema.fromEdn("""
                [{:db/ident :plain :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
                 {:db/ident :db/mine :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
                 {:db/ident :db.type/mine :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]
                """));

        assertThat(refused.problems()).containsExactly(
                ":plain: an ident needs a namespace, such as :user/plain (the model groups attributes by namespace)",
                ":db/mine: the namespace db is Datomic's own; choose another",
                ":db.type/mine: the namespace db.type is Datomic's own; choose another");
        Connection conn = TestDatabases.empty();
        assertThatCode(() -> Tx.transact(conn, (List<?>) Util.read("""
                [{:db/ident :plain :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
                 {:db/ident :db/mine :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]
                """))).doesNotThrowAnyException();
    }

    @Test
    void everyProblemIsCollectedIntoOneExceptionEachNamingItsIdent() {
        SchemaException refused = catchThrowableOfType(SchemaException.class, () -> Schema.builder()
                .namespace("user", user -> {
                    user.attr("email", STRING).identity().uniqueValue();
                    user.attr("email", LONG);
                    user.attr("age", LONG).fulltext().component();
                    user.attr("bad name", STRING);
                    user.attr("time/created", STRING);
                    user.enumeration("status");
                    user.enumeration("kind", "a/b", "9lives");
                    user.attr("nick", STRING).deprecated(" ").doc("DEPRECATED: old");
                    user.attr("mail", STRING).preds("unqualified");
                    user.attr("_friends", REF);
                    user.entity("validate");
                })
                .build());

        assertThat(refused.problems()).containsExactlyInAnyOrder(
                "\"time/created\": declared in namespace(\"user\", …) with a '/'; give the bare name, or declare it"
                        + " in its own namespace",
                ":user/email: both :db.unique/identity and :db.unique/value given; an attribute has one kind of uniqueness",
                ":user/age: fulltext needs a :db.type/string attribute, found :db.type/long (Datomic only"
                        + " fulltext-indexes strings)",
                ":user/age: isComponent needs a :db.type/ref attribute, found :db.type/long",
                "\"user/bad name\": Malformed keyword \"user/bad name\": the name \"bad name\" contains whitespace;"
                        + " expected [namespace/]name such as \"user/email\"",
                ":user/status: an enumeration needs at least one value",
                ":user/kind: enum value \"a/b\" must be a bare name; it becomes :user.kind/<name>",
                ":user/kind: enum value \"9lives\": Malformed keyword \"user.kind/9lives\": the name \"9lives\" starts"
                        + " with a digit; expected [namespace/]name such as \"user/email\"",
                ":user/nick: the deprecation note \" \" must be one non-blank line saying what to use instead",
                ":user/nick: the doc starts with \"DEPRECATED:\"; declare the deprecation with deprecated(note) so the"
                        + " model knows it",
                ":user/mail: attribute predicate \"unqualified\" must be a fully qualified symbol such as"
                        + " my.app/valid-email?",
                ":user/_friends: a name starting with '_' reads as the reverse of :user/friends in pull and entity"
                        + " navigation; choose another name",
                ":user/validate: an entity spec needs required attributes or entity predicates");
        assertThat(refused.getMessage()).startsWith("Invalid schema: 13 problems\n  - ");
    }

    @Test
    void theSameIdentDeclaredTwiceWithDifferentDefinitionsIsReportedWithBothDefinitions() {
        Schema shared = Schema.builder().namespace("time", t -> t.attr("created", LONG)).build();

        SchemaException refused = catchThrowableOfType(SchemaException.class, () -> Schema.builder()
                .include(shared)
                .namespace("time", t -> t.attr("created", ValueType.INSTANT))
                .namespace("user", u -> {
                    u.attr("status", REF);
                    u.idents("status");
                })
                .build());

        assertThat(refused.problems()).containsExactly(
                ":time/created: declared twice with different definitions: {:db/ident :time/created,"
                        + " :db/valueType :db.type/long, :db/cardinality :db.cardinality/one} (include(…)) and"
                        + " {:db/ident :time/created, :db/valueType :db.type/instant, :db/cardinality"
                        + " :db.cardinality/one} (namespace(\"time\"))",
                ":user/status: declared twice with different definitions: {:db/ident :user/status, :db/valueType"
                        + " :db.type/ref, :db/cardinality :db.cardinality/one} (namespace(\"user\")) and a plain ident"
                        + " {:db/ident :user/status} (namespace(\"user\"))");
    }

    @Test
    void nullNamesAreReportedNotThrown() {
        SchemaException refused = catchThrowableOfType(SchemaException.class, () -> Schema.builder()
                .namespace("user", u -> {
                    u.attr(null, STRING);
                    u.composite("pair", "email", null);
                    u.attr("email", STRING);
                })
                .build());

        assertThat(refused.problems()).containsExactly(
                "null: Malformed keyword: null; expected a name such as \"user/email\"",
                ":user/pair: composite tuple names null: Malformed keyword: null; expected a name such as \"user/email\"");
    }

    @Test
    void uniqueOnACardinalityManyRefIsAcceptedLikeDatomicDoes() {
        Schema schema = Schema.builder().namespace("user", u -> u.attr("aliases", REF).many().identity()).build();

        Connection conn = TestDatabases.empty();
        assertThatCode(() -> schema.ensure(conn)).doesNotThrowAnyException();
        assertThat(Schema.read(conn.db())).isEqualTo(schema);
    }
}
