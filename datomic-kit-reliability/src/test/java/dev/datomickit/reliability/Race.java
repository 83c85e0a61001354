package dev.datomickit.reliability;

import datomic.Connection;
import datomic.Database;
import dev.datomickit.migrations.LaggingPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several peers doing the same kind of work at the same instant: even-numbered peers through the
 * shared connection, odd-numbered ones through a {@link LaggingPeer} that sees the database as it
 * was when the race began. They start together from a barrier, to make the races likely.
 */
final class Race {

    /** What peer number {@code peer} does through its connection. */
    interface Work {
        Object run(int peer, Connection conn);
    }

    private Race() {}

    /**
     * Runs {@code work} on {@code peers} peers at once and returns each one's result, or the
     * exception of type {@code expected} it threw, in peer order.
     *
     * @throws AssertionError if a peer throws anything else
     */
    static List<Object> run(Connection conn, int peers, Class<? extends RuntimeException> expected, Work work)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(peers);
        try {
            CyclicBarrier start = new CyclicBarrier(peers);
            Database now = conn.db();
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                int peer = i;
                Connection view = peer % 2 == 0 ? conn : new LaggingPeer(conn, now);
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return work.run(peer, view);
                    } catch (RuntimeException e) {
                        if (expected.isInstance(e)) {
                            return e;
                        }
                        throw e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                try {
                    outcomes.add(future.get());
                } catch (ExecutionException e) {
                    throw new AssertionError("A peer failed with an unexpected exception " + Load.replay(), e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
