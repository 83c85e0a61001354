package dev.datomickit.core.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import datomic.Database;
import datomic.Entity;
import datomic.Util;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Forks;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.testmodel.Blog;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A view type kept as a constant meets databases whose schema changed since it was checked: forks
 * of one database that define an attribute differently, altered cardinality, attributes installed
 * later. It is checked again, and fails with an {@link InvalidViewException} naming the attribute,
 * never with a {@code ClassCastException} on first call.
 */
class ViewSchemaChangeTest {

    @Namespace("user")
    interface Seen {
        String email();

        Instant seen();
    }

    @Namespace("user")
    interface Nick {
        String email();

        Optional<String> nickname();
    }

    @Namespace("user")
    interface FirstName {
        Optional<String> firstName();   // :user/firstName or :user/first-name, whichever exists
    }

    private static final List<Object> ALICE = List.of(Kw.of("user/email"), "alice@example.com");

    private static Connection forkWith(Connection base, String schema) {
        Connection fork = Forks.fork(base);
        Tx.transact(fork, (List<?>) Util.read(schema));
        return fork;
    }

    @Test
    void anAttributeWhoseTypeDiffersBetweenForksFailsAsAnInvalidViewNamingIt() {
        Connection base = Forks.mock(Blog.db());
        Connection instant = forkWith(base,
                "[{:db/ident :user/seen :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}]");
        Tx.transact(instant, Tx.data(Tx.add(ALICE, "user/seen", Blog.ALICE_JOINED)));
        Connection text = forkWith(base,
                "[{:db/ident :user/seen :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
        Tx.transact(text, Tx.data(Tx.add(ALICE, "user/seen", "yesterday")));
        ViewType<Seen> views = ViewType.of(Seen.class);

        assertThat(views.wrap(instant.db(), ALICE).seen()).isEqualTo(Blog.ALICE_JOINED.toInstant());
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> views.wrap(text.db(), ALICE).seen())
                    .isInstanceOfSatisfying(InvalidViewException.class, e -> assertThat(e.problems())
                            .containsExactly("Seen.seen() returns Instant, but :user/seen (:db.type/string, one) holds"
                                    + " :db.type/string values"));
            assertThat(views.wrap(instant.db(), ALICE).seen()).isEqualTo(Blog.ALICE_JOINED.toInstant());
        }
    }

    @Test
    void anAttributeAlteredToCardinalityManyFailsAsAnInvalidView() {
        Connection conn = forkWith(Forks.mock(Blog.db()),
                "[{:db/ident :user/nickname :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
        Tx.transact(conn, Tx.data(Tx.add(ALICE, "user/nickname", "Al")));
        ViewType<Nick> views = ViewType.of(Nick.class);
        Nick before = views.wrap(conn.db(), ALICE);
        assertThat(before.nickname()).contains("Al");

        Tx.transact(conn, Tx.data(Tx.add(Kw.of("user/nickname"), "db/cardinality", Kw.of("db.cardinality/many"))));
        Tx.transact(conn, Tx.data(Tx.add(ALICE, "user/nickname", "Ali")));

        assertThatThrownBy(() -> views.wrap(conn.db(), ALICE).nickname().map(String::length))
                .isInstanceOf(InvalidViewException.class)
                .hasMessageContaining("Nick.nickname() returns Optional<String>, but :user/nickname (:db.type/string,"
                        + " many) is cardinality many");
        assertThat(before.nickname()).contains("Al"); // a view reads the database value it was made from
    }

    @Test
    void aRenamedAttributeReplacedByARefFailsAsAnInvalidView() {
        Connection conn = forkWith(Forks.mock(Blog.db()),
                "[{:db/ident :user/nickname :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
        Tx.transact(conn, Tx.data(Tx.add(ALICE, "user/nickname", "Al")));
        ViewType<Nick> views = ViewType.of(Nick.class);
        assertThat(views.wrap(conn.db(), ALICE).nickname()).contains("Al");

        Tx.transact(conn, Tx.data(Tx.add(Kw.of("user/nickname"), "db/ident", Kw.of("user/nickname-v1"))));
        Tx.transact(conn, (List<?>) Util.read("[{:db/ident :user/nickname :db/valueType :db.type/ref"
                + " :db/cardinality :db.cardinality/one :db/isComponent true}]"));
        Tx.transact(conn, Tx.data(Tx.entity(ALICE).set("user/nickname", Tx.entity().set("user/name", "secret"))));

        assertThatThrownBy(() -> views.wrap(conn.db(), ALICE).nickname().map(String::length))
                .isInstanceOf(InvalidViewException.class)
                .hasMessageContaining(":user/nickname (:db.type/ref, one, component) holds :db.type/ref values");
    }

    @Test
    void aConventionThatBecomesAmbiguousIsReportedNotGuessed() {
        Connection conn = forkWith(Forks.mock(Blog.db()),
                "[{:db/ident :user/first-name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
        Tx.transact(conn, Tx.data(Tx.add(ALICE, "user/first-name", "Alice")));
        ViewType<FirstName> views = ViewType.of(FirstName.class);
        assertThat(views.wrap(conn.db(), ALICE).firstName()).contains("Alice");

        Tx.transact(conn, (List<?>) Util.read(
                "[{:db/ident :user/firstName :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]"));

        assertThatThrownBy(() -> views.wrap(conn.db(), ALICE))
                .isInstanceOf(InvalidViewException.class)
                .hasMessageContaining("finds both :user/firstName and :user/first-name");
    }

    /** Many threads wrap alice in two forks that disagree on :user/seen: each gets its own fork's answer. */
    @Test
    void divergingForksFromManyThreadsGiveEachItsOwnAnswer() throws Exception {
        Connection base = Forks.mock(Blog.db());
        Connection instant = forkWith(base,
                "[{:db/ident :user/seen :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}]");
        Tx.transact(instant, Tx.data(Tx.add(ALICE, "user/seen", Blog.ALICE_JOINED)));
        Connection many = forkWith(base,
                "[{:db/ident :user/seen :db/valueType :db.type/instant :db/cardinality :db.cardinality/many}]");
        Tx.transact(many, Tx.data(Tx.add(ALICE, "user/seen", Blog.ALICE_JOINED)));
        Database good = instant.db();
        Database bad = many.db();
        ViewType<Seen> views = ViewType.of(Seen.class);

        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                failures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 300; i++) {
                        boolean odd = (i + thread) % 2 == 1;
                        Entity alice = Entities.get(odd ? bad : good, "user/email", "alice@example.com");
                        try {
                            Instant seen = views.wrap(alice).seen();
                            if (odd || !seen.equals(Blog.ALICE_JOINED.toInstant())) {
                                return "iteration " + i + " read " + seen + (odd ? " from the fork where it is many" : "");
                            }
                        } catch (InvalidViewException e) {
                            if (!odd || !e.getMessage().contains(":user/seen (:db.type/instant, many)")) {
                                return "iteration " + i + ": " + e.getMessage();
                            }
                        } catch (RuntimeException e) {
                            return "iteration " + i + ": " + e;
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<String> failure : failures) {
                assertThat(failure.get()).isNull();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A view type lives as long as its interface; the database it last checked is held weakly. */
    @Test
    void aViewTypeDoesNotKeepADroppedForkAlive() throws Exception {
        WeakReference<Database> fork = wrapInAForkAndDropIt();

        for (int i = 0; i < 100 && fork.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(fork.get()).as("the fork's database, after a view type used it").isNull();
    }

    private static WeakReference<Database> wrapInAForkAndDropIt() {
        Connection conn = forkWith(Forks.mock(Blog.db()),
                "[{:db/ident :user/nickname :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
        Tx.transact(conn, Tx.data(Tx.add(ALICE, "user/nickname", "Al")));
        Database db = conn.db();
        assertThat(ViewType.of(Nick.class).wrap(db, ALICE).nickname()).contains("Al");
        return new WeakReference<>(db);
    }
}
