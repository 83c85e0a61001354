package dev.datomickit.schema;

import static dev.datomickit.core.ValueType.LONG;
import static dev.datomickit.core.ValueType.REF;
import static dev.datomickit.core.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import clojure.lang.Keyword;
import datomic.Attribute;
import datomic.Connection;
import datomic.Database;
import datomic.Util;
import dev.datomickit.core.Kw;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxResult;
import dev.datomickit.schema.SchemaDiff.Change;
import dev.datomickit.schema.SchemaDiff.Kind;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Schema#diff} and {@link Schema#ensure} against real databases: each allowed alteration is
 * installed, each forbidden change is refused before anything is written, and each refusal is one
 * Datomic itself would make.
 */
class SchemaDiffTest {

    private static Connection installed(String edn, String data) {
        Connection conn = TestDatabases.empty();
        Tx.transact(conn, (List<?>) Util.read(edn));
        if (data != null) {
            Tx.transact(conn, (List<?>) Util.read(data));
        }
        return conn;
    }

    private static Schema x(Consumer<NamespaceBuilder> declarations) {
        return Schema.builder().namespace("x", declarations).build();
    }

    @Test
    void newAttributesIdentsAndSpecsAreAdditions() {
        Connection conn = installed("""
                [{:db/ident :user/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one
                  :db/unique :db.unique/identity :db/index true}]""", null);
        Schema schema = Schema.builder().namespace("user", u -> {
            u.attr("email", STRING).identity();
            u.attr("name", STRING);
            u.enumeration("status", "active");
            u.entity("validate").requires("email");
        }).build();

        SchemaDiff diff = schema.diff(conn.db());

        assertThat(diff.changes()).extracting(Change::toString).containsExactly(
                ":user/name: new attribute",
                ":user/status: new attribute",
                ":user.status/active: new ident",
                ":user/validate: new entity spec");
        assertThat(diff.changes()).extracting(Change::kind).containsOnly(Kind.ADD);
        assertThat(diff.forbidden()).isEmpty();
        assertThat(diff.isUpToDate()).isFalse();
        assertThat(diff.basisT()).isEqualTo(conn.db().basisT());
        assertThat(diff.transaction()).isEmpty();
        assertThat(diff.txData()).hasSize(4);

        SchemaDiff applied = schema.ensure(conn);

        assertThat(applied.changes()).isEqualTo(diff.changes());
        assertThat(applied.transaction()).isPresent();
        assertThat(Schema.read(conn.db())).isEqualTo(schema);
        assertThat(schema.diff(conn.db()).isUpToDate()).isTrue();
    }

