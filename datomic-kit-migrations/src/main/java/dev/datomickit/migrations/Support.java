package dev.datomickit.migrations;

import static dev.datomickit.core.ValueType.LONG;
import static dev.datomickit.core.ValueType.REF;
import static dev.datomickit.core.ValueType.STRING;

import clojure.lang.Keyword;
import clojure.lang.Symbol;
import datomic.Database;
import dev.datomickit.core.Kw;
import dev.datomickit.schema.Schema;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p><b>Versioned functions.</b> The functions live under versioned idents
 * ({@code :datomic-kit.migration/run-v2}, {@code :datomic-kit.batch/chunk-v2}) whose definition
 * never changes once released: a later version of the library adds new idents rather than
 * replacing these. A peer therefore always runs the function its own code expects, whatever older
 * or newer peers install meanwhile. Version 1 ({@code :datomic-kit.migration/run},
 * {@code :datomic-kit.batch/chunk}, which did not compare checksums) is left in place for peers
 * still running datomic-kit 0.1: they reinstall their own definition whenever it differs, so
 * replacing it would only make them and newer peers overwrite each other.
 *
 * <p><b>Installed once.</b> The install transaction starts with a guard,
 * {@code [datomic.api/entid :datomic-kit.migration/run-v2]}: a call of Datomic's own API as a
 * classpath transaction function (Datomic Pro transactors run them; no built-in check can refuse a
 * write merely because an ident exists, and {@code :db/cas} needs an entity that exists before the
 * first install). It returns nothing while the function is missing and aborts the transaction once
 * it is there (an entity id is not transaction data). So when several peers
 * install at once, the transactor applies the first transaction and aborts the others, which write
 * nothing; their peers sync and find everything installed. The schema, both functions and their
 * guard are one transaction: a database never holds a part of them.
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

    /** The error keyword of a transaction refused because the migration is recorded already, with the same checksum. */
    static final Keyword ALREADY_APPLIED = Kw.of("datomic-kit.migration/already-applied");
    /** The error keyword of a transaction refused because the migration is recorded with another checksum. */
    static final Keyword CHANGED = Kw.of("datomic-kit.migration/changed");
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
     * Clojure shared by both functions: throws unless {@code name} is unrecorded. A record with the
     * same checksum is {@code already-applied}; with another, {@code changed}, carrying the recorded
     * checksum and transaction.
     */
    private static final String REFUSE_RECORDED = """
            (when-let [record (some->> (d/entid db [:datomic-kit.migration/name name]) (d/entity db))]
              (let [recorded (:datomic-kit.migration/checksum record)
                    same (= recorded checksum)]
                (throw (ex-info (if same
                                  (str "Migration \\"" name "\\" is already applied")
                                  (str "Migration \\"" name "\\" was applied with checksum " recorded ", not " checksum))
                                {:db/error (if same :datomic-kit.migration/already-applied :datomic-kit.migration/changed)
                                 :datomic-kit.migration/name name
                                 :datomic-kit.migration/checksum recorded
                                 :datomic-kit.migration/tx (:db/id (:datomic-kit.migration/tx record))}))))""";

    /**
     * Clojure shared by both functions: throws {@code progress-moved} unless the batch's progress is
     * at cursor {@code from} with checksum {@code from-checksum} (both nil: no progress yet).
     */
    private static final String REFUSE_MOVED = """
            (let [progress (some->> (d/entid db [:datomic-kit.batch/migration name]) (d/entity db))
                  cursor (:datomic-kit.batch/cursor progress)
                  recorded (:datomic-kit.batch/checksum progress)]
              (when (or (not= cursor from) (not= recorded from-checksum))
                (throw (ex-info (str "Batch \\"" name "\\" has moved on: its last entity is " cursor
                                     " (checksum " recorded "), not " from " (checksum " from-checksum ")")
                                {:db/error :datomic-kit.batch/progress-moved
                                 :datomic-kit.migration/name name
                                 :datomic-kit.batch/cursor cursor
                                 :datomic-kit.batch/checksum recorded}))))""";

    /**
     * {@code [:datomic-kit.migration/run-v2 name checksum progress tx-data]}: aborts if {@code name} is
     * recorded ({@code already-applied} with the same checksum, {@code changed} with another); for a
     * batch ({@code progress} is {@code [from from-checksum]}), aborts unless its progress is still
     * there; otherwise returns {@code tx-data} plus the record, so the migration and its record commit
     * together or not at all.
     */
    static final DatabaseFunction RUN = DatabaseFunction.clojure("datomic-kit.migration/run-v2")
            .doc("datomic-kit: applies tx-data and records the migration, unless it is recorded already"
                    + " (with this checksum or another)")
            .params("db", "name", "checksum", "progress", "tx-data")
            .requires("[datomic.api :as d]")
            .code("(do\n" + REFUSE_RECORDED + "\n" + """
                    (when progress
                      (let [[from from-checksum] progress]
                    """ + REFUSE_MOVED + "))\n" + """
                    (conj (vec tx-data)
                          {:db/id "datomic-kit.migration/record"
                           :datomic-kit.migration/name name
                           :datomic-kit.migration/checksum checksum
                           :datomic-kit.migration/tx "datomic.tx"}))""")
            .build();

    /**
     * {@code [:datomic-kit.batch/chunk-v2 name checksum from from-checksum to size tx-data]}: aborts if
     * the migration is recorded (as {@link #RUN} does), or if the batch's progress is not at cursor
     * {@code from} with checksum {@code from-checksum} (another runner applied this chunk, or one of
     * another definition); otherwise returns {@code tx-data} plus the progress moved to {@code to}
     * under {@code checksum}. The check and the move are one transaction: a compare-and-set that no
     * two runners can both win.
     */
    static final DatabaseFunction CHUNK = DatabaseFunction.clojure("datomic-kit.batch/chunk-v2")
            .doc("datomic-kit: applies one chunk of a batched migration and moves its progress, unless it has moved")
            .params("db", "name", "checksum", "from", "from-checksum", "to", "size", "tx-data")
            .requires("[datomic.api :as d]")
            .code("(do\n" + REFUSE_RECORDED + "\n" + REFUSE_MOVED + "\n" + """
                    (let [progress (some->> (d/entid db [:datomic-kit.batch/migration name]) (d/entity db))]
                      (conj (vec tx-data)
                            {:db/id "datomic-kit.batch/progress"
                             :datomic-kit.batch/migration name
                             :datomic-kit.batch/checksum checksum
                             :datomic-kit.batch/cursor to
                             :datomic-kit.batch/chunks (inc (or (:datomic-kit.batch/chunks progress) 0))
                             :datomic-kit.batch/processed (+ size (or (:datomic-kit.batch/processed progress) 0))})))""")
            .build();

    /**
     * The guard of the install transaction: Datomic calls {@code datomic.api/entid} from the
     * transactor's classpath with the database before the transaction; it returns {@code nil} (no
     * statements) while {@link #RUN} is missing, and an entity id, which aborts the transaction,
     * once another peer installed it.
     */
    private static final List<Object> GUARD = List.of(Symbol.intern("datomic.api", "entid"), RUN.ident());

    private Support() {}

    /**
     * The transaction that installs what {@code db} lacks of the support schema and functions, or
     * empty when everything is installed. While {@link #RUN} is missing (a new database, or one
     * migrated by datomic-kit 0.1) it starts with the guard, so that only the first of several
     * racing peers writes. When {@code RUN} is there but something differs from this version (the
     * library's functions or attributes were altered by hand), it repairs that without a guard.
     *
     * @throws dev.datomickit.schema.SchemaException if the database holds attributes under the
     *     library's names that cannot become the library's
     */
    static List<Object> installation(Database db) {
        List<Object> txData = new ArrayList<>();
        txData.addAll(SCHEMA.diff(db).txData());
        for (DatabaseFunction function : List.of(RUN, CHUNK)) {
            if (!function.isInstalledIn(db)) {
                txData.addAll(function.txData());
            }
        }
        if (txData.isEmpty()) {
            return List.of();
        }
        if (db.entid(RUN.ident()) == null) {
            txData.add(0, GUARD);
        }
        return txData;
    }

    /** Whether {@code db} holds the support schema and functions of this version. */
    static boolean isInstalledIn(Database db) {
        return installation(db).isEmpty();
    }

    /** The statement that applies a migration's data and records it, exactly once. */
    static List<Object> run(Migration migration, List<?> txData) {
        return RUN.call(migration.name(), migration.checksum(), null, txData);
    }

    /**
     * The statement that records a batch once its chunks are applied, provided its progress is still
     * at cursor {@code from} with checksum {@code fromChecksum} (both {@code null}: no progress).
     */
    static List<Object> finish(Migration migration, Long from, String fromChecksum) {
        return RUN.call(migration.name(), migration.checksum(), Arrays.asList(from, fromChecksum), List.of());
    }

    /**
     * The statement that applies a chunk of a batch and moves its progress from {@code from} (with
     * checksum {@code fromChecksum}) to {@code to}.
     */
    static List<Object> chunk(Migration migration, Long from, String fromChecksum, long to, int size, List<?> txData) {
        return CHUNK.call(migration.name(), migration.checksum(), from, fromChecksum, to, (long) size, txData);
    }
}
