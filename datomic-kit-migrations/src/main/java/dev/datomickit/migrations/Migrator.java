package dev.datomickit.migrations;

import datomic.Connection;
import datomic.Database;
import dev.datomickit.core.Forks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs named migrations exactly once per database, however many peers run them at the same time;
 * checks, reports and dry-runs them. Built once, used on any connection.
 *
 * <pre>{@code
 * Migrator migrator = Migrator.builder()
 *         .add(Migration.schema("2024-05-01 users", UsersSchema.V1))
 *         .add(Migration.data("2024-05-02 admin user", adminTxData).requires("2024-05-01 users"))
 *         .build();
 *
 * migrator.migrate(conn);                     // at every start, on every peer
 * System.out.print(migrator.status(conn.db())); // applied, pending, changed, unknown
 * }</pre>
 *
 * <p><b>Exactly once, decided by the transactor.</b> Each migration is transacted through a
 * transaction function the library installs ({@code :datomic-kit.migration/run-v2}), which checks
 * inside the transaction that the migration is not recorded yet and records its name and checksum,
 * with a reference to the transaction itself (hence its time and t), in that same transaction. When
 * several peers start together, the transactor runs their transactions one after the other: the
 * first applies the migration; the function aborts the others, which write nothing. A peer whose
 * definition has the recorded checksum reports the migration as
 * {@linkplain MigrationReport.Outcome#APPLIED_BY_ANOTHER_PEER applied by another peer} and goes on
 * with the next one; a peer with another definition (another checksum) stops with the
 * {@link MigrationException} it would have got had it seen the record before starting, and runs
 * nothing after it, unless the builder {@linkplain Builder#allowChanged allows} that migration to
 * differ.
 *
 * <p><b>Quiet when nothing changed.</b> {@link #migrate} first reads the migration records from the
 * peer's database value (three index scans): when nothing is pending it issues no transaction at
 * all. The library's schema and functions are installed, in one transaction, only when a migration
 * is pending and they are missing; when several peers install them at once, the transactor commits
 * the first installation and aborts the others, which write nothing.
 *
 * <p><b>Order.</b> Migrations run after those they {@linkplain Migration#requires require}, and
 * otherwise in the order they were added. {@link Builder#build()} refuses a cycle, a requirement
 * that is not among the migrations and a duplicate name, naming each.
 *
 * <p><b>Checksums.</b> A migration applied with a checksum other than its current one was edited
 * after it ran: {@link #validate} reports it and {@link #migrate} refuses to run anything, unless
 * the builder {@linkplain Builder#allowChanged allows} that migration to differ. Migrations the
 * database records but this migrator does not know (removed from the code, or added by a newer
 * version of the application during a rolling deploy) are reported by {@link #validate} and
 * {@link #status}, logged by {@link #migrate}, and otherwise left alone.
 *
 * <p><b>Failures.</b> A migration whose function throws or whose transaction is refused is not
 * recorded, writes nothing, and stops the run with a {@link MigrationException} naming it; the
 * migrations after it do not run. The next run starts again from it. A batched migration keeps the
 * chunks it applied before the failure and resumes after them.
 *
 * <p>Immutable and thread-safe. Progress is logged through SLF4J (logger
 * {@code dev.datomickit.migrations.Migrator}): each applied migration and chunk at INFO, a
 * migration applied by another peer at INFO, unknown recorded migrations at WARN.
 */
public final class Migrator {

    private final List<Migration> migrations;
    private final Set<String> allowChanged;
    private final MigrationListener listener;

    private Migrator(List<Migration> migrations, Set<String> allowChanged, MigrationListener listener) {
        this.migrations = migrations;
        this.allowChanged = allowChanged;
        this.listener = listener;
    }

    /**
     * Starts a migrator's definition.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a migrator of {@code migrations}, with no changed checksum allowed and no listener.
     *
     * @param migrations the migrations, in their order of declaration
     * @return the migrator
     * @throws MigrationException if the migrations cannot be ordered, naming each problem
     */
    public static Migrator of(Migration... migrations) {
        return builder().add(migrations).build();
    }

    /**
     * Returns the migrations in the order they run.
     *
     * @return the migrations
     */
    public List<Migration> migrations() {
        return migrations;
    }

    /**
     * Applies every pending migration, in order, each exactly once across all peers.
     *
     * @param connection the connection to the database
     * @return what this run did; {@linkplain MigrationReport#isEmpty() empty}, with no transaction
     *     issued, when nothing was pending
     * @throws MigrationException before anything runs if an applied migration changed (and is not
     *     allowed to); when a migration fails, naming it, with its cause: it is not recorded and
     *     the migrations after it do not run; or when another peer applied another definition of a
     *     migration while this run was on its way to it, with the same problem as before anything
     *     runs, and the migrations after it do not run
     * @throws dev.datomickit.schema.SchemaException if the library's own schema cannot be installed
     *     because the database holds conflicting attributes under its names
     */
    public MigrationReport migrate(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        return new Runner(this, connection, listener, false).run();
    }

    /**
     * Runs the pending migrations on a fork of the connection's current database: the datoms each
     * would write and the first failure, without writing anything through {@code connection}.
     *
     * @param connection the connection whose database to start from
     * @return the dry run's result
     */
    public DryRun dryRun(Connection connection) {
        return dryRunOn(Forks.fork(Objects.requireNonNull(connection, "connection")));
    }

    /**
     * Runs the pending migrations on a fork of a database value ({@code Database.with} under the
     * hood): the datoms each would write and the first failure.
     *
     * @param db the database value to start from; a current value, not a history or as-of view
     * @return the dry run's result
     */
    public DryRun dryRun(Database db) {
        return dryRunOn(Forks.mock(Objects.requireNonNull(db, "db")));
    }

    private DryRun dryRunOn(Connection fork) {
        Runner runner = new Runner(this, fork, null, true);
        MigrationException failure = null;
        try {
            runner.run();
        } catch (MigrationException e) {
            failure = e;
        }
        List<DryRun.Entry> entries = new ArrayList<>();
        runner.done().forEach(done -> entries.add(new DryRun.Entry(done.name(), DryRun.Outcome.WOULD_APPLY, done.datoms(),
                null)));
        boolean failedOne = false;
        for (Migration migration : runner.pending().subList(entries.size(), runner.pending().size())) {
            if (failure != null && !failedOne && migration.equals(runner.current())) {
                entries.add(new DryRun.Entry(migration.name(), DryRun.Outcome.FAILED, runner.currentDatoms(),
                        failure.getMessage()));
                failedOne = true;
            } else {
                entries.add(new DryRun.Entry(migration.name(), DryRun.Outcome.NOT_RUN, 0, null));
            }
        }
        return new DryRun(entries, failure, fork.db());
    }

    /**
     * Describes every migration's state in a database: applied (with time and t), pending, changed
     * since applied, or recorded but unknown to this migrator. Reads the database only.
     *
     * @param db the database value to read
     * @return the status, printable as a table
     */
    public MigrationStatus status(Database db) {
        Map<String, Records.Applied> applied = Records.applied(db);
        List<MigrationStatus.Entry> entries = new ArrayList<>();
        for (Migration migration : migrations) {
            Records.Applied record = applied.get(migration.name());
            if (record == null) {
                entries.add(unapplied(db, migration));
            } else {
                boolean same = migration.checksum().equals(record.checksum());
                entries.add(new MigrationStatus.Entry(migration.name(),
                        same ? MigrationStatus.State.APPLIED : MigrationStatus.State.CHANGED, migration.checksum(),
                        record.checksum(), record.instant(db), record.t(),
                        same ? "" : "recorded checksum " + MigrationStatus.shortChecksum(record.checksum())
                                + (allowChanged.contains(migration.name()) ? ", change allowed" : "")));
            }
        }
        unknown(applied).forEach(record -> entries.add(new MigrationStatus.Entry(record.name(),
                MigrationStatus.State.UNKNOWN, null, record.checksum(), record.instant(db), record.t(),
                "recorded, not among the migrations")));
        return new MigrationStatus(entries, db.basisT());
    }

    private MigrationStatus.Entry unapplied(Database db, Migration migration) {
        Optional<Records.Progress> progress = migration.kind() == Migration.Kind.BATCH
                ? Records.progress(db, migration.name()) : Optional.empty();
        if (progress.isEmpty()) {
            return new MigrationStatus.Entry(migration.name(), MigrationStatus.State.PENDING, migration.checksum(), null,
                    null, null, "");
        }
        Records.Progress p = progress.get();
        String detail = "in progress: " + p.chunks() + (p.chunks() == 1 ? " chunk, " : " chunks, ") + p.processed()
                + " entities done";
        boolean same = migration.checksum().equals(p.checksum());
        return new MigrationStatus.Entry(migration.name(), same ? MigrationStatus.State.PENDING
                : MigrationStatus.State.CHANGED, migration.checksum(), same ? null : p.checksum(), null, null,
                same ? detail : detail + " with checksum " + MigrationStatus.shortChecksum(p.checksum())
                        + (allowChanged.contains(migration.name()) ? ", change allowed" : ""));
    }

    /**
     * Checks the database against the migrations: applied migrations whose checksum changed (unless
     * allowed), batched migrations in progress whose checksum changed, and migrations the database
     * records that this migrator does not know. Reads the database only.
     *
     * @param db the database value to read
     * @return one line per problem, naming the migration; empty when there is none
     */
    public List<String> validate(Database db) {
        Map<String, Records.Applied> applied = Records.applied(db);
        List<String> problems = new ArrayList<>(refusals(db, applied).values());
        unknown(applied).forEach(record -> problems.add(unknownProblem(record)));
        return List.copyOf(problems);
    }

    /** Changed checksums that stop {@link #migrate}, by migration: applied migrations, and batches in progress. */
    Map<String, String> refusals(Database db, Map<String, Records.Applied> applied) {
        Map<String, String> refusals = new LinkedHashMap<>();
        for (Migration migration : migrations) {
            Records.Applied record = applied.get(migration.name());
            if (record != null) {
                changed(migration, record).ifPresent(problem -> refusals.put(migration.name(), problem));
            } else if (migration.kind() == Migration.Kind.BATCH) {
                Records.progress(db, migration.name()).flatMap(p -> changed(migration, p))
                        .ifPresent(problem -> refusals.put(migration.name(), problem));
            }
        }
        return refusals;
    }

    /** The problem of an applied migration whose checksum is not the code's, unless that is allowed. */
    Optional<String> changed(Migration migration, Records.Applied record) {
        if (migration.checksum().equals(record.checksum()) || allowChanged.contains(migration.name())) {
            return Optional.empty();
        }
        return Optional.of("Migration \"" + migration.name() + "\" changed since it was applied at t " + record.t()
                + ": recorded checksum " + record.checksum() + ", the code has " + migration.checksum()
                + "; restore its definition, or allow the change with allowChanged(\"" + migration.name() + "\")");
    }

    /** The problem of a batch in progress whose checksum is not the code's, unless that is allowed. */
    Optional<String> changed(Migration migration, Records.Progress progress) {
        if (migration.checksum().equals(progress.checksum()) || allowChanged.contains(migration.name())) {
            return Optional.empty();
        }
        return Optional.of("Batched migration \"" + migration.name() + "\" changed since its last chunk was applied ("
                + progress.chunks() + " chunks, " + progress.processed() + " entities done): recorded checksum "
                + progress.checksum() + ", the code has " + migration.checksum() + "; restore its definition to finish"
                + " it, or allow the change with allowChanged(\"" + migration.name() + "\")");
    }

    /** Migrations recorded in the database but not among this migrator's, in the order they were applied. */
    List<Records.Applied> unknown(Map<String, Records.Applied> applied) {
        Set<String> known = new LinkedHashSet<>();
        migrations.forEach(m -> known.add(m.name()));
        return applied.values().stream().filter(a -> !known.contains(a.name()))
                .sorted(Comparator.comparingLong(Records.Applied::tx)).toList();
    }

    static String unknownProblem(Records.Applied record) {
        return "Migration \"" + record.name() + "\" is recorded in the database (applied at t " + record.t()
                + ") but is not among the migrations: it was removed or renamed in the code, or a newer version"
                + " of the application added it";
    }

    /**
     * Describes the migrator, such as {@code Migrator[12 migrations]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "Migrator[" + migrations.size() + (migrations.size() == 1 ? " migration" : " migrations")
                + (allowChanged.isEmpty() ? "" : ", changes allowed for " + allowChanged) + "]";
    }

    /**
     * Defines a {@link Migrator}: its migrations, the applied migrations allowed to have changed,
     * and a listener. Not thread-safe; each method returns this builder.
     */
    public static final class Builder {

        private final List<Migration> migrations = new ArrayList<>();
        private final Set<String> allowChanged = new LinkedHashSet<>();
        private MigrationListener listener = new MigrationListener() {};

        private Builder() {}

        /**
         * Adds migrations, after those already added.
         *
         * @param migrations the migrations
         * @return this builder
         */
        public Builder add(Migration... migrations) {
            return add(List.of(migrations));
        }

        /**
         * Adds migrations, after those already added, in the collection's iteration order.
         *
         * @param migrations the migrations
         * @return this builder
         */
        public Builder add(Collection<Migration> migrations) {
            migrations.forEach(m -> this.migrations.add(Objects.requireNonNull(m, "migration")));
            return this;
        }

        /**
         * Allows applied migrations to differ from their recorded checksum: they are reported as
         * {@code CHANGED} by {@link Migrator#status} but neither stop {@link Migrator#migrate} nor
         * run again. Use it when an applied migration was edited on purpose (a comment, a
         * refactoring, a fix whose effect is already in the database) and you have checked that.
         *
         * @param names the names of migrations among those added
         * @return this builder
         */
        public Builder allowChanged(String... names) {
            allowChanged.addAll(List.of(names));
            return this;
        }

        /**
         * Sets the listener that follows each run of {@link Migrator#migrate}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(MigrationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Orders the migrations and builds the migrator.
         *
         * @return the migrator
         * @throws MigrationException if a migration requires one that was not added, migrations
         *     require each other in a cycle, two migrations have the same name, or a name given to
         *     {@link #allowChanged} is not among the migrations; every problem is listed
         */
        public Migrator build() {
            List<Migration> ordered = Plan.order(migrations);
            Set<String> names = new LinkedHashSet<>();
            ordered.forEach(m -> names.add(m.name()));
            List<String> strangers = allowChanged.stream().filter(n -> !names.contains(n)).toList();
            if (!strangers.isEmpty()) {
                throw MigrationException.invalid(strangers.stream().map(n -> "allowChanged(\"" + n
                        + "\") names no migration among the " + names.size() + " added").toList(), strangers, List.of());
            }
            return new Migrator(ordered, Set.copyOf(allowChanged), listener);
        }
    }
}
