package dev.datomickit.migrations;

import datomic.Connection;
import datomic.Database;
import datomic.Datom;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One run of the pending migrations on one connection. Keeps the newest database value it knows:
 * the peer's at the start, then each transaction's result, or a synced value after another peer
 * was found to be first, so that a migration's function always sees the migrations it requires.
 */
final class Runner {

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

    private final Migrator migrator;
    private final Connection conn;
    private final MigrationListener listener;
    private final boolean dryRun;

    private final List<MigrationReport.Entry> done = new ArrayList<>();
    private List<Migration> pending = List.of();
    private Migration current;
    private long currentDatoms;
    private int transactions;
    private Database db;

    Runner(Migrator migrator, Connection conn, MigrationListener listener, boolean dryRun) {
        this.migrator = migrator;
        this.conn = conn;
        this.listener = listener;
        this.dryRun = dryRun;
    }

    MigrationReport run() {
        db = conn.db();
        Map<String, Records.Applied> applied = Records.applied(db);
        pending = migrator.migrations().stream().filter(m -> !applied.containsKey(m.name())).toList();
        Map<String, String> refusals = migrator.refusals(db, applied);
        if (!refusals.isEmpty()) {
            throw MigrationException.invalid(List.copyOf(refusals.values()), List.copyOf(refusals.keySet()));
        }
        if (!dryRun) {
            migrator.unknown(applied).forEach(record -> LOG.warn(Migrator.unknownProblem(record)));
        }
        if (pending.isEmpty()) {
            LOG.debug("No pending migrations at basis t {}: {} applied", db.basisT(), applied.size());
            return new MigrationReport(done, transactions, db.basisT());
        }
        log("{} pending migrations at basis t {}: {}", pending.size(), db.basisT(),
                pending.stream().map(Migration::name).toList());
        installSupport();
        for (Migration migration : pending) {
            current = migration;
            currentDatoms = 0;
            notify(l -> l.starting(migration));
            if (migration.step() instanceof Migration.Single single) {
                single(migration, single);
            } else {
                batch(migration, (Migration.Batch) migration.step());
            }
        }
        current = null;
        return new MigrationReport(done, transactions, db.basisT());
    }

    List<MigrationReport.Entry> done() {
        return Collections.unmodifiableList(done);
    }

    List<Migration> pending() {
        return pending;
    }

    /** The migration running, or that failed; {@code null} before the first and after the last. */
    Migration current() {
        return current;
    }

    /** The datoms the current migration wrote so far: chunks of a batch applied before a failure. */
    long currentDatoms() {
        return currentDatoms;
    }

    private void installSupport() {
        List<Object> missing = Support.missingFrom(db);
        if (missing.isEmpty()) {
            return;
        }
        try {
            TxResult result = Tx.transact(conn, missing);
            db = result.dbAfter();
            transactions++;
            log("Installed the migration records' schema and functions at t {}", result.t());
        } catch (TransactionException e) {
            throw new DatomicKitException("Cannot install the schema and functions datomic-kit records migrations"
                    + " with (:datomic-kit.migration/*, :datomic-kit.batch/*): " + e.getMessage(), e);
        }
    }

    private void single(Migration migration, Migration.Single step) {
        if (Records.isApplied(db, migration.name())) {
            appliedElsewhere(migration, 0, 0);
            return;
        }
        List<?> txData;
        try {
            txData = step.txData(db);
        } catch (RuntimeException e) {
            throw failed(migration, switch (migration.kind()) {
                case SCHEMA -> "its schema cannot be installed";
                case FUNCTION -> "its function threw " + e.getClass().getName();
                default -> "its transaction data cannot be built";
            }, e, "It is not recorded, and nothing of it was written.");
        }
        if (txData == null) {
            throw failed(migration, "its function returned null; return an empty list when there is nothing to migrate",
                    null, "It is not recorded, and nothing of it was written.");
        }
        TxResult result;
        try {
            result = Tx.transact(conn, List.of(Support.run(migration, txData)));
        } catch (TransactionException e) {
            if (e.is(Support.ALREADY_APPLIED)) {
                appliedElsewhere(migration, 0, 0);
                return;
            }
            throw failed(migration, "its transaction was refused", e,
                    "It is not recorded, and nothing of its transaction was written.");
        }
        db = result.dbAfter();
        transactions++;
        long datoms = effectDatoms(result);
        finish(migration, new MigrationReport.Entry(migration.name(), MigrationReport.Outcome.APPLIED, result.t(), datoms, 1));
    }

