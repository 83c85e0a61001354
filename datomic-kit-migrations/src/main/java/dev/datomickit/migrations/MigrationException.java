package dev.datomickit.migrations;

import dev.datomickit.core.DatomicKitException;
import java.util.List;

/**
 * Migrations cannot run, or one of them failed; the message names the migrations involved.
 *
 * <p>Thrown before anything runs when the migrations cannot be ordered (a cycle, a requirement
 * that is not declared, a duplicate name) or when an applied migration changed since (its checksum
 * differs). Thrown while migrating when a migration's function throws or its transaction is
 * refused: that migration is not recorded, nothing of it was written, and the migrations after it
 * did not run. The next run starts again from that migration.
 *
 * <pre>{@code
 * try {
 *     migrator.migrate(conn);
 * } catch (MigrationException e) {
 *     log.error("Migrations {} need attention", e.migrations(), e); // the cause is Datomic's error or your function's
 * }
 * }</pre>
 */
public final class MigrationException extends DatomicKitException {

    private static final long serialVersionUID = 1L;

    private final List<String> migrations;
    private final List<String> problems;

    private MigrationException(String message, List<String> migrations, List<String> problems, Throwable cause) {
        super(message, cause);
        this.migrations = List.copyOf(migrations);
        this.problems = List.copyOf(problems);
    }

    /** Several problems found before anything ran, one line each. */
    static MigrationException invalid(List<String> problems, List<String> migrations) {
        StringBuilder message = new StringBuilder("Cannot run the migrations: ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        problems.forEach(p -> message.append("\n  - ").append(p));
        return new MigrationException(message.toString(), migrations, problems, null);
    }

    /**
     * One migration failed while running: {@code what} says how, {@code state} what the database
     * holds of it now, {@code notRun} the migrations that did not run because of it.
     */
    static MigrationException failed(Migration migration, String what, Throwable cause, String state, List<String> notRun) {
        String problem = "Migration \"" + migration.name() + "\" failed: " + what
                + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage());
        String message = problem + "\n" + state + " "
                + (notRun.isEmpty() ? "No migration comes after it." : notRun.size() + " after it did not run: "
                + String.join(", ", notRun.stream().map(n -> "\"" + n + "\"").toList()) + ".");
        return new MigrationException(message, List.of(migration.name()), List.of(problem), cause);
    }

    /**
     * Returns the names of the migrations involved: the one that failed, or those in a cycle, with a
     * missing requirement, or changed since they were applied.
     *
     * @return the names; never empty
     */
    public List<String> migrations() {
        return migrations;
    }

    /**
     * Returns the problems, one line each, each naming its migration.
     *
     * @return the problems; never empty
     */
    public List<String> problems() {
        return problems;
    }
}
