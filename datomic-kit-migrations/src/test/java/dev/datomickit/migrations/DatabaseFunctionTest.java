package dev.datomickit.migrations;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThatThrownBy;

import datomic.Connection;
import dev.datomickit.core.Kw;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import dev.datomickit.testing.junit.DatomicTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clojure database functions defined from Java: compiled at definition, installed, called in transactions. */
@DatomicTest(fixtures = TestSchema.class)
class DatabaseFunctionTest {

    private static DatabaseFunction.Builder rename() {
        return DatabaseFunction.clojure("item/rename")
                .params("db", "from", "to")
                .requires("[datomic.api :as d]", "[clojure.string :as str]")
                .imports("java.util.UUID")
                .doc("Renames items, upper-casing the new key")
                .code("""
                        (for [e (d/q '[:find [?e ...] :in $ ?k :where [?e :item/key ?k]] db from)]
                          [:db/add e :item/key (str/upper-case to)])""");
    }

    @Test
    void installsAndRunsInsideATransaction(Connection conn) {
        DatabaseFunction function = rename().build();
        Tx.transact(conn, Tx.data(Tx.entity().set("item/key", "old")));

        Tx.transact(conn, function.txData());
        Tx.transact(conn, Tx.data(function.call("old", "new")));

        assertThat(TestDatabases.values(conn.db(), "item/key")).containsExactly("NEW");
        assertThat(conn.db().entity(Kw.of("item/rename")).get(":db/doc")).isEqualTo("Renames items, upper-casing the new key");
        assertThat(function.call("a", 1)).containsExactly(Kw.of("item/rename"), "a", 1L);
    }

    @Test
    void knowsWhetherItsDefinitionIsInstalled(Connection conn) {
        DatabaseFunction function = rename().build();
        DatabaseFunction edited = rename().code("[]").build();

        assertThat(function.isInstalledIn(conn.db())).isFalse();
        Tx.transact(conn, function.txData());
        assertThat(function.isInstalledIn(conn.db())).isTrue();
        assertThat(edited.isInstalledIn(conn.db())).isFalse();
        Tx.transact(conn, edited.txData());
        assertThat(edited.isInstalledIn(conn.db())).isTrue();
        assertThat(function.isInstalledIn(conn.db())).isFalse();
    }

    @Test
    void throwingAbortsTheTransactionWithTheFunctionsData(Connection conn) {
        DatabaseFunction refuse = DatabaseFunction.clojure("item/refuse").params("db", "why")
                .code("(throw (ex-info why {:db/error :item/refused}))").build();
        Tx.transact(conn, refuse.txData());
        long t = conn.db().basisT();

        assertThatThrownBy(() -> Tx.transact(conn, Tx.data(refuse.call("not today"))))
                .isInstanceOfSatisfying(TransactionException.class, e -> assertThat(e.is("item/refused")).isTrue())
                .hasMessageContaining("not today");
        assertThat(conn.db().basisT()).isEqualTo(t);
    }

    @Test
    void refusesDefinitionsThatDoNotCompile() {
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/broken").params("db").code("(let [x] ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Database function :my/broken does not compile: ");
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/unresolved").params("db").code("(no-such-fn db)").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Database function :my/unresolved does not compile: ")
                .hasMessageContaining("no-such-fn");
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/ns").params("db").requires("[no.such.namespace :as n]")
                .code("db").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no/such/namespace");
    }

    @Test
    void refusesIncompleteOrMalformedDefinitions() {
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/fn").params("db").build())
                .hasMessage("Database function :my/fn has no code; set it with code(…)");
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/fn").code("[]").build())
                .hasMessage("Database function :my/fn has no parameters; a transaction function receives the database"
                        + " first: params(\"db\", …)");
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/fn").params("db", "a/b").code("[]").build())
                .hasMessage("Database function :my/fn parameter \"a/b\" is not a simple symbol such as \"db\"");
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/fn").params("db").requires("[unclosed").code("[]").build())
                .hasMessage("Database function :my/fn require spec \"[unclosed\" is not valid EDN: EOF while reading");
        assertThatThrownBy(() -> DatabaseFunction.clojure("not an ident")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesTextAfterAParameterOrSpecInsteadOfDroppingIt() {
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/fn").params("db x").code("[]").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Database function :my/fn parameter \"db x\" holds 2 EDN forms where one is expected; the"
                        + " second is x (remove the text after the first form)");
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/fn").params("db")
                .requires("[datomic.api :as d] [clojure.string :as str]").code("[]").build())
                .hasMessageStartingWith("Database function :my/fn require spec \"[datomic.api :as d] [clojure.string :as"
                        + " str]\" holds 2 EDN forms where one is expected; the second is [clojure.string :as str]");
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/fn").params("db").imports("java.util.UUID)").code("[]").build())
                .hasMessageStartingWith("Database function :my/fn import spec \"java.util.UUID)\" ");
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/fn").params("db").requires("").code("[]").build())
                .hasMessage("Database function :my/fn require spec \"\" is empty; expected one EDN form");
    }

    @Test
    void refusesSpecsNestedDeeperThanTheReadersBoundInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(4_000) + "]".repeat(4_000);

        assertThatThrownBy(() -> DatabaseFunction.clojure("my/fn").params("db").requires(deep).code("[]").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Database function :my/fn require spec \"[[[[")
                .hasMessageContaining("nests deeper than 100 levels (line 1, column 101), the most datomic-kit reads");
    }

    @Test
    void refusesCodeNestedDeeperThanTheBoundBeforeClojureReadsIt() {
        // 5,000 levels overflowed the stack of Clojure's reader.
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/deep").params("db").code("[".repeat(5_000)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Database function :my/deep code nests deeper than 100 levels (line 1, column 101), the most"
                        + " datomic-kit compiles");
        String atTheBound = "(do " + "[".repeat(99) + "]".repeat(99) + " [])";
        assertThat(DatabaseFunction.clojure("my/ok").params("db").code(atTheBound).build().code()).isEqualTo(atTheBound);
        String inStringsAndComments = "(str \"((((\" \\( ; [[[[\n \"\\\"[\")";
        assertThat(DatabaseFunction.clojure("my/ok").params("db").code(inStringsAndComments).build()).isNotNull();
    }

    @Test
    void namesAClassThatCannotBeFoundAsSuch() {
        assertThatThrownBy(() -> DatabaseFunction.clojure("my/fn").params("db").imports("no.such.Klass").code("db").build())
                .hasMessage("Database function :my/fn does not compile: cannot find class no.such.Klass");
    }

    @Test
    void isAValueThatDescribesItself() {
        DatabaseFunction function = rename().build();

        assertThat(function).isEqualTo(rename().build()).hasSameHashCodeAs(rename().build())
                .isNotEqualTo(rename().doc("other").build())
                .isNotEqualTo(rename().code("[]").build());
        assertThat(function.toString()).isEqualTo("DatabaseFunction[:item/rename [db from to]]");
        assertThat(function.params()).containsExactly("db", "from", "to");
        assertThat(function.ident()).isEqualTo(Kw.of("item/rename"));
        assertThat(function.txData()).singleElement().extracting(m -> ((Map<?, ?>) m).keySet())
                .isEqualTo(java.util.Set.of(Kw.of("db/ident"), Kw.of("db/fn"), Kw.of("db/doc")));
        assertThat(List.of(function.code())).singleElement().asString().startsWith("(for [e");
    }
}
