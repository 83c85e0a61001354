package dev.datomickit.migrations;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link Migrator#migrate} did: the migrations that were pending when it started, each
 * applied by this run or found applied by another peer meanwhile.
 *
 * <pre>{@code
 * MigrationReport report = migrator.migrate(conn);
 * log.info("Migrations:\n{}", report);   // a table, one row per migration
 * report.transactions();                  // 0 when nothing was pending
 * }</pre>
 *
 * <p>Immutable.
 */
public final class MigrationReport {

    /** How a pending migration ended up applied. */
    public enum Outcome {
        /** This run applied it. */
        APPLIED,
        /**
         * Another peer applied it first, with the same definition (or one the migrator
         * {@linkplain Migrator.Builder#allowChanged allows} to differ): the transactor refused this
         * run's transaction, which wrote nothing.
         */
        APPLIED_BY_ANOTHER_PEER
    }

    /**
     * One migration that was pending when the run started.
     *
     * @param name the migration's name
     * @param outcome who applied it
     * @param t the t of the transaction that recorded it, by this run or another peer
     * @param datoms how many datoms this run's transactions of it wrote, leaving out the record and
     *     the transaction's own datoms; 0 when another peer applied it
     * @param transactions how many transactions of it this run committed: 1, or one per chunk plus
     *     one for a batched migration; 0 when another peer applied it
     */
    public record Entry(String name, Outcome outcome, long t, long datoms, int transactions) {

        /**
         * Checks the components.
         *
         * @param name the migration's name
         * @param outcome who applied it
         * @param t the t of the transaction that recorded it
         * @param datoms datoms this run wrote for it
         * @param transactions transactions this run committed for it
         * @throws NullPointerException if {@code name} or {@code outcome} is {@code null}
         */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    private final List<Entry> entries;
    private final int transactions;
    private final long basisT;

    MigrationReport(List<Entry> entries, int transactions, long basisT) {
        this.entries = List.copyOf(entries);
        this.transactions = transactions;
        this.basisT = basisT;
    }

    /**
     * Returns the migrations that were pending when the run started, in the order they ran.
     *
     * @return the entries; empty when the database was up to date
     */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * Returns the names of the migrations this run applied itself.
     *
     * @return the names, in the order they ran
     */
    public List<String> applied() {
        return entries.stream().filter(e -> e.outcome() == Outcome.APPLIED).map(Entry::name).toList();
    }

    /**
     * Returns how many transactions this run committed, the installation of the library's own
     * schema included. Refused transactions (another peer was first) are not counted: they wrote
     * nothing. Nor is a transaction Datomic committed with nothing in it but its own
     * {@code :db/txInstant}, because everything it stated was true already.
     *
     * @return the number of transactions; 0 when nothing was pending
     */
    public int transactions() {
        return transactions;
    }

    /**
     * Returns the basis t of the database when the run ended, as this peer saw it.
     *
     * @return the basis t
     */
    public long basisT() {
        return basisT;
    }

    /**
     * Tells whether nothing was pending, so that the run wrote nothing.
     *
     * @return {@code true} if no migration was pending
     */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Returns a table with one row per migration (name, outcome, t, datoms, transactions), or a
     * line saying the database was up to date.
     *
     * @return the text
     */
    @Override
    public String toString() {
        if (entries.isEmpty()) {
            return "No pending migrations; the database is up to date at basis t " + basisT + "\n";
        }
        return Table.render(List.of("Migration", "Outcome", "t", "Datoms", "Transactions"), entries.stream()
                .map(e -> List.of(e.name(), e.outcome().name(), Long.toString(e.t()), Long.toString(e.datoms()),
                        Integer.toString(e.transactions())))
                .toList());
    }
}
