package dev.datomickit.migrations;

import static dev.datomickit.core.ValueType.LONG;
import static dev.datomickit.core.ValueType.REF;
import static dev.datomickit.core.ValueType.STRING;

import clojure.lang.Keyword;
import datomic.Database;
import dev.datomickit.core.Kw;
import dev.datomickit.schema.Schema;
import dev.datomickit.schema.SchemaDiff;
import java.util.ArrayList;
import java.util.List;

/**
 * What the library keeps in the database: the records of applied migrations, the progress of
 * batches, and the two transaction functions that decide, inside each transaction, whether a
 * migration or a chunk may still be applied.
 *
 * <p>A migration record is an entity with {@code :datomic-kit.migration/name} (unique),
 * {@code /checksum} and {@code /tx}, a reference to the transaction that applied it: that
 * transaction's {@code :db/txInstant} and t are the time of the migration, recorded by reference
 * so they can never disagree with the log.
 */
final class Support {

    static final Keyword NAME = Kw.of("datomic-kit.migration/name");
    static final Keyword CHECKSUM = Kw.of("datomic-kit.migration/checksum");
    static final Keyword TX = Kw.of("datomic-kit.migration/tx");
    static final Keyword BATCH = Kw.of("datomic-kit.batch/migration");
    static final Keyword BATCH_CHECKSUM = Kw.of("datomic-kit.batch/checksum");
    static final Keyword CURSOR = Kw.of("datomic-kit.batch/cursor");
    static final Keyword CHUNKS = Kw.of("datomic-kit.batch/chunks");
    static final Keyword PROCESSED = Kw.of("datomic-kit.batch/processed");

    /** The error keyword of a transaction refused because the migration is recorded already. */
    static final Keyword ALREADY_APPLIED = Kw.of("datomic-kit.migration/already-applied");
    /** The error keyword of a chunk refused because the batch's progress is no longer where it started. */
    static final Keyword PROGRESS_MOVED = Kw.of("datomic-kit.batch/progress-moved");

    static final Schema SCHEMA = Schema.builder()
            .namespace("datomic-kit.migration", m -> {
                m.attr("name", STRING).identity().doc("datomic-kit: the name of an applied migration");
                m.attr("checksum", STRING).doc("datomic-kit: SHA-256 of the migration's definition when it was applied");
                m.attr("tx", REF).doc("datomic-kit: the transaction that applied the migration (its time and t)");
            })
            .namespace("datomic-kit.batch", b -> {
                b.attr("migration", STRING).identity().doc("datomic-kit: the name of a batched migration in progress or done");
                b.attr("checksum", STRING).doc("datomic-kit: checksum of the batch's definition when its last chunk was applied");
                b.attr("cursor", LONG).doc("datomic-kit: the last entity id the batch processed");
                b.attr("chunks", LONG).doc("datomic-kit: how many chunks the batch has applied");
                b.attr("processed", LONG).doc("datomic-kit: how many entities the batch has processed");
            })
            .build();

    /**
     * {@code [:datomic-kit.migration/run name checksum tx-data]}: aborts if {@code name} is recorded,
     * otherwise returns {@code tx-data} plus the record, so the migration and its record commit
     * together or not at all.
     */
    static final DatabaseFunction RUN = DatabaseFunction.clojure("datomic-kit.migration/run")
            .doc("datomic-kit: applies tx-data and records the migration, unless it is recorded already")
            .params("db", "name", "checksum", "tx-data")
            .requires("[datomic.api :as d]")
            .code("""
                    (if-let [e (d/entid db [:datomic-kit.migration/name name])]
                      (throw (ex-info (str "Migration \\"" name "\\" is already applied")
                                      {:db/error :datomic-kit.migration/already-applied
                                       :datomic-kit.migration/name name}))
                      (conj (vec tx-data)
                            {:db/id "datomic-kit.migration/record"
                             :datomic-kit.migration/name name
                             :datomic-kit.migration/checksum checksum
                             :datomic-kit.migration/tx "datomic.tx"}))""")
            .build();

    /**
     * {@code [:datomic-kit.batch/chunk name checksum from to size tx-data]}: aborts if the migration is
     * recorded, or if the batch's cursor is not {@code from} (another runner applied this chunk);
     * otherwise returns {@code tx-data} plus the progress moved to {@code to}. The check and the
     * move are one transaction: a compare-and-set that no two runners can both win.
     */
    static final DatabaseFunction CHUNK = DatabaseFunction.clojure("datomic-kit.batch/chunk")
            .doc("datomic-kit: applies one chunk of a batched migration and moves its progress, unless it has moved")
            .params("db", "name", "checksum", "from", "to", "size", "tx-data")
            .requires("[datomic.api :as d]")
            .code("""
                    (let [progress (some->> (d/entid db [:datomic-kit.batch/migration name]) (d/entity db))
                          cursor (:datomic-kit.batch/cursor progress)]
                      (cond
                        (d/entid db [:datomic-kit.migration/name name])
                        (throw (ex-info (str "Migration \\"" name "\\" is already applied")
                                        {:db/error :datomic-kit.migration/already-applied
                                         :datomic-kit.migration/name name}))
                        (not= cursor from)
                        (throw (ex-info (str "Batch \\"" name "\\" has moved on: its last entity is " cursor
                                             ", not " from)
                                        {:db/error :datomic-kit.batch/progress-moved
                                         :datomic-kit.migration/name name
                                         :datomic-kit.batch/cursor cursor}))
                        :else
                        (conj (vec tx-data)
                              {:db/id "datomic-kit.batch/progress"
                               :datomic-kit.batch/migration name
                               :datomic-kit.batch/checksum checksum
                               :datomic-kit.batch/cursor to
                               :datomic-kit.batch/chunks (inc (or (:datomic-kit.batch/chunks progress) 0))
                               :datomic-kit.batch/processed (+ size (or (:datomic-kit.batch/processed progress) 0))})))""")
            .build();

    private Support() {}

    /** What {@code db} lacks of the support schema and functions; empty when everything is installed. */
    static List<Object> missingFrom(Database db) {
        List<Object> txData = new ArrayList<>();
        SchemaDiff diff = SCHEMA.diff(db);
        txData.addAll(diff.txData());
        for (DatabaseFunction function : List.of(RUN, CHUNK)) {
            if (!function.isInstalledIn(db)) {
                txData.addAll(function.txData());
            }
        }
        return txData;
    }

    /** The statement that applies a migration's data and records it, exactly once. */
    static List<Object> run(Migration migration, List<?> txData) {
        return RUN.call(migration.name(), migration.checksum(), txData);
    }

    /** The statement that applies a chunk of a batch and moves its progress from {@code from} to {@code to}. */
    static List<Object> chunk(Migration migration, Long from, long to, int size, List<?> txData) {
        return CHUNK.call(migration.name(), migration.checksum(), from, to, (long) size, txData);
    }
}
