package dev.datomickit.migrations;

import dev.datomickit.core.DatomicKitException;
import java.util.List;

/**
 * Migrations cannot run, or one of them failed; the message names the migrations involved, and
 * {@link #failed()} and {@link #notRun()} give them as data.
 *
 * <p>Thrown when the migrations cannot be ordered (a cycle, a requirement that is not declared, a
 * duplicate name), when {@link Migrator.Builder#build()} is called. Thrown by
 * {@link Migrator#migrate} before anything runs when an applied migration changed since (its
 * checksum differs), and while migrating when a migration's function throws, its transaction is
 * refused, or another peer applied a different definition of it meanwhile: that migration is not
 * recorded by this run, nothing of it was written by this run, and the migrations after it did not
 * run. The next run starts again from that migration.
 *
 * <pre>{@code
 * try {
 *     migrator.migrate(conn);
 * } catch (MigrationException e) {
 *     // the cause is Datomic's error or your function's
 *     log.error("Migrations {} failed, {} did not run", e.failed(), e.notRun(), e);
 * }
 * }</pre>
 */
public final class MigrationException extends DatomicKitException {

    private static final long serialVersionUID = 1L;

    private final List<String> failed;
    private final List<String> notRun;
    private final List<String> problems;

    private MigrationException(String message, List<String> failed, List<String> notRun, List<String> problems,
            Throwable cause) {
        super(message, cause);
        this.failed = List.copyOf(failed);
        this.notRun = List.copyOf(notRun);
        this.problems = List.copyOf(problems);
    }

    /** Several problems found before anything ran, one line each; {@code notRun} are the migrations kept from running. */
    static MigrationException invalid(List<String> problems, List<String> failed, List<String> notRun) {
        StringBuilder message = new StringBuilder("Cannot run the migrations: ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        problems.forEach(p -> message.append("\n  - ").append(p));
        if (!notRun.isEmpty()) {
            message.append("\nNothing ran; ").append(names(notRun)).append(notRun.size() == 1 ? " is" : " are")
                    .append(" still pending.");
        }
        return new MigrationException(message.toString(), failed, notRun, problems, null);
    }

    /**
     * Another peer applied {@code migration} with a different definition while this run was on its
     * way to it: {@code problem} is the line {@link Migrator#validate} gives for it,
     * {@code chunksApplied} the chunks of it this run applied before (of a batch; otherwise 0),
     * {@code notRun} the migrations after it, which this run did not start.
     */
    static MigrationException changedMeanwhile(Migration migration, String problem, int chunksApplied,
            List<String> notRun) {
        String message = "Cannot run the migrations: 1 problem\n  - " + problem + "\nAnother peer applied it while this"
                + " run was on its way to it; this run " + (chunksApplied == 0 ? "wrote nothing of it"
                : "applied " + chunksApplied + (chunksApplied == 1 ? " chunk" : " chunks") + " of it before")
                + ". " + (notRun.isEmpty() ? "No migration comes after it."
                : notRun.size() + " after it did not run: " + names(notRun) + ".");
        return new MigrationException(message, List.of(migration.name()), notRun, List.of(problem), null);
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
                + names(notRun) + ".");
        return new MigrationException(message, List.of(migration.name()), notRun, List.of(problem), cause);
    }

    private static String names(List<String> names) {
        return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
    }

    /**
     * Returns the names of the migrations that failed or stopped the run: the one whose function
     * threw or whose transaction was refused, those changed since they were applied, or those in a
     * cycle, with a missing requirement or declared twice.
     *
     * @return the names, in the order of the problems; never empty
     */
    public List<String> failed() {
        return failed;
    }

    /**
     * Returns the names of the migrations that were pending and did not run because of this
     * failure: those after the failed one, in the order they would have run, or every pending one
     * when {@link Migrator#migrate} refused to start. Empty when the failed migration was the last,
     * and for migrations refused by {@link Migrator.Builder#build()}, since nothing was running.
     *
     * @return the names, in their order of running; never contains a name of {@link #failed()}
     */
    public List<String> notRun() {
        return notRun;
    }

    /**
     * Returns the names of the migrations that failed, as {@link #failed()} does.
     *
     * @return the names; never empty
     * @deprecated the name did not say which migrations it meant; use {@link #failed()}, and
     *     {@link #notRun()} for those that did not run because of the failure
     */
    @Deprecated
    public List<String> migrations() {
        return failed;
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
