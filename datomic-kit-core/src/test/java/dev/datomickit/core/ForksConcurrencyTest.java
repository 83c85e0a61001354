package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;

import datomic.Connection;
import datomic.Database;
import datomic.Log;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Writes from many threads to one fork are serialized like a transactor's: all applied, in one order. */
class ForksConcurrencyTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 2_000;

    @Test
    void fourThreadsTimesTwoThousandTransactionsAreAllAppliedAndReportedInTOrder() throws Exception {
        Connection fork = Forks.fork(TestDatabases.schemaConnection());
        long forkT = fork.db().basisT();
        BlockingQueue<Map> reports = fork.txReportQueue();

        List<Future<Integer>> failures = runConcurrently(THREADS, thread -> {
            int failed = 0;
            for (int i = 0; i < PER_THREAD; i++) {
                String email = thread + "-" + i + "@example.com";
                // The future is complete on return; a failure would be counted, not thrown.
                if (!isApplied(fork, Tx.data(Tx.entity().set("user/email", email).set("user/age", (long) i)))) {
                    failed++;
                }
            }
            return failed;
        });
        for (Future<Integer> f : failures) {
            assertThat(f.get()).isZero();
        }

        Database db = fork.db();
        Set<Object> emails = new HashSet<>();
        Entities.withAttribute(db, "user/email").forEach(e -> emails.add(e.get(":user/email")));
        assertThat(emails).hasSize(THREADS * PER_THREAD);
        for (int t = 0; t < THREADS; t++) {
            assertThat(emails).contains(t + "-0@example.com", t + "-" + (PER_THREAD - 1) + "@example.com");
        }

        List<Map> drained = new ArrayList<>();
        reports.drainTo(drained);
        assertThat(drained).hasSize(THREADS * PER_THREAD);
        long previousT = forkT;
        for (Map<?, ?> report : drained) {
            Database before = (Database) report.get(Connection.DB_BEFORE);
            Database after = (Database) report.get(Connection.DB_AFTER);
            // Each report starts where the previous one ended: one chain, nothing lost, nothing reordered.
            assertThat(before.basisT()).isEqualTo(previousT);
            assertThat(after.basisT()).isGreaterThan(previousT);
            previousT = after.basisT();
        }
        assertThat(previousT).isEqualTo(db.basisT());

        List<Long> logTs = new ArrayList<>();
        fork.log().txRange(forkT + 1, null).forEach(entry -> logTs.add((Long) entry.get(Log.T)));
        assertThat(logTs).hasSize(THREADS * PER_THREAD).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void concurrentForksOfOneOriginDoNotSeeEachOther() throws Exception {
        Connection origin = Forks.fork(TestDatabases.schemaConnection());
        Tx.transact(origin, Tx.data(Tx.entity().set("account/number", "shared")));

        List<Future<Integer>> counts = runConcurrently(THREADS, thread -> {
            Connection fork = Forks.fork(origin);
            for (int i = 0; i < 200; i++) {
                Tx.transact(fork, Tx.data(Tx.entity().set("account/number", thread + "-" + i)));
            }
            return Entities.withAttribute(fork.db(), "account/number").size();
        });

        for (Future<Integer> count : counts) {
            assertThat(count.get()).isEqualTo(201);
        }
        assertThat(Entities.withAttribute(origin.db(), "account/number")).hasSize(1);
    }

    private static boolean isApplied(Connection conn, List<?> txData) {
        try {
            conn.transact(txData).get();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    interface Work {
        Integer run(int thread) throws Exception;
    }

    /** Starts every thread at once, so that the writes really contend. */
    private static List<Future<Integer>> runConcurrently(int threads, Work work) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    return work.run(thread);
                }));
            }
            start.countDown();
        } finally {
            pool.shutdown();
        }
        return results;
    }
}
