package dev.datomickit.example.users;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;

import datomic.Connection;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Sign-ups racing each other: uniqueness is decided by the transactor (here the fork, which
 * serializes transactions as a transactor does), never by a read-then-write in the handler.
 */
class ConcurrentSignUpTest extends ServiceTest {

    static final int CLIENTS = 12;

    @RepeatedTest(5)
    void ofSeveralSignUpsWithOneEmailExactlyOneSucceedsAndTheOthersAre409(Connection conn) throws Exception {
        List<Integer> statuses = race(i -> "{\"email\": \"" + (i % 2 == 0 ? "dan" : "DAN") + "@example.com\", \"name\": \"Dan "
                + i + "\"}");

        assertThat(statuses).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
        assertThat(conn.db()).queryValue("[:find (count ?u) . :where [?u :user/email \"dan@example.com\"]]").isEqualTo(1);
    }

    @RepeatedTest(5)
    void signUpsWithDistinctEmailsAllSucceed(Connection conn) throws Exception {
        List<Integer> statuses = race(i -> "{\"email\": \"user" + i + "@example.com\", \"name\": \"User " + i + "\"}");

        assertThat(statuses).hasSize(CLIENTS).containsOnly(201);
        assertThat(conn.db()).queryValue("[:find (count ?u) . :where [?u :user/email]]").isEqualTo(3 + CLIENTS);
    }

    /** Sends one sign-up per client, all released at once; returns the statuses. */
    private List<Integer> race(IntFunction<String> body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(CLIENTS);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String json = body.apply(i);
                responses.add(clients.submit(() -> {
                    start.await();
                    return running.post("/users", json);
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> response : responses) {
                statuses.add(response.get().statusCode());
            }
            return statuses;
        } finally {
            clients.shutdownNow();
        }
    }
}
