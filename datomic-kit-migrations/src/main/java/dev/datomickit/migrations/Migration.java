package dev.datomickit.migrations;

import datomic.Database;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import dev.datomickit.schema.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One named change to a database, applied exactly once by a {@link Migrator}: an immutable value
 * made by one of the static factories, one per kind.
 *
 * <pre>{@code
 * Migration schema = Migration.schema("2024-05-01 users", UsersSchema.V1);
 * Migration admin = Migration.data("2024-05-02 admin user",
 *                 Tx.data(Tx.entity().set("user/email", "admin@example.com")))
 *         .requires("2024-05-01 users");
 * Migration names = Migration.function("2024-05-03 default names", "v1", db ->
 *         Tx.dataOf(Entities.withAttribute(db, "user/email").stream()
 *                 .filter(user -> user.get(":user/name") == null)
 *                 .map(user -> Tx.add(user.get(":db/id"), "user/name", "Anonymous")).toList()));
 * }</pre>
 *
 * <p>The {@link #name() name} identifies the migration in the database for ever: choose names that
 * sort and read well, such as a date and a few words. The {@link #checksum() checksum} identifies
 * its definition, so that a migration edited after it was applied is detected. It is the SHA-256
 * of the migration's kind and a canonical text of its definition, the same on every JVM and
 * machine:
 * <ul>
 *   <li>{@link Kind#DATA}: the transaction data, as canonical EDN (map keys and sets sorted,
 *       integers as longs, tempids numbered by first appearance);
 *   <li>{@link Kind#CALL}: the call statement, function and arguments, as canonical EDN;
 *   <li>{@link Kind#SCHEMA}: the schema's transaction data ({@link Schema#txData()}), as canonical EDN;
 *   <li>{@link Kind#FUNCTION} and {@link Kind#BATCH}: the version string you declare. Java code
 *       has no stable fingerprint (its bytecode changes with the compiler, and a lambda's behaviour
 *       depends on everything it calls), so you say when the definition changed by changing the
 *       version.
 * </ul>
 * The name and the requirements are not part of the checksum: requirements decide the order of
 * migrations still to run, not what an applied one did.
 *
 * <p><b>Bounded nesting.</b> Transaction data may nest lists, sets and maps at most 100 levels deep
 * (a list of statements is one level, a list of entity maps two): deeper data is refused with an
 * {@link IllegalArgumentException} naming the migration and the bound when the migration is
 * defined, and data a Java function computes is refused, naming the migration, before anything of
 * it is transacted. Real transaction data nests a few levels; the bound keeps the walkers that
 * compute checksums (and Datomic's own) from overflowing the stack.
 *
 * <p>Two migrations are equal when their name, kind, requirements and checksum are equal.
 */
public final class Migration {

    /**
     * The deepest nesting of lists, sets and maps a migration's transaction data may have: 100
     * levels (a list of statements is 1, a list of entity maps 2). A data, call or schema migration
     * nesting deeper is refused when it is defined; transaction data a Java function computes is
     * refused, naming the migration, before it is transacted.
     */
    static final int MAX_DEPTH = 100;

    /** What a migration transacts. */
    public enum Kind {
        /** Fixed transaction data. */
        DATA,
        /** Transaction data computed by a Java function of the database, when the migration is pending. */
        FUNCTION,
        /** A call of a database function installed in the database, run by the transactor. */
        CALL,
        /** What a database lacks of a {@link Schema}, computed when the migration is pending. */
        SCHEMA,
        /** A Java function applied to many entities, a chunk per transaction, resuming after a crash. */
        BATCH
    }

    /**
     * Computes the transaction data of one chunk of a {@linkplain #batched batched} migration.
     */
    @FunctionalInterface
    public interface Chunk {

        /**
         * Returns the statements for a chunk of entities.
         *
         * @param db the database as the previous chunk left it
         * @param entities the chunk's entity ids, ascending
         * @return the statements; empty when none of these entities needs a change
         */
        List<?> txData(Database db, List<Long> entities);
    }

    /** How a migration computes its transaction data: one transaction, or a batch of chunks. */
    sealed interface Step permits Single, Batch {}

    /** One transaction, whose data is computed from the database the migration runs on. */
    @FunctionalInterface
    non-sealed interface Single extends Step {
        List<?> txData(Database db);
    }

    /** The entities to process, and what to transact for each chunk of them. */
    record Batch(Function<Database, ? extends Collection<?>> entities, int chunkSize, Chunk chunk) implements Step {}

    private final String name;
    private final Kind kind;
    private final List<String> requires;
    private final String checksum;
    private final Step step;

    private Migration(String name, Kind kind, List<String> requires, String checksum, Step step) {
        this.name = name;
        this.kind = kind;
        this.requires = requires;
        this.checksum = checksum;
        this.step = step;
    }

    private static Migration of(String name, Kind kind, Object definition, Step step) {
        checkName(name, "migration name");
        String text;
        try {
            text = Canonical.text(definition, switch (kind) {
                case CALL -> "its call";
                case SCHEMA -> "its schema's transaction data";
                case FUNCTION, BATCH -> "its version";
                default -> "its transaction data";
            });
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Migration \"" + name + "\": " + e.getMessage(), e);
        }
        String checksum = Canonical.sha256(kind.name().toLowerCase(java.util.Locale.ROOT) + "\n" + text);
        return new Migration(name, kind, List.of(), checksum, step);
    }

    /**
     * A migration that transacts fixed data.
     *
     * @param name the migration's unique name
     * @param txData the statements, as for {@code Connection.transact}; empty is allowed (the
     *     migration is then only recorded)
     * @return the migration
     * @throws IllegalArgumentException if the name is blank or has surrounding whitespace, or the
     *     data holds a value whose checksum cannot be computed stably (such as an arbitrary Java
     *     object), nests deeper than 100 levels or contains itself
     */
    public static Migration data(String name, List<?> txData) {
        Objects.requireNonNull(txData, "txData");
        List<?> data = List.copyOf(txData);
        return of(name, Kind.DATA, data, (Single) db -> data);
    }

    /**
     * A migration that transacts the data of a source, read once, now.
     *
     * @param name the migration's unique name
     * @param source the statements' source, such as a fixture set
     * @return the migration
     * @throws IllegalArgumentException as {@link #data(String, List)}
     */
    public static Migration data(String name, TxSource source) {
        Objects.requireNonNull(source, "source");
        return data(name, source.txData());
    }

    /**
     * A migration whose data is computed from the database by a Java function, called only while
     * the migration is pending (never on a database where it is applied).
     *
     * <p>The function reads the peer's database value, which may lag behind the transactor by the
     * writes other peers made meanwhile; the migration is still applied exactly once. When the
     * change must see every write up to the moment it commits (say, every email, including one
     * registered a millisecond earlier), use a {@linkplain #call database function}: it runs inside
     * the transaction.
     *
     * @param name the migration's unique name
     * @param version your version of the function's definition, such as {@code "v1"}: the
     *     checksum is computed from it, so change it when you change what the function does
     * @param function computes the statements from the database; may return an empty list when
     *     there is nothing to migrate, and the migration is then recorded as applied
     * @return the migration
     * @throws IllegalArgumentException if the name or version is blank or has surrounding whitespace
     */
    public static Migration function(String name, String version, Function<Database, ? extends List<?>> function) {
        checkName(version, "version of function migration \"" + name + "\"");
        Objects.requireNonNull(function, "function");
        return of(name, Kind.FUNCTION, version, (Single) function::apply);
    }

    /**
     * A migration that calls a database function, which runs inside the transaction, on the
     * transactor, and returns the statements to transact.
     *
     * <p>Install the function in an earlier migration (a {@link #data data} migration of
     * {@link DatabaseFunction#txData()}) and require that migration: Datomic cannot call a function
     * in the transaction that installs it.
     *
     * @param name the migration's unique name
     * @param function the function's ident, as a keyword or its text ({@code "myapp/lowercase-emails"})
     * @param args the arguments after the database, which Datomic passes first
     * @return the migration
     * @throws IllegalArgumentException if the name or the function's ident is malformed, or an
     *     argument's checksum cannot be computed stably, or the call with its arguments nests deeper
     *     than 100 levels
     */
    public static Migration call(String name, Object function, Object... args) {
        List<Object> call = Tx.call(function, args);
        List<Object> txData = List.of(call);
        return of(name, Kind.CALL, txData, (Single) db -> txData);
    }

    /**
     * A migration that installs what the database lacks of a schema: new attributes, idents and
     * entity specs, and the alterations Datomic allows ({@link Schema#diff}), in one transaction.
     *
     * @param name the migration's unique name
     * @param schema the schema to install
     * @return the migration; applying it fails, naming each change, if the schema needs a change
     *     Datomic forbids
     * @throws IllegalArgumentException if the name is blank or has surrounding whitespace
     */
    public static Migration schema(String name, Schema schema) {
        Objects.requireNonNull(schema, "schema");
        return of(name, Kind.SCHEMA, schema.txData(), (Single) db -> schema.diff(db).txData());
    }

    /**
     * A migration that processes many entities, {@code chunkSize} per transaction, so that it never
     * builds one enormous transaction.
     *
     * <p>{@code entities} selects the entity ids to process; they are processed in ascending order.
     * Each chunk's transaction also records, in the database, the last entity id processed, through
     * a transaction function that refuses a chunk unless the progress it starts from is still the
     * recorded one. So a chunk is never applied twice, even by two peers running the migration at
     * once, and after a crash the next run selects the entities again and resumes after the last
     * recorded one. Once every chunk is applied the migration is recorded as applied.
     *
     * <pre>{@code
     * Migration.batched("2024-06-01 user slugs", "v1",
     *         db -> Entities.withAttribute(db, "user/email").stream().map(Entity::getId).toList(), 1000,
     *         (db, users) -> Tx.dataOf(users.stream()
     *                 .map(id -> Tx.add(id, "user/slug", slug(db.entity(id)))).toList()));
     * }</pre>
     *
     * @param name the migration's unique name
     * @param version your version of the definition, such as {@code "v1"}, as for
     *     {@link #function function} migrations
     * @param entities selects the entities to process from the database: entity ids ({@link Long}
     *     or another {@link Number}) or {@link datomic.Entity entities}, in any order; duplicates are
     *     processed once
     * @param chunkSize how many entities each transaction processes; at least 1
     * @param chunk computes the statements for one chunk
     * @return the migration
     * @throws IllegalArgumentException if the name or version is blank, or {@code chunkSize} is not positive
     */
    public static Migration batched(String name, String version, Function<Database, ? extends Collection<?>> entities,
            int chunkSize, Chunk chunk) {
        checkName(version, "version of batched migration \"" + name + "\"");
        Objects.requireNonNull(entities, "entities");
        Objects.requireNonNull(chunk, "chunk");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("Chunk size of batched migration \"" + name + "\" must be at least 1, was "
                    + chunkSize);
        }
        return of(name, Kind.BATCH, version, new Batch(entities, chunkSize, chunk));
    }

    /**
     * Returns this migration, required to run after others: a {@link Migrator} runs it only once
     * they are applied, and refuses to start if one of them is not among its migrations.
     *
     * @param first the name of a migration this one requires
     * @param more further names
     * @return a migration equal to this one but for its requirements, which are exactly those given
     *     (duplicates dropped)
     * @throws IllegalArgumentException if a name is blank, or is this migration's own name
     */
    public Migration requires(String first, String... more) {
        Set<String> names = new LinkedHashSet<>();
        List<String> given = new ArrayList<>();
        given.add(first);
        given.addAll(List.of(more));
        for (String required : given) {
            checkName(required, "requirement of migration \"" + name + "\"");
            if (required.equals(name)) {
                throw new IllegalArgumentException("Migration \"" + name + "\" cannot require itself");
            }
            names.add(required);
        }
        return new Migration(name, kind, List.copyOf(names), checksum, step);
    }

    /**
     * Returns the migration's name, its identity in the database.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns what the migration transacts.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the names of the migrations that must be applied before this one.
     *
     * @return the requirements, in the order given; empty if none
     */
    public List<String> requires() {
        return requires;
    }

    /**
     * Returns the SHA-256 of the migration's definition, in lower-case hexadecimal; see the class
     * description for what it covers.
     *
     * @return the checksum, 64 hexadecimal digits
     */
    public String checksum() {
        return checksum;
    }

    Step step() {
        return step;
    }

    static void checkName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("The " + what + " is " + (name == null ? "null" : "blank")
                    + "; expected text such as \"2024-05-01 add user names\"");
        }
        if (!name.strip().equals(name)) {
            throw new IllegalArgumentException("The " + what + " \"" + name + "\" has leading or trailing whitespace,"
                    + " which would make two names look alike");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Migration that && name.equals(that.name) && kind == that.kind
                && requires.equals(that.requires) && checksum.equals(that.checksum);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, requires, checksum);
    }

    /**
     * Describes the migration for logs, such as {@code Migration[2024-05-02 admin user, DATA,
     * requires [2024-05-01 users], checksum 3f9a1c2e…]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "Migration[" + name + ", " + kind + (requires.isEmpty() ? "" : ", requires " + requires)
                + ", checksum " + checksum.substring(0, 8) + "…]";
    }
}
