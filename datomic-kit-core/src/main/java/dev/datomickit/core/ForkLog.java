package dev.datomickit.core;

import clojure.lang.PersistentArrayMap;
import clojure.lang.PersistentVector;
import datomic.Log;
import datomic.Peer;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The log of a forked connection, as an immutable value: the origin's log up to the fork point,
 * then the fork's own transactions.
 *
 * <p>Nothing is copied when forking: the origin's log is read lazily, and the fork's own entries
 * live in an array shared by successive snapshots. A snapshot only reads indexes below its
 * {@code size}; {@link #append} writes index {@code size}, which no earlier snapshot reads. Only the
 * owning connection appends, to its latest snapshot, under its write lock.
 *
 * <p>A fork of a fork keeps the snapshot of its parent's log it was forked from, and so on down to
 * the log of a peer connection, if any, at the bottom of the chain. Reading walks that chain with a
 * loop, never a recursion, so forks of forks may chain as deep as memory allows; a parent with no
 * transactions of its own is skipped at fork time, so a chain of forks without writes between
 * them is as short as one fork.
 */
final class ForkLog implements Log {

    private static final Entry[] NONE = new Entry[0];

    /** The log of a peer connection at the bottom of the chain, or {@code null} (a mock of a database value). */
    private final Log base;
    /** The t up to which {@link #base}'s entries belong to this history: the bottom fork point. */
    private final long baseT;
    /** The log of the fork this one was forked from, as it was then, or {@code null} at the bottom. */
    private final ForkLog parent;
    private final Entry[] entries;
    private final int size;

    private ForkLog(Log base, long baseT, ForkLog parent, Entry[] entries, int size) {
        this.base = base;
        this.baseT = baseT;
        this.parent = parent;
        this.entries = entries;
        this.size = size;
    }

    /**
     * Starts the log of a new fork.
     *
     * @param origin the origin's log: a peer connection's, a fork's snapshot, or {@code null} if the
     *     fork has none (a mock of a database value)
     * @param forkT the basis t of the database the fork starts from; later origin entries are not ours
     */
    static ForkLog start(Log origin, long forkT) {
        if (origin instanceof ForkLog forked) {
            // The snapshot ends at the fork point already. One without entries of its own adds nothing: skip it.
            ForkLog from = forked.size == 0 ? forked.parent : forked;
            return new ForkLog(forked.base, forked.baseT, from, NONE, 0);
        }
        return new ForkLog(origin, forkT, null, NONE, 0);
    }

    /** Returns a snapshot with one more transaction; called only on the latest snapshot, under the write lock. */
    ForkLog append(long t, Date instant, List<?> datoms) {
        Entry[] array = entries;
        if (size == array.length) {
            array = Arrays.copyOf(array, Math.max(16, size * 2));
        }
        // A vector, as in Datomic's log, and a copy: the caller owns the report's tx-data list.
        array[size] = new Entry(t, instant, PersistentVector.create(datoms));
        return new ForkLog(base, baseT, parent, array, size + 1);
    }

    int ownTransactions() {
        return size;
    }

    /**
     * Returns the transactions from {@code start} (inclusive) to {@code end} (exclusive), each a map
     * of {@link Log#T} and {@link Log#DATA}, in t order.
     *
     * @param start {@code null} for the beginning, a t, a transaction entity id or a {@link Date}
     * @param end {@code null} for the end, a t, a transaction entity id or a {@link Date}
     */
    @Override
    public Iterable<Map> txRange(Object start, Object end) {
        Bound from = Bound.of(start, "start");
        Bound to = Bound.of(end, "end");
        return () -> new RangeIterator(from, to, start, end);
    }

    @Override
    public String toString() {
        return "ForkLog{origin=" + (base == null ? "none" : "up to t " + baseT) + ", own=" + size + "}";
    }

    private record Entry(long t, Date instant, PersistentVector datoms) {

        Map<?, ?> toMap() {
            return PersistentArrayMap.createAsIfByAssoc(new Object[] {Log.T, t, Log.DATA, datoms});
        }
    }

    /** A t or an instant; {@code null} fields mean open. Transaction entity ids are reduced to their t. */
    private record Bound(Long t, Date instant) {

        static Bound of(Object value, String which) {
            if (value == null) {
                return new Bound(null, null);
            }
            if (value instanceof Date date) {
                return new Bound(null, date);
            }
            if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                return new Bound(Peer.toT(((Number) value).longValue()), null);
            }
            throw new IllegalArgumentException("Log.txRange " + which + " bound is " + Edn.describe(value)
                    + "; expected null, a t, a transaction entity id (long) or a java.util.Date");
        }

        /** As a start bound: {@code e} is at or after it. */
        boolean admitsFrom(Entry e) {
            return t != null ? e.t() >= t : instant == null || !e.instant().before(instant);
        }

        /** As an end bound: {@code e} is strictly before it. */
        boolean admitsUntil(Entry e) {
            return t != null ? e.t() < t : instant == null || e.instant().before(instant);
        }
    }

    /** The base log's entries up to the fork point, then each fork's own down the chain, within the bounds. */
    private final class RangeIterator implements Iterator<Map> {

        private final Bound from;
        private final Bound to;
        private Iterator<Map> inBase;
        /** The logs of the chain with entries of their own, the oldest first. */
        private final ForkLog[] chain;
        private int link;
        private int own;
        private Map<?, ?> next;

        RangeIterator(Bound from, Bound to, Object start, Object end) {
            this.from = from;
            this.to = to;
            // The base reads its own bounds (Datomic's rules for t, tx id and Date); we stop at the fork point.
            this.inBase = base == null ? null : base.txRange(start, end).iterator();
            int links = 0;
            for (ForkLog log = ForkLog.this; log != null; log = log.parent) {
                links++;
            }
            this.chain = new ForkLog[links];
            ForkLog log = ForkLog.this;
            for (int i = links - 1; i >= 0; i--, log = log.parent) {
                chain[i] = log;
            }
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = advance();
            }
            return next != null;
        }

        @Override
        public Map next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map<?, ?> result = next;
            next = null;
            return result;
        }

        private Map<?, ?> advance() {
            if (inBase != null) {
                if (inBase.hasNext()) {
                    Map<?, ?> entry = inBase.next();
                    if (((Number) entry.get(Log.T)).longValue() <= baseT) {
                        return entry;
                    }
                }
                inBase = null; // past the fork point: what follows in the base is not our history
            }
            while (link < chain.length) {
                ForkLog log = chain[link];
                while (own < log.size) {
                    Entry entry = log.entries[own++];
                    if (!to.admitsUntil(entry)) {
                        link = chain.length; // entries are in t and instant order, so nothing later is in range
                        return null;
                    }
                    if (from.admitsFrom(entry)) {
                        return entry.toMap();
                    }
                }
                link++;
                own = 0;
            }
            return null;
        }
    }
}
