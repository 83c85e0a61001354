package dev.datomickit.core.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clojure.lang.Keyword;
import datomic.Connection;
import datomic.Database;
import datomic.Entity;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Kw;
import dev.datomickit.core.SchemaModel;
import dev.datomickit.core.Tx;
import dev.datomickit.core.ValueType;
import dev.datomickit.core.testmodel.Blog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An interface that does not fit is reported when its view type is first used, every problem at once. */
class InvalidViewTest {

    private final Database db = Blog.db();
    private final Entity alice = Entities.get(db, "user/email", "alice@example.com");

    interface Malformed {
        String email(String unused);

        void touch();

        int age();

        Map<String, Object> everything();

        @SuppressWarnings("rawtypes")
        Optional raw();

        @Attribute("user//name")
        String name();

        @Attribute("name")
        String shortName();

        Optional<Set<String>> nested();
    }

    @Test
    void methodsThatCannotBeViewMethodsAreReportedByOf() {
        assertThatThrownBy(() -> ViewType.of(Malformed.class))
                .isInstanceOfSatisfying(InvalidViewException.class, e -> {
                    assertThat(e.viewType()).isEqualTo(Malformed.class);
                    assertThat(e.problems()).hasSize(8).anySatisfy(p -> assertThat(p)
                            .isEqualTo("Malformed.age(): int cannot hold a :db.type/long, which is 64-bit; declare long or Long"));
                    assertThat(e.getMessage()).contains("Malformed.email() takes parameters")
                            .contains("Malformed.touch() returns void")
                            .contains("Malformed.everything(): return type java.util.Map<java.lang.String, java.lang.Object>"
                                    + " cannot hold Datomic values")
                            .contains("Malformed.raw(): raw Optional")
                            .contains("Malformed.name(): @Attribute: Malformed keyword \"user//name\"")
                            .contains("Malformed.shortName(): @Attribute(\"name\") has no namespace; write it in full,"
                                    + " such as \"malformed/name\"")
                            .contains("Malformed.nested(): return type java.util.Optional<java.util.Set<java.lang.String>>");
                });
        assertThatThrownBy(() -> ViewType.of(String.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String is not an interface");
    }

    interface Reaches {
        String email();

        Set<Malformed> friends();
    }

    @Test
    void problemsOfAViewTypeReachedThroughARefAreReportedOnFirstUse() {
        assertThatThrownBy(() -> ViewType.of(Reaches.class)).isInstanceOfSatisfying(InvalidViewException.class,
                e -> assertThat(e.problems()).hasSize(8).allSatisfy(p -> assertThat(p).startsWith("Malformed.")));
    }

    @Namespace("user")
    interface Misfit {
        String emial();

        String age();

        String friends();

        Set<String> name();

        @Attribute("user/_name")
        Set<Misfit> named();

        @Attribute("user/_profile")
        Set<Misfit> owners();

        @Attribute("post/_author")
        Set<String> postTitles();

        long joined();

        @Attribute("nope/_thing")
        Set<Misfit> things();
    }

    @Test
    void methodsThatDoNotFitTheDatabaseAreReportedOnTheFirstWrapNotOnTheFirstCall() {
        ViewType<Misfit> misfits = ViewType.of(Misfit.class); // structurally fine

        assertThatThrownBy(() -> misfits.wrap(alice)).isInstanceOfSatisfying(InvalidViewException.class, e -> {
            assertThat(e.getMessage()).startsWith("View " + Misfit.class.getName() + " does not fit database "
                    + db.id() + " at basis t " + db.basisT() + ":");
            assertThat(e.problems()).containsExactlyInAnyOrder(
                    "Misfit.age(): no attribute :user/age in database " + db.id() + " at basis t " + db.basisT()
                            + "; name it with @Attribute(\"ns/name\")",
                    "Misfit.emial(): no attribute :user/emial in database " + db.id() + " at basis t " + db.basisT()
                            + "; name it with @Attribute(\"ns/name\")",
                    "Misfit.friends() returns String, but :user/friends (:db.type/ref, many) holds :db.type/ref values",
                    "Misfit.joined() returns long, but :user/joined (:db.type/instant, one) holds :db.type/instant values",
                    "Misfit.name() returns Set<String>, but :user/name (:db.type/string, one) is cardinality one;"
                            + " return a single value or an Optional",
                    "Misfit.named(): :user/_name is the reverse of :user/name (:db.type/string, one), which is not a ref",
                    "Misfit.owners() returns Set<Misfit>, but :user/_profile (reverse of :user/profile (:db.type/ref,"
                            + " one, component)) leads to one owner entity (its component); return a single view,"
                            + " Entity or Optional",
                    "Misfit.postTitles() returns Set<String>, but :post/_author (reverse of :post/author"
                            + " (:db.type/ref, one)) leads to entities; return a view interface or Entity",
                    "Misfit.things(): no attribute :nope/_thing (reverse of :nope/thing) in database " + db.id()
                            + " at basis t " + db.basisT());
        });
    }

    interface Person {
        String firstName();

        boolean isActive();
    }

    @Test
    void theNamingConventionTriesCamelAndKebabCaseAndRefusesToGuessBetweenThem() {
        Connection conn = Blog.freshConnection();
        Tx.transact(conn, Tx.data(
                attribute("person/firstName", "db.type/string"), attribute("person/first-name", "db.type/string"),
                attribute("person/active?", "db.type/boolean")));

        assertThatThrownBy(() -> ViewType.of(Person.class).wrap(conn.db(), Kw.of("db/ident")))
                .isInstanceOfSatisfying(InvalidViewException.class, e -> assertThat(e.problems()).containsExactly(
                        "Person.firstName(): the naming convention finds both :person/firstName and :person/first-name;"
                                + " say which with @Attribute"));
        Connection kebab = Blog.freshConnection();
        Tx.transact(kebab, Tx.data(attribute("person/first-name", "db.type/string"),
                attribute("person/active?", "db.type/boolean")));
        Entity person = Tx.transact(kebab, Tx.data(Tx.entity("p").set("person/first-name", "Ada")
                .set("person/active?", true))).entity("p");
        Person ada = ViewType.of(Person.class).wrap(person);
        assertThat(ada.firstName()).isEqualTo("Ada");
        assertThat(ada.isActive()).isTrue();
    }

    @Test
    void aSchemaModelIsCheckedWhenTheViewTypeIsAskedFor() {
        // A schema declared in code, before it is installed anywhere: :user/name is missing from it.
        Map<Keyword, SchemaModel.Attribute> declared = Map.of(
                Kw.of("user/email"), new SchemaModel.Attribute(Kw.of("user/email"), ValueType.STRING, false, false),
                Kw.of("user/friends"), new SchemaModel.Attribute(Kw.of("user/friends"), ValueType.REF, true, false));
        SchemaModel model = new SchemaModel() {
            @Override
            public Optional<SchemaModel.Attribute> lookup(Keyword ident) {
                return Optional.ofNullable(declared.get(ident));
            }

            @Override
            public String toString() {
                return "the declared schema";
            }
        };

        assertThat(ViewType.of(Reachable.class, model).attributes(model))
                .containsExactly(Map.entry("email", ":user/email"), Map.entry("friends", ":user/friends"));
        assertThatThrownBy(() -> ViewType.of(Named.class, model)).isInstanceOf(InvalidViewException.class)
                .hasMessage("View " + Named.class.getName() + " does not fit the declared schema:\n"
                        + "  - Named.name(): no attribute :user/name in the declared schema; name it with @Attribute(\"ns/name\")");
    }

    @Namespace("user")
    interface Reachable {
        String email();

        Set<Reachable> friends();
    }

    @Namespace("user")
    interface Named {
        String email();

        String name();
    }

    @Test
    void schemaModelAttributesRefuseComponentsThatAreNotRefs() {
        assertThatThrownBy(() -> new SchemaModel.Attribute(Kw.of("user/name"), ValueType.STRING, false, true))
                .hasMessage("Attribute :user/name is :db.type/string and cannot be a component; only refs can");
        assertThat(SchemaModel.of(db).lookup(Kw.of("user/friends"))).contains(
                new SchemaModel.Attribute(Kw.of("user/friends"), ValueType.REF, true, false));
        assertThat(SchemaModel.of(db).lookup(Kw.of("user/nope"))).isEmpty();
        assertThat(SchemaModel.of(db).lookup(Kw.of("user/profile")).orElseThrow())
                .hasToString(":user/profile (:db.type/ref, one, component)");
    }

    private static Object attribute(String ident, String type) {
        return Tx.entity().set("db/ident", Kw.of(ident)).set("db/valueType", Kw.of(type))
                .set("db/cardinality", Kw.of("db.cardinality/one"));
    }

    @Test
    void enumValuesWithoutAConstantAndRefsWithoutIdentFailWithTheValue() {
        Connection conn = Blog.freshConnection();
        Tx.transact(conn, Tx.data(Tx.entity().set("db/ident", Kw.of("post.status/archived"))));
        Tx.transact(conn, Tx.data(Tx.add(List.of(Kw.of("post/id"), Blog.POST_2), "post/status",
                Kw.of("post.status/archived"))));
        Tx.transact(conn, Tx.data(Tx.add(List.of(Kw.of("user/id"), Blog.BOB), "user/role",
                List.of(Kw.of("user/id"), Blog.CAROL))));
        Database changed = conn.db();

        BlogViews.Post post = ViewType.of(BlogViews.Post.class).wrap(changed, List.of(Kw.of("post/id"), Blog.POST_2));
        assertThatThrownBy(post::status).hasMessageContaining(".status(): :post/status is :post.status/archived,"
                + " which matches no constant of " + BlogViews.Post.Status.class.getName() + " [DRAFT, PUBLISHED, IN_REVIEW]");
        BlogViews.User bob = ViewType.of(BlogViews.User.class).wrap(changed, List.of(Kw.of("user/id"), Blog.BOB));
        assertThatThrownBy(bob::role).hasMessageContaining(".role(): :user/role refers to entity")
                .hasMessageContaining("which has no :db/ident, so it is not an enum value");
    }
}