    @Test
    void everyAlterationDatomicAllowsIsInstalledInOneTransaction() {
        Connection conn = installed("""
                [{:db/ident :x/doc :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/doc "old"}
                 {:db/ident :x/undoc :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/doc "gone"}
                 {:db/ident :x/old :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
                 {:db/ident :x/tags :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
                 {:db/ident :x/single :db/valueType :db.type/string :db/cardinality :db.cardinality/many}
                 {:db/ident :x/code :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
                 {:db/ident :x/key :db/valueType :db.type/string :db/cardinality :db.cardinality/one
                  :db/unique :db.unique/identity}
                 {:db/ident :x/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one
                  :db/unique :db.unique/identity}
                 {:db/ident :x/part :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
                 {:db/ident :x/counter :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
                 {:db/ident :x/rank :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
                 {:db/ident :x/seen :db/valueType :db.type/long :db/cardinality :db.cardinality/one :db/index true}
                 {:db/ident :x/checked :db/valueType :db.type/string :db/cardinality :db.cardinality/one
                  :db.attr/preds [clojure.core/string?]}
                 {:db/ident :x/spec :db.entity/attrs [:x/code :x/doc] :db.entity/preds [my.app/old?] :db/doc "v1"}]
                """, """
                [{:x/single ["a"] :x/code "c1" :x/key "k1" :x/id "i1"}
                 {:x/single ["b"] :x/code "c2" :x/key "k2" :x/tags "t"}]
                """);
        Schema schema = x(x -> {
            x.attr("doc", STRING).doc("new");
            x.attr("undoc", STRING);
            x.attr("old", STRING).deprecated("use :x/doc");
            x.attr("tags", STRING).many();
            x.attr("single", STRING);
            x.attr("code", STRING).identity();
            x.attr("key", STRING);
            x.attr("id", STRING).uniqueValue();
            x.attr("part", REF).component();
            x.attr("counter", LONG).noHistory();
            x.attr("rank", LONG).index();
            x.attr("seen", LONG);
            x.attr("checked", STRING).preds("clojure.core/some?");
            x.entity("spec").requires("code", "single").preds("my.app/new?").doc("v2");
        });

        SchemaDiff diff = schema.diff(conn.db());

        assertThat(diff.changes()).extracting(Change::toString).containsExactly(
                ":x/checked :db.attr/preds: [clojure.core/string?] → [clojure.core/some?]: allowed",
                ":x/code :db/unique: none → :db.unique/identity: allowed, no value is held by several entities",
                ":x/counter :db/noHistory: false → true: allowed",
                ":x/doc :db/doc: \"old\" → \"new\": allowed",
                ":x/id :db/unique: :db.unique/identity → :db.unique/value: allowed",
                ":x/key :db/unique: :db.unique/identity → none: allowed",
                ":x/old :db/doc: none → \"DEPRECATED: use :x/doc\": allowed",
                ":x/part :db/isComponent: false → true: allowed",
                ":x/rank :db/index: false → true: allowed",
                ":x/seen :db/index: true → false: allowed",
                ":x/single :db/cardinality: :db.cardinality/many → :db.cardinality/one: allowed, no entity holds"
                        + " several values",
                ":x/tags :db/cardinality: :db.cardinality/one → :db.cardinality/many: allowed",
                ":x/undoc :db/doc: \"gone\" → none: allowed",
                ":x/spec :db.entity/attrs: [:x/code :x/doc] → [:x/code :x/single]: allowed",
                ":x/spec :db.entity/preds: [my.app/old?] → [my.app/new?]: allowed",
                ":x/spec :db/doc: \"v1\" → \"v2\": allowed");
        assertThat(diff.changes()).extracting(Change::kind).containsOnly(Kind.ALTER);

        long before = conn.db().basisT();
        SchemaDiff applied = schema.ensure(conn);

        TxResult tx = applied.transaction().orElseThrow();
        assertThat(tx.dbBefore().basisT()).isEqualTo(before);
        Database db = conn.db();
        assertThat(db.basisT()).isEqualTo(tx.t());
        assertThat(Schema.read(db)).isEqualTo(schema);
        assertThat(schema.diff(db).isUpToDate()).isTrue();
        Attribute code = db.attribute(Kw.of("x/code"));
        assertThat(code.unique()).isEqualTo(Attribute.UNIQUE_IDENTITY);
        assertThat(code.hasAVET()).isTrue();
        assertThat(db.attribute(Kw.of("x/key")).unique()).isNull();
        assertThat(db.attribute(Kw.of("x/tags")).cardinality()).isEqualTo(Attribute.CARDINALITY_MANY);
        assertThat(db.attribute(Kw.of("x/single")).cardinality()).isEqualTo(Attribute.CARDINALITY_ONE);
        assertThat(db.attribute(Kw.of("x/part")).isComponent()).isTrue();
        assertThat(db.attribute(Kw.of("x/counter")).hasNoHistory()).isTrue();
        assertThat(db.attribute(Kw.of("x/rank")).hasAVET()).isTrue();
        assertThat(db.attribute(Kw.of("x/seen")).hasAVET()).isFalse();
    }

    /** A forbidden change: the database before, the model, the change reported, and Datomic's own refusal. */
    private record Forbidden(String name, String edn, String data, Schema model, Function<Connection, String> change,
            String naive) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String S = ":db/valueType :db.type/string :db/cardinality :db.cardinality/one";
    private static final String L = ":db/valueType :db.type/long :db/cardinality :db.cardinality/one";

