package dev.datomickit.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clojure.lang.Keyword;
import datomic.Connection;
import datomic.Database;
import datomic.Util;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.Forks;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxEntity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Recursion has a budget of entities per clientized entity, counted before they are read, so a
 * cyclic or wide graph fails with a clear message instead of building hundreds of thousands of maps;
 * within the budget, the result is the one Datomic's own recursive pull gives.
 */
class ClientizerRecursionBudgetTest {

    private static final String SCHEMA = """
            [{:db/ident :user/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one
              :db/unique :db.unique/identity}
             {:db/ident :user/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :user/friends :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}
             {:db/ident :user/mentor :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
             {:db/ident :post/title :db/valueType :db.type/string :db/cardinality :db.cardinality/one
              :db/unique :db.unique/identity}
             {:db/ident :post/author :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}]
            """;

    private static Connection schema() {
        Connection conn = Forks.mock();
        Tx.transact(conn, (List<?>) Util.read(SCHEMA));
        return conn;
    }

    private static List<Object> user(String email) {
        return List.of(Kw.of("user/email"), email);
    }

    /** Users u0 … u(n-1), each a friend of every other. */
    private static Database clique(int n) {
        Connection conn = schema();
        List<Object> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> friends = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    friends.add("u" + j);
                }
            }
            users.add(Tx.entity("u" + i).set("user/email", "u" + i + "@example.com").set("user/friends", friends));
        }
        return Tx.transact(conn, Tx.dataOf(users)).dbAfter();
    }

    @Test
    void aCliqueOfNineFriendsExceedsTheBudgetInsteadOfBuildingHalfAMillionMaps() {
        Database db = clique(9);
        Clientizer friends = Clientizer.of("[:user/email {:user/friends ...}]");

        // Datomic's own pull builds 554,249 maps here (paths of distinct friends, 8 levels deep).
        assertThatThrownBy(() -> friends.apply(db, user("u0@example.com")))
                .isInstanceOf(DatomicKitException.class)
                .hasMessageContaining("Clientizer pattern [:user/email {:user/friends ...}] reaches more than 10000"
                        + " entities through recursion (:user/friends) from entity [:user/email \"u0@example.com\"]")
                .hasMessageContaining("raise it with withRecursionBudget (at most 1000000)")
                .hasMessageContaining("withMaxDepth, now 8, or an explicit depth such as {:user/friends 2}");
        assertThatThrownBy(() -> friends.applyAll(db, List.of(user("u3@example.com"))))
                .hasMessageContaining("from entity [:user/email \"u3@example.com\"]");

        // Shallower, it fits, and is exactly what Datomic's pull gives.
        Clientizer shallow = friends.withMaxDepth(3);
        Map<String, Object> json = shallow.apply(db, user("u0@example.com"));
        assertThat(json).isEqualTo(datomicPull(db, "[:user/email {:user/friends 3}]", user("u0@example.com")));
        assertThat(maps(json)).isEqualTo(1 + 8 + 8 * 8 + 8 * 7 * 8); // levels 1 to 3; entities on the path are leaves
    }

    @Test
    void theBudgetIsPerClientizedEntityAndCountsEveryPlaceAnEntityAppears() {
        Database db = clique(9);
        // From each user, depth 2 reaches 8 friends and 8 × 8 of theirs (the user itself included, as a leaf).
        Clientizer two = Clientizer.of("[:user/email {:user/friends 2}]");
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            all.add(user("u" + i + "@example.com"));
        }

        assertThat(two.withRecursionBudget(72).applyAll(db, all)).hasSize(9)
                .allSatisfy(json -> assertThat(maps(json)).isEqualTo(73));
        assertThatThrownBy(() -> two.withRecursionBudget(71).applyAll(db, all))
                .hasMessageContaining("reaches more than 71 entities")
                .hasMessageContaining("from entity [:user/email \"u0@example.com\"]");
    }

    @Test
    void theBudgetIsChecked() {
        Clientizer clientizer = Clientizer.of("[:user/email {:user/friends ...}]");
        assertThatThrownBy(() -> clientizer.withRecursionBudget(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Recursion budget 0 is out of range; expected 1 to 1000000 entities per clientized entity");
        assertThatThrownBy(() -> clientizer.withRecursionBudget(Clientizer.MAX_RECURSION_BUDGET + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(clientizer.withRecursionBudget(Clientizer.MAX_RECURSION_BUDGET)).isNotNull();
    }

    @Test
    void aWideFanOutIsRefusedBeforeItsEntitiesAreRead() {
        Connection conn = schema();
        int fans = 12_000;
        List<Object> data = new ArrayList<>();
        List<String> friends = new ArrayList<>();
        for (int i = 0; i < fans; i++) {
            data.add(Tx.entity("f" + i).set("user/email", "f" + i + "@example.com"));
            friends.add("f" + i);
        }
        data.add(Tx.entity("hub").set("user/email", "hub@example.com").set("user/friends", friends));
        Database db = Tx.transact(conn, Tx.dataOf(data)).dbAfter();
        Clientizer all = Clientizer.of("[:user/email {[:user/friends :limit nil] 1}]");

        assertThatThrownBy(() -> all.apply(db, user("hub@example.com")))
                .hasMessageContaining("reaches more than 10000 entities through recursion (:user/friends)");

        Map<String, Object> json = all.withRecursionBudget(fans).apply(db, user("hub@example.com"));
        assertThat((List<?>) json.get("friends")).hasSize(fans);
        // Without recursion the same fan-out is one pull, as Datomic reads it.
        assertThat((List<?>) Clientizer.of("[:user/email {[:user/friends :limit nil] [:user/email]}]")
                .apply(db, user("hub@example.com")).get("friends")).hasSize(fans);
    }

    @Test
    void aChainOfTenThousandStopsAtTheDepthBoundWithoutDeepStacks() {
        Connection conn = schema();
        int length = 10_000;
        List<Object> users = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            TxEntity u = Tx.entity("c" + i).set("user/email", "c" + i + "@example.com");
            if (i + 1 < length) {
                u.set("user/mentor", "c" + (i + 1)).set("user/friends", List.of("c" + (i + 1)));
            }
            users.add(u);
        }
        Database db = Tx.transact(conn, Tx.dataOf(users)).dbAfter();
        Clientizer deepest = Clientizer.of("[:user/email {:user/mentor ...}]").withMaxDepth(Clientizer.MAX_DEPTH_LIMIT);

        Map<String, Object> json = deepest.apply(db, user("c0@example.com"));

        int depth = 0;
        Map<?, ?> current = json;
        while (current.get("mentor") instanceof Map<?, ?> next) {
            current = next;
            depth++;
        }
        assertThat(depth).isEqualTo(Clientizer.MAX_DEPTH_LIMIT);
        assertThat(current).isEqualTo(Map.of("email", "c100@example.com"));
        assertThat(json).isEqualTo(datomicPull(db, "[:user/email {:user/mentor 100}]", user("c0@example.com")));

        List<Object> every10th = new ArrayList<>();
        for (int i = 0; i < length; i += 10) {
            every10th.add(user("c" + i + "@example.com"));
        }
        List<Map<String, Object>> many = Clientizer.of("[:user/email {:user/friends ...}]")
                .withMaxDepth(Clientizer.MAX_DEPTH_LIMIT).applyAll(db, every10th);
        assertThat(many).hasSize(1_000);
        assertThat(maps(many.get(0))).isEqualTo(101);
        assertThat(maps(many.get(999))).isEqualTo(10); // c9990 … c9999
    }

    /**
     * On random graphs (some users without an email, some with a self-loop, some nested under a
     * post), every recursive pattern gives what Datomic's own recursive pull gives for the same
     * entity: same maps, same leaves where an entity is already on the path, same empty entities
     * left out.
     */
    @Test
    void withinTheBudgetTheResultIsDatomicsOwn() {
        Random random = new Random(12);
        List<String> patterns = List.of(
                "[:user/email {:user/friends ...}]",
                "[:user/email {:user/friends 1}]",
                "[:user/email {:user/friends 2}]",
                "[:user/email :user/name {:user/friends 3} {:user/mentor [:user/email]}]",
                "[:user/email {:user/mentor ...}]",
                "[:user/name {:user/friends 4}]",
                "[:user/email {:user/_friends 2}]",
                "[:user/email {[:user/friends :limit 2] ...}]");
        for (int graph = 0; graph < 12; graph++) {
            int size = 3 + random.nextInt(6);
            Database db = randomGraph(random, size);
            for (int u = 0; u < size; u++) {
                List<Object> root = List.of(Kw.of("post/title"), "p" + u);
                Object author = ((datomic.Entity) db.entity(root).get(":post/author")).get(":db/id");
                for (String pattern : patterns) {
                    String where = where(graph, u, pattern);
                    Clientizer clientizer = Clientizer.of(pattern).withMaxDepth(5);
                    assertThat(clientizer.apply(db, author)).as(where)
                            .isEqualTo(datomicPull(db, pattern.replace("...", "5"), author));
                }
                // Naming :db/id changes nothing but the ids shown. (Datomic's own pull then stops seeing
                // cycles and goes a level deeper, which is why this one is not compared with it.)
                Map<String, Object> withIds = Clientizer.of("[:db/id :user/email {:user/friends 2}]").apply(db, author);
                assertThat(withoutIds(withIds)).as(where(graph, u, "[:db/id …]"))
                        .isEqualTo(Clientizer.of("[:user/email {:user/friends 2}]").apply(db, author));
                // Recursion inside a sub-pattern starts its path at the entity the sub-pattern reaches.
                String nested = "[:post/title {:post/author [:user/name {:user/friends 3}]}]";
                assertThat(Clientizer.of(nested).apply(db, root)).as("graph " + graph + ", " + nested)
                        .isEqualTo(datomicPull(db, nested, db.entid(root)));
            }
        }
    }

    private static String where(int graph, int user, String pattern) {
        return "graph " + graph + ", user " + user + ", " + pattern;
    }

    /** The map without its "id" keys, and without the maps and lists left empty by their removal. */
    private static Map<String, Object> withoutIds(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k.equals("id")) {
                return;
            }
            Object value = v;
            if (v instanceof Map<?, ?> m) {
                value = withoutIds(m);
            } else if (v instanceof List<?> l) {
                value = l.stream().map(e -> e instanceof Map<?, ?> m ? withoutIds(m) : e)
                        .filter(e -> !(e instanceof Map<?, ?> m && m.isEmpty())).toList();
            }
            if (!(value instanceof Map<?, ?> m && m.isEmpty()) && !(value instanceof List<?> l && l.isEmpty())) {
                out.put((String) k, value);
            }
        });
        return out;
    }

    /** Users n0 … n(size-1) with random friends and mentors; about a third have no email. */
    private static Database randomGraph(Random random, int size) {
        Connection conn = schema();
        List<Object> data = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            TxEntity u = Tx.entity("n" + i).set("user/name", "n" + i);
            if (random.nextInt(3) > 0) {
                u.set("user/email", "n" + i + "@example.com");
            }
            List<String> friends = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                if (random.nextInt(3) == 0) {
                    friends.add("n" + j); // self-loops included
                }
            }
            if (!friends.isEmpty()) {
                u.set("user/friends", friends);
            }
            if (random.nextBoolean()) {
                u.set("user/mentor", "n" + random.nextInt(size));
            }
            data.add(u);
            data.add(Tx.entity().set("post/title", "p" + i).set("post/author", "n" + i));
        }
        return Tx.transact(conn, Tx.dataOf(data)).dbAfter();
    }

    /**
     * Datomic's own recursive pull, keys named as the clientizer names them. The root is given by
     * entity id: with a lookup ref Datomic does not count the root as on the path.
     */
    private static Map<String, Object> datomicPull(Database db, String pattern, Object root) {
        Object id = root instanceof List<?> ? db.entid(root) : root;
        return rename(db.pull(pattern, id));
    }

    private static Map<String, Object> rename(Map<?, ?> pulled) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (pulled == null) {
            return out; // Datomic's pull gives nil for an entity with none of the pattern's attributes
        }
        pulled.forEach((k, v) -> {
            Keyword key = (Keyword) k;
            String name = Naming.camelCase(key.getName());
            Object value = v instanceof Map<?, ?> m ? rename(m)
                    : v instanceof Collection<?> c ? c.stream().map(e -> e instanceof Map<?, ?> m ? rename(m) : e).toList()
                    : v;
            out.put(name, value);
        });
        return out;
    }

    private static int maps(Object value) {
        int n = 0;
        if (value instanceof Map<?, ?> map) {
            n++;
            for (Object v : map.values()) {
                n += maps(v);
            }
        } else if (value instanceof Collection<?> many) {
            for (Object v : many) {
                n += maps(v);
            }
        }
        return n;
    }
}
