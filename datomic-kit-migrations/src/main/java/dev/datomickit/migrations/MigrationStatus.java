package dev.datomickit.migrations;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a database stands with respect to a {@link Migrator}'s migrations: each one applied (with
 * its time and t), pending, or changed since it was applied, and the migrations the database
 * records that the migrator does not know.
 *
 * <pre>{@code
 * System.out.print(migrator.status(conn.db()));
 * // +---------------------+---------+--------------------------+------+----------+----------------------+
 * // | Migration           | State   | Applied at               | t    | Checksum | Detail               |
 * // +---------------------+---------+--------------------------+------+----------+----------------------+
 * // | 2024-05-01 users    | APPLIED | 2024-05-01T09:30:00.120Z | 1004 | 5c1e9a07 |                      |
 * // | 2024-05-02 admin    | CHANGED | 2024-05-02T10:00:02.004Z | 1006 | 77f0d2b1 | recorded 0b3f8e2c    |
 * // | 2024-06-01 slugs    | PENDING |                          |      | 9e02aa41 | 2 chunks, 2000 done  |
 * // +---------------------+---------+--------------------------+------+----------+----------------------+
 * }</pre>
 *
 * <p>Immutable.
 */
public final class MigrationStatus {

    /** The state of one migration. */
    public enum State {
        /** Recorded in the database with the checksum the code has. */
        APPLIED,
        /** Not recorded yet: the next {@link Migrator#migrate} applies it. */
        PENDING,
        /** Recorded with another checksum: its definition was edited after it was applied. */
        CHANGED,
        /** Recorded in the database but not among the migrator's migrations. */
        UNKNOWN
    }

    /**
     * One migration's state.
     *
     * @param name the migration's name
     * @param state its state
     * @param checksum the checksum of the code's definition; {@code null} for an {@code UNKNOWN} migration
     * @param recordedChecksum the checksum recorded when it was applied; {@code null} unless applied
     * @param appliedAt the instant of the transaction that applied it; {@code null} unless applied
     * @param t the t of that transaction; {@code null} unless applied
     * @param detail more about the state: for a batched migration in progress, its progress; for a
     *     changed one allowed to differ, that it is allowed; otherwise empty
     */
    public record Entry(String name, State state, String checksum, String recordedChecksum, Instant appliedAt, Long t,
            String detail) {

        /**
         * Checks the components.
         *
         * @param name the migration's name
         * @param state its state
         * @param checksum the code's checksum, or {@code null}
         * @param recordedChecksum the recorded checksum, or {@code null}
         * @param appliedAt when it was applied, or {@code null}
         * @param t the t it was applied at, or {@code null}
         * @param detail more about the state, or empty
         * @throws NullPointerException if {@code name}, {@code state} or {@code detail} is {@code null}
         */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(detail, "detail");
        }
    }

    private final List<Entry> entries;
    private final long basisT;

    MigrationStatus(List<Entry> entries, long basisT) {
        this.entries = List.copyOf(entries);
        this.basisT = basisT;
    }

    /**
     * Returns every migration: the migrator's in the order they run, then the unknown ones in the
     * order they were applied.
     *
     * @return the entries
     */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * Returns the entries in a given state.
     *
     * @param state the state
     * @return those entries, in the order of {@link #entries()}
     */
    public List<Entry> inState(State state) {
        return entries.stream().filter(e -> e.state() == state).toList();
    }

    /**
     * Returns the names of the pending migrations, in the order they would run.
     *
     * @return the names
     */
    public List<String> pending() {
        return inState(State.PENDING).stream().map(Entry::name).toList();
    }

    /**
     * Tells whether every migration is applied unchanged and the database records no unknown one.
     *
     * @return {@code true} if every entry is {@code APPLIED}
     */
    public boolean isUpToDate() {
        return entries.stream().allMatch(e -> e.state() == State.APPLIED);
    }

    /**
     * Returns the basis t of the database this status describes.
     *
     * @return the basis t
     */
    public long basisT() {
        return basisT;
    }

    /**
     * Returns a table with one row per migration: name, state, time and t applied, checksum (its
     * first 8 digits) and detail.
     *
     * @return the table
     */
    @Override
    public String toString() {
        return Table.render(List.of("Migration", "State", "Applied at", "t", "Checksum", "Detail"), entries.stream()
                .map(e -> List.of(e.name(), e.state().name(), e.appliedAt() == null ? "" : e.appliedAt().toString(),
                        e.t() == null ? "" : e.t().toString(),
                        shortChecksum(e.checksum() != null ? e.checksum() : e.recordedChecksum()), e.detail()))
                .toList());
    }

    static String shortChecksum(String checksum) {
        return checksum == null ? "" : checksum.substring(0, Math.min(8, checksum.length()));
    }
}
