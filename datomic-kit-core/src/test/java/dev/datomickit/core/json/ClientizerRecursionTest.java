package dev.datomickit.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import datomic.Database;
import datomic.Entity;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Tx;
import dev.datomickit.core.testmodel.Blog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cyclic and very deep graphs give bounded output; one clientizer serves many threads and databases. */
class ClientizerRecursionTest {

    private static final int CHAIN = 1_000;
    private static Database chain;

    /** Users user-0 → user-1 → … → user-999 through :user/friends, deeper than Datomic's pull can recurse. */
    @BeforeAll
    static void buildChain() {
        Connection conn = Blog.freshConnection();
        List<Object> users = new ArrayList<>();
        for (int i = 0; i < CHAIN; i++) {
            var user = Tx.entity("u" + i).set("user/email", "user-" + i + "@example.com");
            if (i + 1 < CHAIN) {
                user.set("user/friends", List.of("u" + (i + 1)));
            }
            users.add(user);
        }
        chain = Tx.transact(conn, Tx.dataOf(users)).dbAfter();
    }

    @Test
    void aCycleStopsAtTheEntityAlreadyOnThePath() {
        Entity alice = Entities.get(Blog.db(), "user/email", "alice@example.com");

        Map<String, Object> json = Clientizer.of("[:user/email {:user/friends ...}]").apply(alice);

        // alice → bob → {alice (already seen: no friends), carol (no friends)}
        assertThat(json).isEqualTo(Map.of("email", "alice@example.com", "friends", List.of(
                Map.of("email", "bob@example.com", "friends", List.of(
                        Map.of("email", "alice@example.com"), Map.of("email", "carol@example.com"))))));
    }

    @Test
    void unboundedRecursionStopsAtTheDefaultDepth() {
        Map<String, Object> json = Clientizer.of("[:user/email {:user/friends ...}]")
                .apply(Entities.get(chain, "user/email", "user-0@example.com"));

        assertThat(depth(json)).isEqualTo(Clientizer.DEFAULT_MAX_DEPTH);
        assertThat(deepest(json)).containsOnlyKeys("email").containsEntry("email", "user-8@example.com");
    }

    @Test
    void theDepthBoundIsConfigurableUpToALimitThatStaysClearOfStackOverflow() {
        Clientizer deep = Clientizer.of("[:user/email {:user/friends ...}]").withMaxDepth(Clientizer.MAX_DEPTH_LIMIT);

        Map<String, Object> json = deep.apply(Entities.get(chain, "user/email", "user-0@example.com"));

        assertThat(depth(json)).isEqualTo(Clientizer.MAX_DEPTH_LIMIT);
        assertThatThrownBy(() -> deep.withMaxDepth(Clientizer.MAX_DEPTH_LIMIT + 1))
                .hasMessageContaining("out of range; expected 1 to 100");
        assertThatThrownBy(() -> deep.withMaxDepth(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExplicitDepthBeyondTheBoundIsRefused() {
        assertThat(depth(Clientizer.of("[:user/email {:user/friends 3}]")
                .apply(Entities.get(chain, "user/email", "user-0@example.com")))).isEqualTo(3);
        assertThatThrownBy(() -> Clientizer.of("[:user/email {:user/friends 500}]"))
                .hasMessageContaining("recurses 500 levels into :user/friends, more than the bound of 8");
        assertThatThrownBy(() -> Clientizer.of("[:user/email {:user/friends 3}]").withMaxDepth(2))
                .hasMessageContaining("recurses 3 levels into :user/friends, more than the bound of 2");
    }

    @Test
    void manyEntitiesOfADeepGraphAtOnce() {
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < CHAIN; i += 10) {
            ids.add(List.of(dev.datomickit.core.Kw.of("user/email"), "user-" + i + "@example.com"));
        }
        List<Map<String, Object>> all = Clientizer.of("[:user/email {:user/friends ...}]").applyAll(chain, ids);

        assertThat(all).hasSize(100).allSatisfy(json -> assertThat(depth(json)).isLessThanOrEqualTo(8));
        assertThat(depth(all.get(all.size() - 1))).isEqualTo(8); // user-990 has 9 users after it
    }

    @Test
    void oneClientizerServesManyThreadsAndDatabasesAtOnce() throws Exception {
        Clientizer clientizer = Clientizer.of("[:user/email {:user/friends [:user/email]}]");
        Database blog = Blog.db();
        Entity bob = Entities.get(blog, "user/email", "bob@example.com");
        Entity first = Entities.get(chain, "user/email", "user-0@example.com");
        Map<String, Object> bobExpected = clientizer.apply(bob);
        Map<String, Object> firstExpected = clientizer.apply(first);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        // Alternating databases makes the shared compiled plan switch underneath the threads.
                        boolean even = i % 2 == 0;
                        Map<String, Object> json = clientizer.apply(even ? bob : first);
                        if (!json.equals(even ? bobExpected : firstExpected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int depth(Map<String, Object> json) {
        int depth = 0;
        Map<?, ?> current = json;
        while (current.get("friends") instanceof List<?> friends && !friends.isEmpty()) {
            current = (Map<?, ?>) friends.get(0);
            depth++;
        }
        return depth;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepest(Map<String, Object> json) {
        Map<String, Object> current = json;
        while (current.get("friends") instanceof List<?> friends && !friends.isEmpty()) {
            current = (Map<String, Object>) friends.get(0);
        }
        return current;
    }
}
