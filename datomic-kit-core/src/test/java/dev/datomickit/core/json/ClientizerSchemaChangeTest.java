package dev.datomickit.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import datomic.Database;
import datomic.Entity;
import datomic.Util;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Forks;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.testmodel.Blog;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A clientizer kept as a constant meets databases whose schema changed since it was compiled:
 * renamed and re-created attributes, altered cardinality, forks of one database that diverge.
 * Whatever happened, it shows only what its pattern names, converted as the attribute now is.
 */
class ClientizerSchemaChangeTest {

    static final String SECRET = "$2a$12$secret-hash-that-must-never-reach-a-client";

    /** Blog plus :user/avatar as a string and a secret entity type; alice has an avatar. */
    static Connection withStringAvatar() {
        Connection conn = Forks.mock(Blog.db());
        Tx.transact(conn, (List<?>) Util.read("""
                [{:db/ident :user/avatar :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
                 {:db/ident :secret/password-hash :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
                 {:db/ident :image/url :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]"""));
        Tx.transact(conn, Tx.data(Tx.add(alice(), "user/avatar", "alice.png")));
        return conn;
    }

    /** Renames :user/avatar to :user/avatar-v1 and installs a new :user/avatar, a component ref. */
    static void replaceAvatarWithAComponent(Connection conn) {
        Tx.transact(conn, Tx.data(Tx.add(Kw.of("user/avatar"), "db/ident", Kw.of("user/avatar-v1"))));
        Tx.transact(conn, (List<?>) Util.read("""
                [{:db/ident :user/avatar :db/valueType :db.type/ref :db/cardinality :db.cardinality/one
                  :db/isComponent true}]"""));
        Tx.transact(conn, Tx.data(Tx.entity(alice()).set("user/avatar",
                Tx.entity().set("image/url", "https://img.example.com/alice.png").set("secret/password-hash", SECRET))));
    }

    private static List<Object> alice() {
        return List.of(Kw.of("user/email"), "alice@example.com");
    }

    @Test
    void aRenamedAttributeReplacedByAComponentDoesNotLeakItsAttributes() {
        Clientizer clUser = Clientizer.of("[:user/email :user/avatar]");
        Connection conn = withStringAvatar();
        assertThat(clUser.apply(Entities.get(conn.db(), "user/email", "alice@example.com")))
                .isEqualTo(Map.of("email", "alice@example.com", "avatar", "alice.png"));

        replaceAvatarWithAComponent(conn);
        Entity alice = Entities.get(conn.db(), "user/email", "alice@example.com");
        Map<String, Object> json = clUser.apply(alice);

        assertThat(json.toString()).doesNotContain(SECRET).doesNotContain("img.example.com");
        // The new :user/avatar is a ref named without a sub-pattern: reduced to its entity id.
        assertThat(json).containsOnlyKeys("email", "avatar");
        assertThat(json.get("avatar")).isEqualTo(((Entity) alice.get(":user/avatar")).get(":db/id"));
        assertThat(clUser.applyAll(List.of(alice)).toString()).doesNotContain(SECRET);
        assertThat(clUser.applyAll(conn.db(), List.of(alice())).toString()).doesNotContain(SECRET);
    }

    @Test
    void theSameDatabaseValueBeforeTheChangeStillReadsTheOldAttribute() {
        Clientizer clUser = Clientizer.of("[:user/email :user/avatar]");
        Connection conn = withStringAvatar();
        Database before = conn.db();
        replaceAvatarWithAComponent(conn);
        Database after = conn.db();

        for (int i = 0; i < 3; i++) {
            assertThat(clUser.apply(before, alice())).containsEntry("avatar", "alice.png");
            assertThat(clUser.apply(after, alice()).get("avatar")).isInstanceOf(Long.class);
        }
    }

    @Test
    void aNestedSubPatternFollowsTheAttributeAsItNowIs() {
        Clientizer clUser = Clientizer.of("[:user/email {:comment/_author [:comment/content :user/avatar]}]");
        Connection conn = withStringAvatar();
        Tx.transact(conn, Tx.data(Tx.add(List.of(Kw.of("comment/id"), Blog.COMMENT_4), "user/avatar", "c4.png")));
        Entity carol = Entities.get(conn.db(), "user/email", "carol@example.com");
        assertThat(clUser.apply(carol).toString()).contains("c4.png");

        replaceAvatarWithAComponent(conn);
        Tx.transact(conn, Tx.data(Tx.entity(List.of(Kw.of("comment/id"), Blog.COMMENT_4)).set("user/avatar",
                Tx.entity().set("secret/password-hash", SECRET))));

        assertThat(clUser.apply(Entities.get(conn.db(), "user/email", "carol@example.com")).toString())
                .doesNotContain(SECRET).doesNotContain("c4.png");
    }

