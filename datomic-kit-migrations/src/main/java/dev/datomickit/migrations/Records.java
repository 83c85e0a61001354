package dev.datomickit.migrations;

import datomic.Database;
import datomic.Datom;
import datomic.Entity;
import datomic.Peer;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what the database records of migrations: applied ones, and the progress of batches. */
final class Records {

    private static final String TX_INSTANT = ":db/txInstant";

    /** A migration recorded as applied: its name, checksum, and the transaction that applied it. */
    record Applied(String name, String checksum, long tx) {

        long t() {
            return Peer.toT(tx);
        }

        Instant instant(Database db) {
            Object instant = db.entity(tx).get(TX_INSTANT);
            return instant instanceof Date date ? date.toInstant() : null;
        }
    }

    /** Where a batch stands: the last entity it processed, how many chunks and entities so far. */
    record Progress(long cursor, long chunks, long processed, String checksum) {}

    private Records() {}

    /**
     * Every applied migration, by name, in the order of their records' entity ids. Three index
     * scans, whatever the number of migrations; nothing at all before the first migration.
     */
    static Map<String, Applied> applied(Database db) {
        if (db.entid(Support.NAME) == null) {
            return Map.of();
        }
        Map<Object, String> checksums = new HashMap<>();
        for (Datom datom : db.datoms(Database.AEVT, Support.CHECKSUM)) {
            checksums.put(datom.e(), (String) datom.v());
        }
        Map<Object, Long> txs = new HashMap<>();
        for (Datom datom : db.datoms(Database.AEVT, Support.TX)) {
            txs.put(datom.e(), (Long) datom.v());
        }
        Map<String, Applied> applied = new LinkedHashMap<>();
        for (Datom datom : db.datoms(Database.AEVT, Support.NAME)) {
            String name = (String) datom.v();
            applied.put(name, new Applied(name, checksums.get(datom.e()), txs.get(datom.e())));
        }
        return Collections.unmodifiableMap(applied);
    }

    /** The record of one migration, if it is applied. */
    static Optional<Applied> applied(Database db, String name) {
        if (!isApplied(db, name)) {
            return Optional.empty();
        }
        Entity record = db.entity(db.entid(List.of(Support.NAME, name)));
        Entity tx = (Entity) record.get(Support.TX);
        return Optional.of(new Applied(name, (String) record.get(Support.CHECKSUM), (Long) tx.get(":db/id")));
    }

    /** Whether {@code name} is recorded as applied in {@code db}: one index seek. */
    static boolean isApplied(Database db, String name) {
        return db.entid(Support.NAME) != null && db.entid(List.of(Support.NAME, name)) != null;
    }

    /** The progress of a batch, if any chunk of it was applied. */
    static Optional<Progress> progress(Database db, String name) {
        if (db.entid(Support.BATCH) == null) {
            return Optional.empty();
        }
        Object id = db.entid(List.of(Support.BATCH, name));
        if (id == null) {
            return Optional.empty();
        }
        Entity progress = db.entity(id);
        return Optional.of(new Progress(number(progress.get(Support.CURSOR)), number(progress.get(Support.CHUNKS)),
                number(progress.get(Support.PROCESSED)), (String) progress.get(Support.BATCH_CHECKSUM)));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