    private void batch(Migration migration, Migration.Batch step) {
        if (Records.isApplied(db, migration.name())) {
            appliedElsewhere(migration, 0, 0);
            return;
        }
        Optional<Records.Progress> progress = Records.progress(db, migration.name());
        long[] ids;
        try {
            ids = select(step.entities().apply(db));
        } catch (RuntimeException e) {
            throw failed(migration, "its entity selection threw " + e.getClass().getName(), e,
                    batchState(progress.map(Records.Progress::chunks).orElse(0L)));
        }
        Long cursor = progress.map(Records.Progress::cursor).orElse(null);
        long chunks = progress.map(Records.Progress::chunks).orElse(0L);
        long processed = progress.map(Records.Progress::processed).orElse(0L);
        int transactionsOfBatch = 0;
        int position = after(ids, cursor);
        if (position > 0 || chunks > 0) {
            log("Migration \"{}\": resuming after {} chunks ({} entities), at entity {} of {} selected",
                    migration.name(), chunks, processed, position + 1, ids.length);
        }
        while (position < ids.length) {
            List<Long> chunk = slice(ids, position, Math.min(position + step.chunkSize(), ids.length));
            String which = "chunk " + (chunks + 1) + " (" + chunk.size() + " entities, " + chunk.get(0) + " to "
                    + chunk.get(chunk.size() - 1) + ")";
            List<?> txData;
            try {
                txData = step.chunk().txData(db, chunk);
            } catch (RuntimeException e) {
                throw failed(migration, which + " threw " + e.getClass().getName(), e, batchState(chunks));
            }
            if (txData == null) {
                throw failed(migration, which + " returned null; return an empty list when a chunk needs no change",
                        null, batchState(chunks));
            }
            long to = chunk.get(chunk.size() - 1);
            TxResult result;
            try {
                result = Tx.transact(conn, List.of(Support.chunk(migration, cursor, to, chunk.size(), txData)));
            } catch (TransactionException e) {
                if (e.is(Support.ALREADY_APPLIED)) {
                    appliedElsewhere(migration, currentDatoms, transactionsOfBatch);
                    return;
                }
                if (e.is(Support.PROGRESS_MOVED)) {
                    // Another runner applied this chunk: continue from where it left the batch.
                    db = sync();
                    Records.Progress moved = Records.progress(db, migration.name()).orElseThrow(() ->
                            new IllegalStateException("Batch \"" + migration.name() + "\" moved, yet has no progress"));
                    cursor = moved.cursor();
                    chunks = moved.chunks();
                    processed = moved.processed();
                    position = after(ids, cursor);
                    log("Migration \"{}\": another peer applied chunks up to {}; continuing after entity {}",
                            migration.name(), chunks, cursor);
                    continue;
                }
                throw failed(migration, which + " was refused", e, batchState(chunks));
            }
            db = result.dbAfter();
            transactions++;
            transactionsOfBatch++;
            currentDatoms += effectDatoms(result);
            cursor = to;
            chunks++;
            processed += chunk.size();
            position += chunk.size();
            MigrationListener.Progress now = new MigrationListener.Progress(chunks, processed,
                    processed + ids.length - position, result.t());
            log("Migration \"{}\": chunk {} applied at t {}, {} of {} entities", migration.name(), chunks, result.t(),
                    now.processed(), now.total());
            notify(l -> l.chunkApplied(migration, now));
        }
        TxResult result;
        try {
            result = Tx.transact(conn, List.of(Support.run(migration, List.of())));
        } catch (TransactionException e) {
            if (e.is(Support.ALREADY_APPLIED)) {
                appliedElsewhere(migration, currentDatoms, transactionsOfBatch);
                return;
            }
            throw failed(migration, "its record was refused", e, batchState(chunks));
        }
        db = result.dbAfter();
        transactions++;
        finish(migration, new MigrationReport.Entry(migration.name(), MigrationReport.Outcome.APPLIED, result.t(),
                currentDatoms, transactionsOfBatch + 1));
    }