    static Stream<Forbidden> forbiddenChanges() {
        return Stream.of(
                new Forbidden("a new value type", "[{:db/ident :x/a " + L + "}]", null,
                        x(x -> x.attr("a", STRING)),
                        c -> ":x/a :db/valueType: :db.type/long → :db.type/string: forbidden, Datomic never alters a"
                                + " value type; declare a new attribute (such as :x.v2/a) and migrate the data",
                        "[[:db/add :x/a :db/valueType :db.type/string]]"),
                new Forbidden("a fulltext index added", "[{:db/ident :x/a " + S + "}]", null,
                        x(x -> x.attr("a", STRING).fulltext()),
                        c -> ":x/a :db/fulltext: false → true: forbidden, Datomic never adds or removes a fulltext"
                                + " index; declare a new attribute and migrate the data",
                        "[[:db/add :x/a :db/fulltext true]]"),
                new Forbidden("a fulltext index removed", "[{:db/ident :x/a " + S + " :db/fulltext true}]", null,
                        x(x -> x.attr("a", STRING)),
                        c -> ":x/a :db/fulltext: true → false: forbidden, Datomic never adds or removes a fulltext"
                                + " index; declare a new attribute and migrate the data",
                        "[[:db/add :x/a :db/fulltext false]]"),
                new Forbidden("composite attributes reordered", "[{:db/ident :x/s " + S + "} {:db/ident :x/l " + L
                        + "} {:db/ident :x/a :db/valueType :db.type/tuple :db/cardinality :db.cardinality/one"
                        + " :db/tupleAttrs [:x/s :x/l]}]", null,
                        x(x -> {
                            x.attr("s", STRING);
                            x.attr("l", LONG);
                            x.composite("a", "l", "s");
                        }),
                        c -> ":x/a :db/tupleAttrs: [:x/s :x/l] → [:x/l :x/s]: forbidden, Datomic never alters a"
                                + " tuple's definition; declare a new tuple attribute",
                        "[{:db/id :x/a :db/tupleAttrs [:x/l :x/s]}]"),
                new Forbidden("homogeneous tuple type changed", "[{:db/ident :x/a :db/valueType :db.type/tuple"
                        + " :db/cardinality :db.cardinality/one :db/tupleType :db.type/long}]", null,
                        x(x -> x.tupleOf("a", STRING)),
                        c -> ":x/a :db/tupleType: :db.type/long → :db.type/string: forbidden, Datomic never alters"
                                + " a tuple's definition; declare a new tuple attribute",
                        "[[:db/add :x/a :db/tupleType :db.type/string]]"),
                new Forbidden("heterogeneous tuple types changed", "[{:db/ident :x/a :db/valueType :db.type/tuple"
                        + " :db/cardinality :db.cardinality/one :db/tupleTypes [:db.type/long :db.type/string]}]", null,
                        x(x -> x.tuple("a", LONG, LONG)),
                        c -> ":x/a :db/tupleTypes: [:db.type/long :db.type/string] → [:db.type/long :db.type/long]:"
                                + " forbidden, Datomic never alters a tuple's definition; declare a new tuple attribute",
                        "[{:db/id :x/a :db/tupleTypes [:db.type/long :db.type/long]}]"),
                new Forbidden("many to one while an entity holds several values",
                        "[{:db/ident :x/a :db/valueType :db.type/string :db/cardinality :db.cardinality/many}]",
                        "[{:db/id \"e\" :x/a [\"1\" \"2\"]} {:x/a [\"3\"]}]",
                        x(x -> x.attr("a", STRING)),
                        c -> ":x/a :db/cardinality: :db.cardinality/many → :db.cardinality/one: forbidden, entities"
                                + " hold several values: entity " + holder(c, "x/a", "1") + " holds [\"1\" \"2\"];"
                                + " retract the extra values first",
                        "[[:db/add :x/a :db/cardinality :db.cardinality/one]]"),
                new Forbidden("unique while values collide", "[{:db/ident :x/a " + S + "}]",
                        "[{:x/a \"same\"} {:x/a \"same\"} {:x/a \"other\"}]",
                        x(x -> x.attr("a", STRING).identity()),
                        c -> ":x/a :db/unique: none → :db.unique/identity: forbidden, values are held by several"
                                + " entities: \"same\" is held by entities " + holders(c, "x/a", "same")
                                + "; make them distinct first",
                        "[{:db/id :x/a :db/unique :db.unique/identity :db/index true}]"),
                new Forbidden("a composite's constituent made cardinality many", "[{:db/ident :x/s " + S + "}"
                        + " {:db/ident :x/l " + L + "} {:db/ident :x/a :db/valueType :db.type/tuple"
                        + " :db/cardinality :db.cardinality/one :db/tupleAttrs [:x/s :x/l]}]", null,
                        x(x -> {
                            x.attr("s", STRING).many();
                            x.attr("l", LONG);
                        }),
                        c -> ":x/s :db/cardinality: :db.cardinality/one → :db.cardinality/many: forbidden, the"
                                + " attribute is a constituent of the composite :x/a and Datomic keeps constituents"
                                + " cardinality one",
                        "[[:db/add :x/s :db/cardinality :db.cardinality/many]]"));
    }

