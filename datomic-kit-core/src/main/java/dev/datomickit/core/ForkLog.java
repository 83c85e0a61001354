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
 */
final class ForkLog implements Log {

    private static final Entry[] NONE = new Entry[0];

    private final Log origin;
    private final long forkT;
    private final Entry[] entries;
    private final int size;

    private ForkLog(Log origin, long forkT, Entry[] entries, int size) {
        this.origin = origin;
        this.forkT = forkT;
        this.entries = entries;
        this.size = size;
    }

    /**
     * Starts the log of a new fork.
     *
     * @param origin the origin's log, or {@code null} if the fork has none (a mock of a database value)
     * @param forkT the basis t of the database the fork starts from; later origin entries are not ours
     */
    static ForkLog start(Log origin, long forkT) {
        return new ForkLog(origin, forkT, NONE, 0);
    }

    /** Returns a snapshot with one more transaction; called only on the latest snapshot, under the write lock. */
    ForkLog append(long t, Date instant, List<?> datoms) {
        Entry[] array = entries;
        if (size == array.length) {
            array = Arrays.copyOf(array, Math.max(16, size * 2));
        }
        // A vector, as in Datomic's log, and a copy: the caller owns the report's tx-data list.
        array[size] = new Entry(t, instant, PersistentVector.create(datoms));
        return new ForkLog(origin, forkT, array, size + 1);
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
        return "ForkLog{origin=" + (origin == null ? "none" : "up to t " + forkT) + ", own=" + size + "}";
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

    /** The origin's entries up to the fork point, then our own within the bounds. */
    private final class RangeIterator implements Iterator<Map> {

        private final Bound from;
        private final Bound to;
        private Iterator<Map> inOrigin;
        private int own;
        private Map<?, ?> next;

        RangeIterator(Bound from, Bound to, Object start, Object end) {
            this.from = from;
            this.to = to;
            // The origin reads its own bounds (Datomic's rules for t, tx id and Date); we stop at the fork point.
            this.inOrigin = origin == null ? null : origin.txRange(start, end).iterator();
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
            if (inOrigin != null) {
                if (inOrigin.hasNext()) {
                    Map<?, ?> entry = inOrigin.next();
                    if (((Number) entry.get(Log.T)).longValue() <= forkT) {
                        return entry;
                    }
                }
                inOrigin = null; // past the fork point: what follows in the origin is not our history
            }
            while (own < size) {
                Entry entry = entries[own++];
                if (!to.admitsUntil(entry)) {
                    own = size; // entries are in t and instant order, so nothing later is in range
                    return null;
                }
                if (from.admitsFrom(entry)) {
                    return entry.toMap();
                }
            }
            return null;
        }
    }
}