    /** Another peer recorded the migration first; move to a database that shows it. */
    private void appliedElsewhere(Migration migration, long datoms, int transactionsOfIt) {
        if (!Records.isApplied(db, migration.name())) {
            db = sync();
        }
        long t = Records.applied(db, migration.name()).map(Records.Applied::t).orElse(-1L);
        finish(migration, new MigrationReport.Entry(migration.name(), MigrationReport.Outcome.APPLIED_BY_ANOTHER_PEER, t,
                datoms, transactionsOfIt));
    }

    private void finish(Migration migration, MigrationReport.Entry entry) {
        done.add(entry);
        if (entry.outcome() == MigrationReport.Outcome.APPLIED) {
            log("Migration \"{}\" applied at t {}: {} datoms", migration.name(), entry.t(), entry.datoms());
        } else {
            log("Migration \"{}\" was applied by another peer, at t {}", migration.name(), entry.t());
        }
        notify(l -> l.applied(migration, entry));
    }

    private Database sync() {
        try {
            return conn.sync().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatomicKitException("Interrupted while waiting for the database to show another peer's migration", e);
        } catch (ExecutionException e) {
            throw new DatomicKitException("Cannot sync with the transactor to see another peer's migration: "
                    + e.getCause(), e.getCause());
        }
    }

    private MigrationException failed(Migration migration, String what, Throwable cause, String state) {
        List<String> after = pending.subList(pending.indexOf(migration) + 1, pending.size()).stream()
                .map(Migration::name).toList();
        return MigrationException.failed(migration, what, cause, state + " Fix it and migrate again.", after);
    }

    private static String batchState(long chunksApplied) {
        return chunksApplied == 0 ? "It is not recorded, and no chunk of it was written."
                : "It is not recorded; its first " + chunksApplied + (chunksApplied == 1 ? " chunk is" : " chunks are")
                        + " applied and recorded as progress, and the next run resumes after them.";
    }

    /** The datoms a migration wrote itself: not its record or progress, not the transaction's own. */
    private static long effectDatoms(TxResult result) {
        Database after = result.dbAfter();
        Set<Long> support = new HashSet<>();
        for (Object attribute : List.of(Support.NAME, Support.CHECKSUM, Support.TX, Support.BATCH,
                Support.BATCH_CHECKSUM, Support.CURSOR, Support.CHUNKS, Support.PROCESSED)) {
            support.add(((Number) after.entid(attribute)).longValue());
        }
        long tx = result.tx();
        long count = 0;
        for (Datom datom : result.txData()) {
            if (((Number) datom.e()).longValue() != tx && !support.contains(((Number) datom.a()).longValue())) {
                count++;
            }
        }
        return count;
    }

    /** The selected entity ids, ascending and distinct. */
    private static long[] select(Collection<?> selected) {
        if (selected == null) {
            throw new IllegalArgumentException("the selection returned null; return an empty collection instead");
        }
        TreeSet<Long> ids = new TreeSet<>();
        for (Object item : selected) {
            if (item instanceof Number number) {
                ids.add(number.longValue());
            } else if (item instanceof datomic.Entity entity) {
                ids.add((Long) entity.get(":db/id"));
            } else {
                throw new IllegalArgumentException("the selection holds " + (item == null ? "null"
                        : "a " + item.getClass().getName()) + "; expected entity ids or entities");
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** The position of the first id after the cursor. */
    private static int after(long[] ids, Long cursor) {
        if (cursor == null) {
            return 0;
        }
        int found = java.util.Arrays.binarySearch(ids, cursor);
        return found >= 0 ? found + 1 : -found - 1;
    }

    private static List<Long> slice(long[] ids, int from, int to) {
        List<Long> chunk = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            chunk.add(ids[i]);
        }
        return Collections.unmodifiableList(chunk);
    }

    private void log(String format, Object... args) {
        LOG.atLevel(dryRun ? Level.DEBUG : Level.INFO).log((dryRun ? "[dry run] " : "") + format, args);
    }

    private void notify(java.util.function.Consumer<MigrationListener> event) {
        if (listener == null) {
            return;
        }
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("A migration listener threw; the migration goes on", e);
        }
    }
}
