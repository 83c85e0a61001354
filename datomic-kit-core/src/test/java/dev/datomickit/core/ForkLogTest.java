package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import datomic.Datom;
import datomic.Log;
import datomic.Peer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The log of a fork reads like a peer connection's: the origin's transactions up to the fork point,
 * then the fork's own, with Datomic's bounds.
 */
class ForkLogTest {

    /** A real database with two transactions (schema, function) plus two of users; never written to after. */
    private static final Connection ORIGIN = TestDatabases.createWithSchema();
    private static final List<Long> ORIGIN_TS = new ArrayList<>();

    static {
        Tx.transact(ORIGIN, Tx.data(Tx.entity().set("user/email", "o1@example.com")));
        Tx.transact(ORIGIN, Tx.data(Tx.entity().set("user/email", "o2@example.com")));
        ORIGIN_TS.addAll(ts(ORIGIN.log().txRange(null, null)));
    }

    @Test
    void originLogThenTheForksOwnTransactions() {
        Connection fork = Forks.fork(ORIGIN);
        long own1 = Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "f1@example.com"))).t();
        long own2 = Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "f2@example.com"))).t();

        assertThat(ORIGIN_TS).hasSize(4);
        assertThat(ts(fork.log().txRange(null, null))).containsExactlyElementsOf(concat(ORIGIN_TS, List.of(own1, own2)));
        assertThat(ts(ORIGIN.log().txRange(null, null))).as("origin log untouched").isEqualTo(ORIGIN_TS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void entriesAreDatomicsMapsOfTAndData() {
        Connection fork = Forks.fork(ORIGIN);
        TxResult result = Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "f@example.com")));

        Map<Object, Object> own = last(fork.log().txRange(null, null));
        Map<Object, Object> fromOrigin = last(ORIGIN.log().txRange(null, null));

        assertThat(own.keySet()).isEqualTo(fromOrigin.keySet()).containsExactlyInAnyOrder(Log.T, Log.DATA);
        assertThat(own.get(Log.DATA)).hasSameClassAs(fromOrigin.get(Log.DATA));
        assertThat(own.get(Log.T)).isEqualTo(result.t());
        assertThat((List<Object>) own.get(Log.DATA)).containsExactlyElementsOf(result.txData());
    }

    @Test
    void boundsByTTransactionIdAndDateAcrossTheForkPoint() {
        Connection fork = Forks.fork(ORIGIN);
        List<Long> own = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            own.add(Tx.transact(fork, Tx.data(Tx.entity().set("user/email", i + "@example.com"))).t());
        }
        List<Long> all = concat(ORIGIN_TS, own);
        Log log = fork.log();

        // t bounds: start inclusive, end exclusive, on either side of the fork point.
        assertThat(ts(log.txRange(all.get(2), all.get(5)))).containsExactlyElementsOf(all.subList(2, 5));
        assertThat(ts(log.txRange(own.get(1), null))).containsExactlyElementsOf(own.subList(1, 3));
        assertThat(ts(log.txRange(null, all.get(1)))).containsExactly(all.get(0));
        // transaction entity ids mean their t
        assertThat(ts(log.txRange(Peer.toTx(all.get(3)), Peer.toTx(own.get(2))))).containsExactlyElementsOf(all.subList(3, 6));
        // instants far on either side of every transaction
        assertThat(ts(log.txRange(new Date(0), null))).containsExactlyElementsOf(all);
        assertThat(ts(log.txRange(null, new Date(0)))).isEmpty();
        // an empty or inverted range is empty, as in Datomic
        assertThat(ts(log.txRange(own.get(2), own.get(0)))).isEmpty();
        assertThat(ts(ORIGIN.log().txRange(all.get(3), all.get(1)))).isEmpty();
    }

    @Test
    void dateBoundsSelectByTransactionInstantAcrossTheForkPoint() {
        // Instants one second apart, so that each bound falls on exactly one transaction.
        Connection origin = Forks.mock(new TickingClock(Instant.parse("2020-01-01T00:00:00Z"), Duration.ofSeconds(1)));
        Tx.transact(origin, (List<?>) datomic.Util.read(TestDatabases.SCHEMA));   // 00:00:00
        Tx.transact(origin, Tx.data(Tx.entity().set("user/email", "o@example.com"))); // 00:00:01
        Connection fork = Forks.fork(origin);
        Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "f1@example.com"))); // 00:00:02
        Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "f2@example.com"))); // 00:00:03
        List<Long> all = ts(fork.log().txRange(null, null));
        Log log = fork.log();

        assertThat(all).hasSize(4);
        assertThat(ts(log.txRange(at("00:00:01"), at("00:00:03")))).containsExactlyElementsOf(all.subList(1, 3));
        assertThat(ts(log.txRange(at("00:00:01.500"), null))).containsExactlyElementsOf(all.subList(2, 4));
        assertThat(ts(log.txRange(null, at("00:00:02")))).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(ts(log.txRange(at("00:00:02"), all.get(3)))).containsExactly(all.get(2));
        assertThat(ts(log.txRange(all.get(1), at("00:00:02.001")))).containsExactlyElementsOf(all.subList(1, 3));
    }

    @Test
    void originTransactionsAfterTheForkPointAreNotInTheForksLog() {
        Connection origin = TestDatabases.createWithSchema();
        Connection fork = Forks.fork(origin);
        Tx.transact(origin, Tx.data(Tx.entity().set("user/email", "origin-later@example.com")));
        long own = Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "fork@example.com"))).t();

        List<Long> originTs = ts(origin.log().txRange(null, null));
        assertThat(ts(fork.log().txRange(null, null)))
                .containsExactlyElementsOf(concat(originTs.subList(0, originTs.size() - 1), List.of(own)));
    }

    @Test
    void aLogIsAValueThatLaterTransactionsDoNotChange() {
        Connection fork = Forks.fork(ORIGIN);
        Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "a@example.com")));
        Log then = fork.log();

        Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "b@example.com")));

        assertThat(ts(then.txRange(null, null))).hasSize(ORIGIN_TS.size() + 1);
        assertThat(ts(fork.log().txRange(null, null))).hasSize(ORIGIN_TS.size() + 2);
    }

    @Test
    void forkOfAForkChainsLogs() {
        Connection parent = Forks.fork(ORIGIN);
        long p1 = Tx.transact(parent, Tx.data(Tx.entity().set("user/email", "p1@example.com"))).t();
        Connection child = Forks.fork(parent);
        long p2 = Tx.transact(parent, Tx.data(Tx.entity().set("user/email", "p2@example.com"))).t();
        long c1 = Tx.transact(child, Tx.data(Tx.entity().set("user/email", "c1@example.com"))).t();
        Connection grandchild = Forks.fork(child);
        long g1 = Tx.transact(grandchild, Tx.data(Tx.entity().set("user/email", "g1@example.com"))).t();

        assertThat(p2).isEqualTo(c1); // same t, different histories
        assertThat(ts(parent.log().txRange(null, null))).containsExactlyElementsOf(concat(ORIGIN_TS, List.of(p1, p2)));
        assertThat(ts(child.log().txRange(null, null))).containsExactlyElementsOf(concat(ORIGIN_TS, List.of(p1, c1)));
        assertThat(ts(grandchild.log().txRange(p1, null))).containsExactly(p1, c1, g1);
        assertThat(last(grandchild.log().txRange(c1, g1)).get(Log.DATA)).asList()
                .anySatisfy(d -> assertThat(((Datom) d).v()).isEqualTo("c1@example.com"));
    }

    /**
     * Forks of forks 10,000 deep, each with a transaction of its own: the log, the database, writes,
     * sync and the report queue of the last one work without recursing through the chain.
     */
    @Test
    void aChainOfTenThousandForksOfForksEachWithATransaction() throws Exception {
        int depth = 10_000;
        Connection fork = ORIGIN;
        List<Long> own = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            fork = Forks.fork(fork);
            own.add(Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "chain-" + i + "@example.com"))).t());
        }

        assertThat(ts(fork.log().txRange(null, null))).containsExactlyElementsOf(concat(ORIGIN_TS, own));
        assertThat(ts(fork.log().txRange(own.get(5_000), own.get(5_003)))).containsExactlyElementsOf(own.subList(5_000, 5_003));
        assertThat(ts(fork.log().txRange(ORIGIN_TS.get(3), own.get(1)))).containsExactly(ORIGIN_TS.get(3), own.get(0));
        assertThat(Entities.find(fork.db(), "user/email", "chain-0@example.com")).isPresent();
        assertThat(fork.sync().get().basisT()).isEqualTo(own.get(depth - 1));

        java.util.concurrent.BlockingQueue<Map> reports = fork.txReportQueue();
        long last = Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "after@example.com"))).t();
        assertThat(reports.poll()).isNotNull();
        assertThat(ts(Forks.fork(fork).log().txRange(last, null))).containsExactly(last);
        assertThat(fork.toString()).contains("ownTransactions=2"); // its chain link and "after"
    }

    /** Forks of forks 100,000 deep without a transaction between them: as cheap and as readable as one fork. */
    @Test
    void aChainOfAHundredThousandForksWithoutTransactions() {
        Connection fork = Forks.fork(ORIGIN);
        long first = Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "first@example.com"))).t();
        for (int i = 0; i < 100_000; i++) {
            fork = Forks.fork(fork);
        }
        long last = Tx.transact(fork, Tx.data(Tx.entity().set("user/email", "last@example.com"))).t();

        assertThat(ts(fork.log().txRange(null, null))).containsExactlyElementsOf(concat(ORIGIN_TS, List.of(first, last)));
        assertThat(ts(fork.log().txRange(first, null))).containsExactly(first, last);
    }

    @Test
    void mockOfADatabaseValueLogsItsOwnTransactionsOnly() {
        Connection conn = Forks.mock(ORIGIN.db());
        assertThat(conn.log().txRange(null, null)).isEmpty();

        long own = Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "m@example.com"))).t();

        assertThat(ts(conn.log().txRange(null, null))).containsExactly(own);
        assertThat(ts(conn.log().txRange(ORIGIN_TS.get(0), own))).isEmpty();
    }

    @Test
    void rejectsBoundsDatomicDoesNotAccept() {
        Log log = Forks.fork(ORIGIN).log();

        assertThatThrownBy(() -> log.txRange("1000", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Log.txRange start bound is string \"1000\"; expected null, a t,"
                        + " a transaction entity id (long) or a java.util.Date");
        assertThatThrownBy(() -> log.txRange(null, 2.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Log.txRange end bound is float 2.5;");
    }

    private static Date at(String time) {
        return Date.from(Instant.parse("2020-01-01T" + time + "Z"));
    }

    private static List<Long> ts(Iterable<Map> range) {
        List<Long> ts = new ArrayList<>();
        range.forEach(entry -> ts.add((Long) entry.get(Log.T)));
        return ts;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> last(Iterable<Map> range) {
        Map<Object, Object> last = null;
        for (Map<Object, Object> entry : range) {
            last = entry;
        }
        return last;
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
