package dev.datomickit.migrations;

/**
 * Follows a {@link Migrator#migrate} run as it goes, for example to show the progress of a long
 * batched migration in an admin page. Every method does nothing by default; override those you need.
 *
 * <pre>{@code
 * Migrator migrator = Migrator.builder()
 *         .add(migrations)
 *         .listener(new MigrationListener() {
 *             @Override
 *             public void chunkApplied(Migration migration, Progress progress) {
 *                 metrics.gauge("migration.progress", progress.processed());
 *             }
 *         })
 *         .build();
 * }</pre>
 *
 * <p>Methods are called on the thread that runs {@code migrate}, after the transaction they report
 * has committed. An exception thrown by a listener is logged and ignored: reporting progress must
 * not stop a migration half-way. Dry runs do not call the listener.
 */
public interface MigrationListener {

    /**
     * Progress of a batched migration after one of its chunks committed.
     *
     * @param chunk how many chunks of the batch are applied, across runs (1 after the first)
     * @param processed how many entities the batch has processed, across runs
     * @param total {@code processed} plus the entities still to process, as selected by this run
     * @param t the t of the chunk's transaction
     */
    record Progress(long chunk, long processed, long total, long t) {}

    /**
     * Called before a pending migration runs.
     *
     * @param migration the migration
     */
    default void starting(Migration migration) {}

    /**
     * Called after a chunk of a batched migration committed.
     *
     * @param migration the batched migration
     * @param progress where it stands
     */
    default void chunkApplied(Migration migration, Progress progress) {}

    /**
     * Called once a pending migration is applied, by this run or by another peer.
     *
     * @param migration the migration
     * @param entry how it was applied
     */
    default void applied(Migration migration, MigrationReport.Entry entry) {}
}