    /** The one entity holding a value of an attribute. */
    private static Object holder(Connection conn, String attribute, Object value) {
        List<Object> ids = holderIds(conn, attribute, value);
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    private static String holders(Connection conn, String attribute, Object value) {
        return clojure.lang.RT.printString(holderIds(conn, attribute, value));
    }

    private static List<Object> holderIds(Connection conn, String attribute, Object value) {
        List<Object> ids = new java.util.ArrayList<>();
        for (datomic.Datom d : conn.db().datoms(Database.AEVT, Kw.of(attribute))) {
            if (d.v().equals(value)) {
                ids.add(d.e());
            }
        }
        return ids;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbiddenChanges")
    void forbiddenChangesAreRefusedBeforeAnythingIsWritten(Forbidden f) {
        Connection conn = installed(f.edn(), f.data());
        // An allowed addition in the same model must not be written either.
        Schema model = Schema.builder().include(f.model())
                .namespace("y", y -> y.attr("new", STRING)).build();
        long basis = conn.db().basisT();
        String change = f.change().apply(conn);

        SchemaDiff diff = model.diff(conn.db());
        assertThat(diff.forbidden()).extracting(Change::toString).containsExactly(change);
        assertThat(diff.forbidden()).extracting(Change::kind).containsOnly(Kind.FORBIDDEN);
        assertThat(diff.changes()).extracting(Change::toString).contains(":y/new: new attribute");

        SchemaException refused = catchThrowableOfType(SchemaException.class, () -> model.ensure(conn));
        assertThat(refused.problems()).containsExactly(change);
        assertThat(refused).hasMessageStartingWith("Cannot install the schema (database basis t " + basis
                + "); nothing was written: 1 problem");
        assertThat(conn.db().basisT()).as("nothing written").isEqualTo(basis);
        assertThat(conn.db().entid(Kw.of("y/new"))).isNull();
        assertThat(catchThrowableOfType(SchemaException.class, diff::txData).problems()).containsExactly(change);

        // Datomic refuses the same change when it is transacted by hand.
        assertThat(catchThrowableOfType(TransactionException.class,
                () -> Tx.transact(conn, (List<?>) Util.read(f.naive())))).as("Datomic refuses it").isNotNull();
    }

    @Test
    void anIdentCannotChangeWhatItNames() {
        Connection conn = installed("""
                [{:db/ident :x/plain}
                 {:db/ident :x/attr :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
                 {:db/ident :x/spec :db.entity/attrs [:x/attr]}]""", null);
        Schema model = x(x -> {
            x.attr("plain", STRING);
            x.idents("attr");
            x.attr("target", LONG);
            x.entity("spec").requires("target");
        });
        Schema specOverAttribute = x(x -> x.entity("attr").preds("my.app/ok?"));

        assertThat(model.diff(conn.db()).forbidden()).extracting(Change::toString).containsExactly(
                ":x/plain :db/valueType: none → :db.type/string: the ident is installed as a plain ident; an"
                        + " attribute cannot take it over, choose another ident",
                ":x/attr :db/ident: none → :x/attr: the ident is installed as an attribute; a plain ident cannot"
                        + " take it over");
        assertThat(specOverAttribute.diff(conn.db()).forbidden()).extracting(Change::toString).containsExactly(
                ":x/attr :db.entity/attrs: none → []: the ident is installed as an attribute; an entity spec cannot"
                        + " take it over");
    }

    @Test
    void whatTheDatabaseHoldsBeyondTheModelIsListedAndLeftAlone() {
        Connection conn = TestDatabases.empty();
        Schemas.USERS.ensure(conn);
        Schema smaller = Schema.builder().namespace("time", t -> t.attr("created", dev.datomickit.core.ValueType.INSTANT)
                .doc("When the entity was created")).build();

        SchemaDiff diff = smaller.diff(conn.db());

        assertThat(diff.isUpToDate()).isTrue();
        assertThat(diff.notInModel()).extracting(Keyword::toString).containsExactly(
                ":address/city", ":post/title", ":post/validate", ":user/address", ":user/age", ":user/email",
                ":user/friends", ":user/name", ":user/nickname", ":user/org", ":user/org+email", ":user/roles",
                ":user/scores", ":user/status", ":user/validate", ":user.status/active", ":user.status/suspended");
        assertThat(smaller.ensure(conn).transaction()).isEmpty();
        assertThat(Schema.read(conn.db())).isEqualTo(Schemas.USERS);
    }

    @Test
    void aDiffDescribesItself() {
        Connection conn = installed("[{:db/ident :x/a " + L + "}]", null);

        assertThat(x(x -> x.attr("a", LONG)).diff(conn.db()))
                .hasToString("Schema up to date at basis t " + conn.db().basisT());
        assertThat(x(x -> {
            x.attr("a", LONG).doc("A");
            x.attr("b", LONG);
        }).diff(conn.db())).hasToString("Schema diff at basis t " + conn.db().basisT() + ": 2 changes\n"
                + "  :x/a :db/doc: none → \"A\": allowed\n"
                + "  :x/b: new attribute");
    }

    @Test
    void aChangeNeedsAnIdentAKindAndAReason() {
        Change change = new Change(Kw.of("x/a"), Kind.ALTER, Kw.of("db/doc"), null, "A", "allowed");

        assertThat(change.ident()).isEqualTo(Kw.of("x/a"));
        assertThat(change.property()).isEqualTo(Kw.of("db/doc"));
        assertThat(change).hasToString(":x/a :db/doc: none → \"A\": allowed");
        assertThatCode(() -> new Change(null, Kind.ADD, null, null, null, "r")).isInstanceOf(NullPointerException.class);
    }
}
