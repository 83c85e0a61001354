package dev.datomickit.migrations;

import datomic.Database;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Migrator#migrate} would do, found by running it on a fork: the datoms each pending
 * migration would write, and the first failure. Nothing is written to the database it started
 * from.
 *
 * <pre>{@code
 * DryRun dry = migrator.dryRun(conn);
 * System.out.print(dry);               // one row per pending migration: outcome, datoms, error
 * if (!dry.succeeded()) {
 *     throw dry.failure().orElseThrow(); // the MigrationException migrate would throw
 * }
 * dry.db();                             // the database as it would be after migrating
 * }</pre>
 *
 * <p>Immutable.
 */
public final class DryRun {

    /** What would happen to one pending migration. */
    public enum Outcome {
        /** It would be applied. */
        WOULD_APPLY,
        /** It would fail; migrate would stop there. */
        FAILED,
        /** It would not run, because of an earlier failure. */
        NOT_RUN
    }

    /**
     * One pending migration in the dry run.
     *
     * @param name the migration's name
     * @param outcome what would happen to it
     * @param datoms the datoms it would write, leaving out the record and the transaction's own
     *     datoms; for a failed batch, those of the chunks before the failure
     * @param error why it would fail; {@code null} unless {@code FAILED}
     */
    public record Entry(String name, Outcome outcome, long datoms, String error) {

        /**
         * Checks the components.
         *
         * @param name the migration's name
         * @param outcome what would happen to it
         * @param datoms the datoms it would write
         * @param error why it would fail, or {@code null}
         * @throws NullPointerException if {@code name} or {@code outcome} is {@code null}
         */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    private final List<Entry> entries;
    private final MigrationException failure;
    private final Database db;

    DryRun(List<Entry> entries, MigrationException failure, Database db) {
        this.entries = List.copyOf(entries);
        this.failure = failure;
        this.db = db;
    }

    /**
     * Returns the migrations pending in the database the dry run started from, in the order they
     * would run.
     *
     * @return the entries; empty if nothing is pending
     */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * Tells whether every pending migration would be applied.
     *
     * @return {@code true} if there was no failure
     */
    public boolean succeeded() {
        return failure == null;
    }

    /**
     * Returns the exception {@code migrate} would throw: a failing migration, or a refusal to start
     * (an applied migration whose checksum changed).
     *
     * @return the failure; empty if the dry run succeeded
     */
    public Optional<MigrationException> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Returns the database as it would be after migrating, up to the failure if there was one:
     * a value of the fork, to query or assert on.
     *
     * @return the database after the dry run
     */
    public Database db() {
        return db;
    }

    /**
     * Returns a table with one row per pending migration (name, outcome, datoms, error), followed by
     * the failure's message if there was one.
     *
     * @return the text
     */
    @Override
    public String toString() {
        String table = entries.isEmpty() ? "Dry run: no pending migrations\n"
                : Table.render(List.of("Migration", "Outcome", "Datoms", "Error"), entries.stream()
                        .map(e -> List.of(e.name(), e.outcome().name(), Long.toString(e.datoms()),
                                e.error() == null ? "" : firstLine(e.error())))
                        .toList());
        return failure == null ? table : table + failure.getMessage() + "\n";
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
