package dev.datomickit.core;

import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import datomic.Connection;
import datomic.Database;
import datomic.Datom;
import datomic.ListenableFuture;
import datomic.Log;
import datomic.Peer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A connection whose database lives in this process only: each transaction is applied with
 * {@link Database#with(List)} to the current value, which then becomes the current value.
 *
 * <p>Writes are serialized under one lock, as a transactor serializes them, so concurrent
 * transactions are all applied in some order, none lost and none retried. Readers never lock: the
 * database and the log are published together as one immutable {@link State}.
 */
final class ForkedConnection implements Connection {

    private static final Keyword DB_ADD = Kw.of("db/add");
    private static final Keyword TX_INSTANT = Kw.of("db/txInstant");

    private final Clock clock;
    private final Object writeLock = new Object();
    /** The entity id of {@code :db/txInstant}; looked up at the first transaction, to keep forking cheap. */
    private long txInstantId = -1;
    private volatile State state;
    /** Guarded by {@link #writeLock}; {@code null} until someone asks for it, as in Datomic. */
    private BlockingQueue<Map> reportQueue;

    /** The current database, the log up to it, and the instant of its latest transaction. */
    private record State(Database db, ForkLog log, Date instant) {}

    ForkedConnection(Database db, Log originLog, Clock clock) {
        this.clock = clock;
        // Only a clock needs the previous instant up front; otherwise each transaction's is read from its datoms.
        this.state = new State(db, ForkLog.start(originLog, db.basisT()), clock == null ? null : latestInstant(db));
    }

    /** A fork of this connection's current value: O(1), nothing copied. */
    ForkedConnection fork(Clock newClock) {
        State current = state;
        return new ForkedConnection(current.db(), current.log(), newClock != null ? newClock : clock);
    }

    @Override
    public Database db() {
        return state.db();
    }

    @Override
    public Log log() {
        return state.log();
    }

    @Override
    public ListenableFuture<Map> transact(List txData) {
        return apply(txData);
    }

    /**
     * Applies the transaction; the I/O context, which a peer connection uses to attribute storage
     * reads, is ignored: a fork reads nothing from storage that a plain {@code transact} would not,
     * and its report has the same keys as a peer connection's, without {@code :io-stats}.
     */
    @Override
    public ListenableFuture<Map> transact(List txData, Object ioContext) {
        return apply(txData);
    }

    @Override
    public ListenableFuture<Map> transactAsync(List txData) {
        return apply(txData);
    }

    /** As {@link #transact(List, Object)}: the I/O context is ignored. */
    @Override
    public ListenableFuture<Map> transactAsync(List txData, Object ioContext) {
        return apply(txData);
    }

    private ListenableFuture<Map> apply(List<?> txData) {
        synchronized (writeLock) {
            State current = state;
            Map report;
            Date instant;
            try {
                if (clock == null || mentionsTxInstant(txData)) {
                    report = current.db().with(txData);
                    instant = null;
                } else {
                    instant = nextInstant(current.instant());
                    report = withInstant(current.db(), txData, instant);
                }
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                // As from a transactor: the failure is in the future, and nothing changed.
                return CompletedFuture.failed(e);
            }
            Database after = (Database) report.get(DB_AFTER);
            List<?> datoms = (List<?>) report.get(TX_DATA);
            if (instant == null) {
                if (txInstantId < 0) {
                    txInstantId = ((Number) after.entid(TX_INSTANT)).longValue();
                }
                instant = instantOf(datoms, current.instant());
            }
            state = new State(after, current.log().append(after.basisT(), instant, datoms), instant);
            if (reportQueue != null) {
                reportQueue.add(report); // under the lock, so reports arrive in t order
            }
            return CompletedFuture.of(report);
        }
    }

    /**
     * Applies the transaction with {@code :db/txInstant} set to {@code instant}, through a tempid of
     * our own that is then removed from {@code :tempids}, so the report is the one Datomic would give.
     */
    private static Map withInstant(Database db, List<?> txData, Date instant) {
        Object txTempid = Peer.tempid(":db.part/tx");
        List<Object> data = new ArrayList<>(txData == null ? 1 : txData.size() + 1);
        if (txData != null) {
            data.addAll(txData);
        }
        data.add(List.of(DB_ADD, txTempid, TX_INSTANT, instant));
        Map report = db.with(data);
        // Datomic keys :tempids by an encoding of the tempid it does not document; resolveTempid
        // knows it, so ask it which key is ours rather than decoding it here.
        Database after = (Database) report.get(DB_AFTER);
        IPersistentMap tempids = (IPersistentMap) report.get(TEMPIDS);
        Object tx = Peer.resolveTempid(after, tempids, txTempid);
        for (Object o : tempids) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) o;
            if (tx.equals(entry.getValue()) && !(entry.getKey() instanceof String)
                    && Peer.resolveTempid(after, Map.of(entry.getKey(), tx), txTempid) != null) {
                return (Map) ((IPersistentMap) report).assoc(TEMPIDS, tempids.without(entry.getKey()));
            }
        }
        return report;
    }

    /** The clock's instant, but never before the previous transaction's: Datomic requires it. */
    private Date nextInstant(Date previous) {
        Date now = Date.from(clock.instant());
        return previous != null && now.before(previous) ? previous : now;
    }

    /** Whether the caller sets {@code :db/txInstant} explicitly, in which case the clock stays out of it. */
    private static boolean mentionsTxInstant(List<?> txData) {
        if (txData == null) {
            return false;
        }
        for (Object statement : txData) {
            if (statement instanceof Map<?, ?> map && map.containsKey(TX_INSTANT)) {
                return true;
            }
            if (statement instanceof List<?> list && list.size() > 2 && TX_INSTANT.equals(list.get(2))) {
                return true;
            }
        }
        return false;
    }

    private Date instantOf(List<?> datoms, Date fallback) {
        // Datomic lists the transaction's :db/txInstant datom first; search in case that changes.
        for (Object o : datoms) {
            Datom datom = (Datom) o;
            if (((Number) datom.a()).longValue() == txInstantId && datom.e().equals(datom.tx())) {
                return (Date) datom.v();
            }
        }
        return fallback;
    }

    private static Date latestInstant(Database db) {
        Object instant = db.entity(Peer.toTx(db.basisT())).get(TX_INSTANT);
        return instant instanceof Date date ? date : null;
    }

    /** Returns the current database: every transaction of a fork completes before {@code transact} returns. */
    @Override
    public ListenableFuture<Database> sync() {
        return CompletedFuture.of(db());
    }

    @Override
    public ListenableFuture<Database> sync(long t) {
        return CompletedFuture.of(db());
    }

    @Override
    public ListenableFuture<Database> syncIndex(long t) {
        return CompletedFuture.of(db());
    }

    @Override
    public ListenableFuture<Database> syncSchema(long t) {
        return CompletedFuture.of(db());
    }

    @Override
    public ListenableFuture<Database> syncExcise(long t) {
        return CompletedFuture.of(db());
    }

    /** Nothing to index: a fork's database stays in memory. Reports success, as the request is satisfied. */
    @Override
    public boolean requestIndex() {
        return true;
    }

    @Override
    public BlockingQueue<Map> txReportQueue() {
        synchronized (writeLock) {
            if (reportQueue == null) {
                reportQueue = new LinkedBlockingQueue<>();
            }
            return reportQueue;
        }
    }

    @Override
    public void removeTxReportQueue() {
        synchronized (writeLock) {
            reportQueue = null;
        }
    }

    /** A fork holds no storage: there is no garbage to collect. */
    @Override
    public void gcStorage(Date olderThan) {
        // nothing stored, nothing to collect
    }

    /** A fork holds nothing but memory, reclaimed when it is no longer referenced. */
    @Override
    public void release() {
        // nothing to release
    }

    @Override
    public String toString() {
        State current = state;
        return "ForkedConnection{db=" + current.db().id() + ", basisT=" + current.db().basisT() + ", ownTransactions="
                + current.log().ownTransactions() + (clock == null ? "" : ", clock=" + clock) + "}";
    }
}