    @Test
    void anIdentifyingAttributeThatBecameAComponentIsRefusedNotShown() {
        Clientizer clComment = Clientizer.of("[:comment/content :comment/author]")
                .withRefId("comment/author", "user/avatar");
        Connection conn = withStringAvatar();
        Tx.transact(conn, Tx.data(Tx.add(List.of(Kw.of("user/id"), Blog.BOB), "user/avatar", "bob.png")));
        assertThat(clComment.apply(conn.db(), List.of(Kw.of("comment/id"), Blog.COMMENT_1)))
                .containsEntry("author", "bob.png");

        replaceAvatarWithAComponent(conn);
        Tx.transact(conn, Tx.data(Tx.entity(List.of(Kw.of("user/id"), Blog.BOB)).set("user/avatar",
                Tx.entity().set("secret/password-hash", SECRET))));

        assertThatThrownBy(() -> clComment.apply(conn.db(), List.of(Kw.of("comment/id"), Blog.COMMENT_1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("withRefId(:comment/author, :user/avatar)")
                .hasMessageContaining(":user/avatar (:db.type/ref, one, component)")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void anAttributeAlteredToCardinalityManyBecomesAList() {
        Clientizer clUser = Clientizer.of("[:user/email :user/avatar]");
        Connection conn = withStringAvatar();
        assertThat(clUser.apply(conn.db(), alice())).containsEntry("avatar", "alice.png");

        Tx.transact(conn, Tx.data(Tx.add(Kw.of("user/avatar"), "db/cardinality", Kw.of("db.cardinality/many"))));
        Tx.transact(conn, Tx.data(Tx.add(alice(), "user/avatar", "alice-2.png")));

        assertThat(clUser.apply(conn.db(), alice()).get("avatar")).isInstanceOfSatisfying(List.class,
                avatars -> assertThat(avatars).containsExactlyInAnyOrder("alice.png", "alice-2.png"));
    }

    @Test
    void aValueTypeThatDiffersBetweenForksIsConvertedAsEachForkHasIt() {
        Clientizer clUser = Clientizer.of("[:user/email :user/seen]");
        Connection base = Forks.mock(Blog.db());
        Connection asInstant = Forks.fork(base);
        Tx.transact(asInstant, (List<?>) Util.read(
                "[{:db/ident :user/seen :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}]"));
        Tx.transact(asInstant, Tx.data(Tx.add(alice(), "user/seen", Blog.ALICE_JOINED)));
        Connection asString = Forks.fork(base);
        Tx.transact(asString, (List<?>) Util.read(
                "[{:db/ident :user/seen :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]"));
        Tx.transact(asString, Tx.data(Tx.add(alice(), "user/seen", "yesterday")));
        assertThat(asInstant.db().id()).isEqualTo(asString.db().id()); // what the old cache keyed on

        for (int i = 0; i < 3; i++) {
            assertThat(clUser.apply(asString.db(), alice())).containsEntry("seen", "yesterday");
            assertThat(clUser.apply(asInstant.db(), alice())).containsEntry("seen", "2016-07-24T10:15:30Z");
        }
    }

    @Test
    void aReverseRefWhoseForwardAttributeChangedFollowsItOrIsRefused() {
        Clientizer clUser = Clientizer.of("[:user/email :comment/_author]");
        Connection conn = Forks.mock(Blog.db());
        List<Object> carol = List.of(Kw.of("user/email"), "carol@example.com");
        assertThat((List<?>) clUser.apply(conn.db(), carol).get("_author")).hasSize(1);

        // :comment/author becomes a component: the owner of a component is one entity, not a list.
        Tx.transact(conn, Tx.data(Tx.add(Kw.of("comment/author"), "db/isComponent", true)));
        assertThat(clUser.apply(conn.db(), carol).get("_author")).isInstanceOf(Long.class);

        // Renamed, and a string attribute takes its name: there is no reverse of a string to follow.
        Tx.transact(conn, Tx.data(Tx.add(Kw.of("comment/author"), "db/ident", Kw.of("comment/author-v1"))));
        Tx.transact(conn, (List<?>) Util.read(
                "[{:db/ident :comment/author :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]"));
        assertThatThrownBy(() -> clUser.apply(conn.db(), carol)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":comment/_author is the reverse of :comment/author (:db.type/string, one)");
    }

    @Test
    void enumValuesAreReadAsTheyAreNamedNow() {
        Clientizer clUser = Clientizer.of("[:user/email :user/role]");
        Connection conn = Forks.mock(Blog.db());
        assertThat(clUser.apply(conn.db(), alice())).containsEntry("role", "admin");

        Tx.transact(conn, Tx.data(Tx.add(Kw.of("role/admin"), "db/ident", Kw.of("role/owner"))));

        assertThat(clUser.apply(conn.db(), alice())).containsEntry("role", "owner");
    }

    /**
     * Two forks of one fixture: in one :user/avatar is a string, in the other a component ref whose
     * entity holds a password hash. Many threads clientize alice in both, alternately, with one
     * clientizer: every result is the one its own fork gives, and none holds the hash.
     */
    @Test
    void divergingForksAppliedAlternatelyFromManyThreadsNeverLeak() throws Exception {
        Clientizer clUser = Clientizer.of("[:user/email :user/avatar]");
        Connection base = withStringAvatar();
        Database plain = Forks.fork(base).db();
        Connection diverged = Forks.fork(base);
        replaceAvatarWithAComponent(diverged);
        Database component = diverged.db();
        Object avatarId = ((Entity) Entities.get(component, "user/email", "alice@example.com").get(":user/avatar"))
                .get(":db/id");
        Map<String, Object> plainExpected = Map.of("email", "alice@example.com", "avatar", "alice.png");
        Map<String, Object> componentExpected = Map.of("email", "alice@example.com", "avatar", avatarId);

        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                failures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 400; i++) {
                        boolean odd = (i + thread) % 2 == 1;
                        Database db = odd ? component : plain;
                        // Fresh entities and both entry points, so no call can reuse another's database object.
                        Map<String, Object> json = i % 3 == 0
                                ? clUser.applyAll(db, List.of(alice())).get(0)
                                : clUser.apply(Entities.get(db, "user/email", "alice@example.com"));
                        if (!json.equals(odd ? componentExpected : plainExpected)) {
                            return "thread " + thread + ", iteration " + i + ": " + json;
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

    /**
     * Even with a plan compiled for another schema (which the clientizer never uses once it checks
     * the schema), a value slot refuses an entity: the last line of defence does not depend on the first.
     */
    @Test
    void aValueSlotNeverEmitsAMapWhateverThePlan() {
        Connection conn = withStringAvatar();
        Plan stale = Plan.compile(conn.db(), PatternSpec.parse("[:user/email :user/avatar]"),
                new Plan.Settings(Naming.CAMEL_CASE, Naming.STRIP_NAMESPACE, Map.of(), 8,
                        Clientizer.DEFAULT_RECURSION_BUDGET));
        replaceAvatarWithAComponent(conn);
        Database changed = conn.db();
        assertThat(stale.holdsFor(changed)).isFalse();

        Map<?, ?> pulled = changed.pull(stale.pullPattern, alice());
        assertThat(pulled.toString()).contains(SECRET); // what Datomic returns for the stale pattern
        assertThatThrownBy(() -> stale.root.convert(pulled))
                .isInstanceOf(DatomicKitException.class)
                .hasMessageContaining(":user/avatar")
                .hasMessageContaining("an entity")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining("clojure.").hasMessageNotContaining("java.");
    }

    /** A constant clientizer remembers the database it last checked weakly: a dropped fork is collected. */
    @Test
    void aConstantClientizerDoesNotKeepADroppedForkAlive() throws Exception {
        Clientizer clUser = Clientizer.of("[:user/email :user/avatar]");
        WeakReference<Database> fork = clientizeInAForkAndDropIt(clUser);

        for (int i = 0; i < 100 && fork.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(fork.get()).as("the fork's database, after the clientizer used it").isNull();
        assertThat(clUser.apply(withStringAvatar().db(), alice())).containsEntry("avatar", "alice.png");
    }

    private static WeakReference<Database> clientizeInAForkAndDropIt(Clientizer clientizer) {
        Database db = withStringAvatar().db();
        assertThat(clientizer.apply(db, alice())).containsEntry("avatar", "alice.png");
        return new WeakReference<>(db);
    }
}
