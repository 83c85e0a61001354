package dev.datomickit.migrations;

import datomic.Connection;
import dev.datomickit.core.Tx;
import java.util.ArrayList;
import java.util.List;

/**
 * What datomic-kit 0.1 installed in a database, copied from its source: the same attributes as
 * now, and the version-1 functions {@code :datomic-kit.migration/run} and
 * {@code :datomic-kit.batch/chunk}, which did not compare checksums. Tests use it to build the
 * databases a 0.1 peer leaves behind, and to act as such a peer.
 */
final class SupportV1 {

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

    private SupportV1() {}

    /** Installs the 0.1 support in one transaction, as a 0.1 peer did before its first migration. */
    static void install(Connection conn) {
        List<Object> txData = new ArrayList<>(Support.SCHEMA.txData());
        txData.addAll(RUN.txData());
        txData.addAll(CHUNK.txData());
        Tx.transact(conn, txData);
    }

    /** Applies a migration as a 0.1 peer did: through {@code :datomic-kit.migration/run}. */
    static void run(Connection conn, Migration migration, List<?> txData) {
        Tx.transact(conn, List.of(RUN.call(migration.name(), migration.checksum(), txData)));
    }
}
