package dev.datomickit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import datomic.Connection;
import datomic.Database;
import datomic.Log;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Forks;
import dev.datomickit.core.Kw;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One fork, many threads: writers add items, increment a shared counter (by compare-and-set, and
 * by a transaction function), and send transactions that must be refused; readers check every
 * snapshot they see; a forker forks the fork while it is written to. At the end nothing is lost,
 * nothing refused left a trace, and the report queue and the log hold every transaction once, in
 * t order.
 */
class ForksUnderLoadTest {

    private static final int WRITERS = 4;
    private static final int READERS = 2;
    private static final String COUNTER = "shared";

    /** What the writers did that must show at the end. */
    private static final class Outcome {
        final ConcurrentLinkedQueue<String> added = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> committed = new ConcurrentLinkedQueue<>();
        final AtomicLong increments = new AtomicLong();
        final AtomicLong casRetries = new AtomicLong();
    }

    @Test
    void writersReadersAndForksOfAForkLoseNothingAndSeeEveryTransactionOnceInTOrder() throws Exception {
        int operations = Load.scaled(400);
        Figures.Row row = Figures.open("Concurrent forks under load",
                WRITERS + " writers × " + operations + " transactions, " + READERS + " readers, 1 thread forking the fork");
        Random seeds = Load.random("forks under load");
        Connection origin = Forks.mock();
        Tx.transact(origin, new StressSchema().txData());
        Tx.transact(origin, Tx.data(Tx.entity().set("counter/name", COUNTER).set("counter/value", 0L)));
        Connection fork = Forks.fork(origin);
        long startT = fork.db().basisT();
        BlockingQueue<Map> reports = fork.txReportQueue();

        Outcome outcome = new Outcome();
        AtomicBoolean writing = new AtomicBoolean(true);
        CyclicBarrier start = new CyclicBarrier(WRITERS + READERS + 1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS + 1);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Random random = new Random(seeds.nextLong());
                writers.add(pool.submit(task(start, () -> write(fork, writer, operations, random, outcome, row))));
            }
            List<Future<?>> others = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                others.add(pool.submit(task(start, () -> read(fork, startT, writing, row))));
            }
            others.add(pool.submit(task(start, () -> forkWhileWritten(fork, startT, writing, row))));
            try {
                for (Future<?> writer : writers) {
                    writer.get();
                }
            } finally {
                writing.set(false);
            }
            for (Future<?> other : others) {
                other.get();
            }
        } catch (ExecutionException e) {
            throw new AssertionError("A thread failed " + Load.replay(), e.getCause());
        } finally {
            pool.shutdownNow();
        }

        Database db = fork.db();
        // Nothing lost: every item added is there once; nothing refused left a trace.
        for (String key : outcome.added) {
            assertThat(Entities.find(db, "item/key", key)).as("item %s %s", key, Load.replay()).isPresent();
        }
        assertThat(Entities.withAttribute(db, "item/key")).hasSize(outcome.added.size());
        for (String key : outcome.refused) {
            assertThat(Entities.find(db, "item/key", key)).as("refused item %s", key).isEmpty();
        }
        assertThat(Entities.get(db, "counter/name", COUNTER).get(":counter/value"))
                .as("counter after %d increments %s", outcome.increments.get(), Load.replay()).isEqualTo(outcome.increments.get());
        assertThat(origin.db().basisT()).as("the origin is untouched").isEqualTo(startT);

        // Every transaction committed once, each with a t of its own.
        List<Long> committed = new ArrayList<>(outcome.committed);
        assertThat(new HashSet<>(committed)).hasSize(committed.size());

        // The report queue: each committed transaction once, in t order, as the log has it.
        List<Map> delivered = new ArrayList<>();
        reports.drainTo(delivered);
        List<Long> reportTs = delivered.stream().map(r -> ((Database) r.get(Connection.DB_AFTER)).basisT()).toList();
        assertThat(reportTs).as("reports in t order").isSorted().doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(committed);
        List<Map> logged = new ArrayList<>();
        fork.log().txRange(startT + 1, null).forEach(logged::add);
        assertThat(logged.stream().map(e -> ((Number) e.get(Log.T)).longValue()).toList()).isEqualTo(reportTs);
        for (int i = 0; i < logged.size(); i++) {
            assertThat(new ArrayList<Object>((List<?>) logged.get(i).get(Log.DATA))).as("log entry of t %d", reportTs.get(i))
                    .isEqualTo(new ArrayList<Object>((List<?>) delivered.get(i).get(Connection.TX_DATA)));
        }
        row.operations.add(committed.size());
        row.passed(String.format("%,d transactions committed and reported once in t order, %,d cas retries, nothing refused written",
                committed.size(), outcome.casRetries.get()));
    }

    private static Callable<Void> task(CyclicBarrier start, Runnable body) {
        return () -> {
            start.await();
            body.run();
            return null;
        };
    }

    private static void write(Connection fork, int writer, int operations, Random random, Outcome outcome, Figures.Row row) {
        for (int i = 0; i < operations; i++) {
            int dice = random.nextInt(100);
            if (dice < 45) {
                String key = "w" + writer + "-" + i;
                TxResult result = commit(fork, Tx.data(Tx.entity().set("item/key", key).set("item/writer", (long) writer)), random);
                outcome.added.add(key);
                outcome.committed.add(result.t());
            } else if (dice < 60) {
                outcome.committed.add(incrementByCas(fork, outcome));
                outcome.increments.incrementAndGet();
            } else if (dice < 75) {
                outcome.committed.add(commit(fork, Tx.data(Tx.call("counter/increment", COUNTER)), random).t());
                outcome.increments.incrementAndGet();
            } else if (dice < 95) {
                String key = "refused-w" + writer + "-" + i;
                refuse(fork, key, random.nextInt(4));
                outcome.refused.add(key);
                row.faults.increment();
            } else {
                // Not transaction data: refused like any bad transaction, whatever Datomic throws.
                List<?> bad = switch (random.nextInt(4)) {
                    case 0 -> List.of(List.of());
                    case 1 -> List.of("item/key", "not a statement");
                    case 2 -> List.of(42L);
                    default -> Arrays.asList(Tx.entity().set("item/key", "bad-" + writer + "-" + i).toMap(), null);
                };
                assertThatThrownBy(() -> Tx.transact(fork, bad)).isInstanceOf(TransactionException.class);
                row.badInputs.increment();
            }
        }
    }

    /** Commits through one of the four ways a connection takes a transaction. */
    private static TxResult commit(Connection conn, List<?> data, Random random) {
        try {
            Map report = switch (random.nextInt(4)) {
                case 0 -> conn.transact(data).get();
                case 1 -> conn.transactAsync(data).get();
                case 2 -> conn.transact(data, null).get();
                default -> conn.transactAsync(data, null).get();
            };
            return new TxResult(report);
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("Transaction " + data + " failed " + Load.replay(), e);
        }
    }

    private static long incrementByCas(Connection fork, Outcome outcome) {
        while (true) {
            long value = (Long) Entities.get(fork.db(), "counter/name", COUNTER).get(":counter/value");
            try {
                return Tx.transact(fork, Tx.data(Tx.cas(Tx.lookup("counter/name", COUNTER), "counter/value", value, value + 1))).t();
            } catch (TransactionException e) {
                assertThat(e.is("db.error/cas-failed")).as("%s", e).isTrue();
                outcome.casRetries.incrementAndGet();
            }
        }
    }

    /** A transaction holding a valid item and one fault, which must be refused as a whole. */
    private static void refuse(Connection fork, String key, int fault) {
        Object item = Tx.entity().set("item/key", key).set("item/writer", 1L);
        List<Object> data = switch (fault) {
            case 0 -> Tx.data(item, Tx.call("fault/refuse", "injected", Map.of(Kw.of("case"), key)));
            case 1 -> Tx.data(item, Tx.add(Tx.lookup("item/key", key), "item/writer", "not a long"));
            case 2 -> Tx.data(item, Tx.add(Tx.lookup("item/key", key), "item/nonexistent", 1L));
            default -> Tx.data(item, Tx.call("fault/crash", "injected"));
        };
        try {
            Tx.transact(fork, data);
            fail("Fault %d was committed: %s %s", fault, data, Load.replay());
        } catch (TransactionException e) {
            if (fault == 0) {
                assertThat(e.is("fault/refused")).as("%s", e).isTrue();
            }
            assertThat(e.getMessage()).startsWith("Transaction of 2 statements failed: ");
        }
    }

    /** Checks snapshots: t never goes back, each transaction is whole, and the log covers the database. */
    private static void read(Connection fork, long startT, AtomicBoolean writing, Figures.Row row) {
        long lastT = startT;
        while (writing.get()) {
            Database db = fork.db();
            long t = db.basisT();
            assertThat(t).isGreaterThanOrEqualTo(lastT);
            lastT = t;
            int keys = count(db, "item/key");
            assertThat(count(db, "item/writer")).as("items written whole at t %d", t).isEqualTo(keys);
            if (t > startT) {
                Map<?, ?> first = fork.log().txRange(t, null).iterator().next();
                assertThat(((Number) first.get(Log.T)).longValue()).as("the log holds the database's own t").isEqualTo(t);
            }
            row.operations.increment();
        }
    }

    private static int count(Database db, String attribute) {
        int n = 0;
        for (Object ignored : db.datoms(Database.AEVT, Kw.of(attribute))) {
            n++;
        }
        return n;
    }

    /** Forks the fork as it is written to: each child is a consistent snapshot, then lives on its own. */
    private static void forkWhileWritten(Connection fork, long startT, AtomicBoolean writing, Figures.Row row) {
        int children = 0;
        while (writing.get()) {
            Connection child = Forks.fork(fork);
            long t = child.db().basisT();
            Long lastLogged = null;
            for (Map<?, ?> entry : child.log().txRange(startT + 1, null)) {
                lastLogged = ((Number) entry.get(Log.T)).longValue();
            }
            if (t > startT) {
                assertThat(lastLogged).as("the child's log ends at its database").isEqualTo(t);
            }
            String key = "child-" + children++;
            Tx.transact(child, Tx.data(Tx.entity().set("item/key", key)));
            assertThat(Entities.find(child.db(), "item/key", key)).isPresent();
            assertThat(Entities.find(fork.db(), "item/key", key)).as("a child's write stays in the child").isEmpty();
            row.operations.increment();
        }
    }
}
