package dev.datomickit.migrations;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Peers released together from a barrier, so that their transactions meet at the transactor. */
final class Racing {

    private Racing() {}

    /**
     * Runs each peer on its own thread, all released at once, and returns what each returned or the
     * {@link MigrationException} it threw, in peer order.
     *
     * @throws AssertionError if a peer throws anything else
     */
    static List<Object> race(List<Callable<?>> peers) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(peers.size());
        try {
            CyclicBarrier start = new CyclicBarrier(peers.size());
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<?> peer : peers) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return peer.call();
                    } catch (MigrationException e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                try {
                    outcomes.add(future.get());
                } catch (ExecutionException e) {
                    throw new AssertionError("A peer failed with an unexpected exception", e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
