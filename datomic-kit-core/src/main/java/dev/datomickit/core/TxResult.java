package dev.datomickit.core;

import datomic.Connection;
import datomic.Database;
import datomic.Datom;
import datomic.Entity;
import datomic.Peer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The result of a transaction: databases before and after, the datoms it wrote, and its tempids
 * resolved by name.
 *
 * <pre>{@code
 * TxResult result = Tx.transact(conn, Tx.data(Tx.entity("alice").set("user/email", "a@example.com")));
 * Entity alice = result.entity("alice");
 * }</pre>
 *
 * <p>Wraps the report map that {@link Connection#transact(List)} returns; {@link #report()} gives
 * it back unchanged for code that expects Datomic's own map.
 */
public final class TxResult {

    private final Map<?, ?> report;

    /**
     * Wraps a transaction report map, as returned by {@link Connection#transact(List)} or
     * {@link Database#with(List)}.
     *
     * @param report the report, with Datomic's keys {@code :db-before}, {@code :db-after},
     *     {@code :tx-data} and {@code :tempids}
     * @throws IllegalArgumentException if a key is missing
     */
    public TxResult(Map<?, ?> report) {
        for (Object key : List.of(Connection.DB_BEFORE, Connection.DB_AFTER, Connection.TX_DATA, Connection.TEMPIDS)) {
            if (!report.containsKey(key)) {
                throw new IllegalArgumentException("Not a transaction report: key " + key + " is missing from "
                        + report.keySet());
            }
        }
        this.report = report;
    }

    /**
     * Returns the database value before the transaction.
     *
     * @return the database before
     */
    public Database dbBefore() {
        return (Database) report.get(Connection.DB_BEFORE);
    }

    /**
     * Returns the database value after the transaction.
     *
     * @return the database after
     */
    public Database dbAfter() {
        return (Database) report.get(Connection.DB_AFTER);
    }

    /**
     * Returns the datoms the transaction asserted and retracted, including those about the
     * transaction entity itself ({@code :db/txInstant}).
     *
     * @return the datoms, in Datomic's order
     */
    @SuppressWarnings("unchecked")
    public List<Datom> txData() {
        return Collections.unmodifiableList(new ArrayList<>((List<Datom>) report.get(Connection.TX_DATA)));
    }

    /**
     * Returns the tempids Datomic resolved: tempid strings to entity ids.
     *
     * @return the tempids map of the report, unmodifiable
     */
    @SuppressWarnings("unchecked")
    public Map<Object, Long> tempids() {
        return Collections.unmodifiableMap((Map<Object, Long>) report.get(Connection.TEMPIDS));
    }

    /**
     * Returns the entity id a tempid resolved to.
     *
     * @param tempid a tempid string used in the transaction data (such as {@code "alice"}), or a
     *     tempid made with {@code Peer.tempid}
     * @return the entity id
     * @throws IllegalArgumentException if the transaction did not use {@code tempid}, listing the
     *     tempids it did use
     */
    public long id(Object tempid) {
        Object id = tempid instanceof String ? tempids().get(tempid) : Peer.resolveTempid(dbAfter(), tempids(), tempid);
        if (id == null) {
            throw new IllegalArgumentException("Tempid " + Edn.show(tempid) + " was not resolved by this transaction;"
                    + " its tempids are " + new TreeSet<>(tempids().keySet().stream().map(Edn::show).toList()));
        }
        return ((Number) id).longValue();
    }

    /**
     * Returns the entity a tempid resolved to, in the database after the transaction.
     *
     * @param tempid a tempid used in the transaction data
     * @return the entity in {@link #dbAfter()}
     * @throws IllegalArgumentException if the transaction did not use {@code tempid}
     */
    public Entity entity(Object tempid) {
        return dbAfter().entity(id(tempid));
    }

    /**
     * Returns the entity id of the transaction itself.
     *
     * @return the transaction entity id
     */
    public long tx() {
        // Every transaction writes at least :db/txInstant, so tx-data is never empty.
        return (Long) txData().get(0).tx();
    }

    /**
     * Returns the basis t of the database after the transaction.
     *
     * @return the transaction's t
     */
    public long t() {
        return dbAfter().basisT();
    }

    /**
     * Returns the report map exactly as Datomic produced it.
     *
     * @return the report
     */
    @SuppressWarnings("unchecked")
    public Map<Object, Object> report() {
        return (Map<Object, Object>) report;
    }

    /**
     * Summarises the result for logs: its t, datom count and tempids.
     *
     * @return a one-line summary
     */
    @Override
    public String toString() {
        return "TxResult{t=" + t() + ", datoms=" + ((List<?>) report.get(Connection.TX_DATA)).size()
                + ", tempids=" + Edn.show(tempids()) + "}";
    }
}
