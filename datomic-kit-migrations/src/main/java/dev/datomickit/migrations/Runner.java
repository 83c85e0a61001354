package dev.datomickit.migrations;

import datomic.Connection;
import datomic.Database;
import datomic.Datom;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.Edn;
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
            List<String> notRun = pending.stream().map(Migration::name).filter(n -> !refusals.containsKey(n)).toList();
            throw MigrationException.invalid(List.copyOf(refusals.values()), List.copyOf(refusals.keySet()), notRun);
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

    /**
     * Installs the library's schema and functions if this peer's database lacks them. When several
     * peers install at once, the guard in the transaction lets the transactor apply the first and
     * abort the others: a peer whose installation was refused syncs, and goes on if it finds
     * everything installed. A second refusal, with everything seen, is an error.
     */
    private void installSupport() {
        for (int attempt = 1; ; attempt++) {
            List<Object> installation = Support.installation(db);
            if (installation.isEmpty()) {
                return;
            }
            try {
                TxResult result = Tx.transact(conn, installation);
                db = result.dbAfter();
                if (count(result)) {
                    log("Installed the migration records' schema and functions at t {}", result.t());
                }
                return;
            } catch (TransactionException e) {
                db = sync();
                if (Support.isInstalledIn(db)) {
                    log("Another peer installed the migration records' schema and functions first; found them at"
                            + " basis t {}", db.basisT());
                    return;
                }
                if (attempt == 2) {
                    throw new DatomicKitException("Cannot install the schema and functions datomic-kit records"
                            + " migrations with (:datomic-kit.migration/*, :datomic-kit.batch/*): " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Counts a committed transaction, unless it added nothing but its own {@code :db/txInstant}:
     * Datomic commits a transaction whose every statement was already true, and no user cares about
     * such a transaction. Returns whether it counted.
     */
    private boolean count(TxResult result) {
        if (result.txData().size() <= 1) {
            return false;
        }
        transactions++;
        return true;
    }

    private void single(Migration migration, Migration.Single step) {
        if (Records.isApplied(db, migration.name())) {
            appliedElsewhere(migration, 0, 0);
            return;
        }
        String state = "It is not recorded, and nothing of it was written.";
        List<?> txData;
        try {
            txData = step.txData(db);
        } catch (RuntimeException e) {
            throw failed(migration, switch (migration.kind()) {
                case SCHEMA -> "its schema cannot be installed";
                case FUNCTION -> "its function threw " + e.getClass().getName();
                default -> "its transaction data cannot be built";
            }, e, state);
        }
        if (txData == null) {
            throw failed(migration, "its function returned null; return an empty list when there is nothing to migrate",
                    null, state);
        }
        checkDepth(migration, txData, "its transaction data", state);
        TxResult result;
        try {
            result = Tx.transact(conn, List.of(Support.run(migration, txData)));
        } catch (TransactionException e) {
            if (e.is(Support.ALREADY_APPLIED) || e.is(Support.CHANGED)) {
                appliedElsewhere(migration, 0, 0);
                return;
            }
            throw failed(migration, "its transaction was refused", e,
                    "It is not recorded, and nothing of its transaction was written.");
        }
        db = result.dbAfter();
        count(result);
        long datoms = effectDatoms(result);
        finish(migration, new MigrationReport.Entry(migration.name(), MigrationReport.Outcome.APPLIED, result.t(), datoms, 1));
    }

    /**
     * Refuses transaction data a Java function computed if it nests deeper than
     * {@link Migration#MAX_DEPTH} levels, before it reaches Datomic (whose walkers recurse).
     */
    private void checkDepth(Migration migration, List<?> txData, String what, String state) {
        try {
            Edn.checkDepth(txData, Migration.MAX_DEPTH, what);
        } catch (IllegalArgumentException e) {
            throw failed(migration, e.getMessage(), null, state);
        }
    }

    private void batch(Migration migration, Migration.Batch step) {
        if (Records.isApplied(db, migration.name())) {
            appliedElsewhere(migration, 0, 0);
            return;
        }
        Optional<Records.Progress> progress = Records.progress(db, migration.name());
        long[] ids = select(migration, step, progress.map(Records.Progress::chunks).orElse(0L));
        Long cursor = progress.map(Records.Progress::cursor).orElse(null);
        String cursorChecksum = progress.map(Records.Progress::checksum).orElse(null);
        long chunks = progress.map(Records.Progress::chunks).orElse(0L);
        long processed = progress.map(Records.Progress::processed).orElse(0L);
        int transactionsOfBatch = 0;
        int position = after(ids, cursor);
        if (position > 0 || chunks > 0) {
            log("Migration \"{}\": resuming after {} chunks ({} entities), at entity {} of {} selected",
                    migration.name(), chunks, processed, position + 1, ids.length);
        }
        TxResult recorded = null;
        while (recorded == null) {
            Records.Progress moved = null;
            while (moved == null && position < ids.length) {
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
                checkDepth(migration, txData, "the transaction data of " + which, batchState(chunks));
                long to = chunk.get(chunk.size() - 1);
                TxResult result;
                try {
                    result = Tx.transact(conn, List.of(Support.chunk(migration, cursor, cursorChecksum, to, chunk.size(),
                            txData)));
                } catch (TransactionException e) {
                    if (e.is(Support.ALREADY_APPLIED) || e.is(Support.CHANGED)) {
                        appliedElsewhere(migration, currentDatoms, transactionsOfBatch);
                        return;
                    }
                    if (e.is(Support.PROGRESS_MOVED)) {
                        moved = moved(migration, transactionsOfBatch);
                        if (moved == null) {
                            return;
                        }
                        break;
                    }
                    throw failed(migration, which + " was refused", e, batchState(chunks));
                }
                db = result.dbAfter();
                count(result);
                transactionsOfBatch++;
                currentDatoms += effectDatoms(result);
                cursor = to;
                cursorChecksum = migration.checksum();
                chunks++;
                processed += chunk.size();
                position += chunk.size();
                MigrationListener.Progress now = new MigrationListener.Progress(chunks, processed,
                        processed + ids.length - position, result.t());
                log("Migration \"{}\": chunk {} applied at t {}, {} of {} entities", migration.name(), chunks, result.t(),
                        now.processed(), now.total());
                notify(l -> l.chunkApplied(migration, now));
            }
            if (moved == null) {
                try {
                    recorded = Tx.transact(conn, List.of(Support.finish(migration, cursor, cursorChecksum)));
                } catch (TransactionException e) {
                    if (e.is(Support.ALREADY_APPLIED) || e.is(Support.CHANGED)) {
                        appliedElsewhere(migration, currentDatoms, transactionsOfBatch);
                        return;
                    }
                    if (!e.is(Support.PROGRESS_MOVED)) {
                        throw failed(migration, "its record was refused", e, batchState(chunks));
                    }
                    moved = moved(migration, transactionsOfBatch);
                    if (moved == null) {
                        return;
                    }
                }
            }
            if (moved != null) {
                // Another runner applied chunks meanwhile: continue from where it left the batch.
                cursor = moved.cursor();
                cursorChecksum = moved.checksum();
                chunks = moved.chunks();
                processed = moved.processed();
                position = after(ids, cursor);
                log("Migration \"{}\": another peer applied chunks up to {}; continuing after entity {}",
                        migration.name(), chunks, cursor);
            }
        }
        db = recorded.dbAfter();
        count(recorded);
        finish(migration, new MigrationReport.Entry(migration.name(), MigrationReport.Outcome.APPLIED, recorded.t(),
                currentDatoms, transactionsOfBatch + 1));
    }

    /**
     * The transactor refused a chunk or the record of a batch because its progress moved: syncs, and
     * returns the progress to continue from; or {@code null} when another peer finished the batch
     * (then reported as applied by it). Stops the run if another peer moved the progress with
     * another definition of the batch.
     */
    private Records.Progress moved(Migration migration, int transactionsOfBatch) {
        db = sync();
        if (Records.isApplied(db, migration.name())) {
            appliedElsewhere(migration, currentDatoms, transactionsOfBatch);
            return null;
        }
        Records.Progress moved = Records.progress(db, migration.name()).orElseThrow(() ->
                new IllegalStateException("Batch \"" + migration.name() + "\" moved, yet has no progress"));
        Optional<String> changed = migrator.changed(migration, moved);
        if (changed.isPresent()) {
            throw changedMeanwhile(migration, changed.get(), transactionsOfBatch);
        }
        return moved;
    }

    /**
     * The entities a batch selects, ascending and distinct.
     *
     * @throws MigrationException naming the migration if the selection throws or holds something
     *     other than entity ids and entities
     */
    private long[] select(Migration migration, Migration.Batch step, long chunksApplied) {
        Collection<?> selected;
        try {
            selected = step.entities().apply(db);
        } catch (RuntimeException e) {
            throw failed(migration, "its entity selection threw " + e.getClass().getName(), e, batchState(chunksApplied));
        }
        if (selected == null) {
            throw failed(migration, "its entity selection returned null; return an empty collection instead", null,
                    batchState(chunksApplied));
        }
        TreeSet<Long> ids = new TreeSet<>();
        for (Object item : selected) {
            if (item instanceof Long || item instanceof Integer || item instanceof Short || item instanceof Byte) {
                ids.add(((Number) item).longValue());
            } else if (item instanceof datomic.Entity entity && entity.get(":db/id") instanceof Number id) {
                ids.add(id.longValue());
            } else {
                throw failed(migration, "its entity selection holds " + Edn.describe(item)
                        + "; expected entity ids (integers) or entities", null, batchState(chunksApplied));
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The transactor refused this run's transaction because another peer recorded the migration
     * first: move to a database that shows the record, and report it applied by that peer, unless
     * that peer applied another definition of it (and the change is not allowed), which stops the run
     * as {@link Migrator#validate} would.
     */
    private void appliedElsewhere(Migration migration, long datoms, int transactionsOfIt) {
        if (!Records.isApplied(db, migration.name())) {
            db = sync();
        }
        Optional<Records.Applied> record = Records.applied(db, migration.name());
        Optional<String> changed = record.flatMap(r -> migrator.changed(migration, r));
        if (changed.isPresent()) {
            throw changedMeanwhile(migration, changed.get(), transactionsOfIt);
        }
        long t = record.map(Records.Applied::t).orElse(-1L);
        finish(migration, new MigrationReport.Entry(migration.name(), MigrationReport.Outcome.APPLIED_BY_ANOTHER_PEER, t,
                datoms, transactionsOfIt));
    }

    private MigrationException changedMeanwhile(Migration migration, String problem, int transactionsOfIt) {
        LOG.error("Migration \"{}\": another peer applied another definition of it; this run stops", migration.name());
        return MigrationException.changedMeanwhile(migration, problem, transactionsOfIt, after(migration));
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
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private MigrationException failed(Migration migration, String what, Throwable cause, String state) {
        return MigrationException.failed(migration, what, cause, state + " Fix it and migrate again.", after(migration));
    }

    /** The pending migrations after {@code migration}, which do not run when it fails. */
    private List<String> after(Migration migration) {
        return pending.subList(pending.indexOf(migration) + 1, pending.size()).stream().map(Migration::name).toList();
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
