package dev.datomickit.core;

import clojure.lang.Keyword;
import datomic.Connection;
import datomic.Database;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Builds transaction data and runs transactions, without {@code Util.list}/{@code Util.map} noise.
 *
 * <p>Every builder returns plain {@link List}/{@link Map} data, accepted as-is by
 * {@link Connection#transact(List)} and {@link Database#with(List)}:
 *
 * <pre>{@code
 * TxResult result = Tx.transact(conn, Tx.data(
 *         Tx.entity("alice").set("user/email", "alice@example.com").set("user/name", "Alice"),
 *         Tx.add(Tx.lookup("user/email", "bob@example.com"), "user/friend", "alice")));
 * long alice = result.id("alice");
 * }</pre>
 *
 * <p>Entity positions accept what Datomic accepts: an entity id ({@code long}), a tempid string
 * (resolved by name in {@link TxResult#id(Object)}), a lookup ref from {@link #lookup}, or an ident
 * keyword. Attribute positions accept a {@link Keyword} or its text ({@code "user/email"}).
 * Values pass through unchanged, except that {@code int}, {@code short} and {@code byte} values are
 * widened to {@code long}: Datomic has no int type, yet would keep an {@code Integer} as given.
 */
public final class Tx {

    private static final Keyword DB_ADD = Kw.of("db/add");
    private static final Keyword DB_RETRACT = Kw.of("db/retract");
    private static final Keyword DB_RETRACT_ENTITY = Kw.of("db/retractEntity");
    private static final Keyword DB_CAS = Kw.of("db/cas");

    private Tx() {}

    /**
     * Starts an entity map without {@code :db/id}. Datomic assigns a new entity, or upserts onto an
     * existing one when the map holds a {@code :db.unique/identity} attribute.
     *
     * @return a new entity builder
     */
    public static TxEntity entity() {
        return new TxEntity(null);
    }

    /**
     * Starts an entity map with a {@code :db/id}.
     *
     * @param id a tempid string (such as {@code "alice"}), an entity id, a lookup ref or an ident
     * @return a new entity builder
     * @throws IllegalArgumentException if {@code id} is {@code null} or of an unsupported type
     */
    public static TxEntity entity(Object id) {
        if (id == null) {
            throw new IllegalArgumentException("Tx.entity(id): id is null; use Tx.entity() for an entity without :db/id");
        }
        return new TxEntity(id);
    }

    /**
     * Returns {@code [:db/add entity attribute value]}.
     *
     * @param entity the entity (id, tempid, lookup ref or ident)
     * @param attribute the attribute, as a keyword or its text
     * @param value the value to assert; never {@code null}
     * @return the statement
     * @throws IllegalArgumentException if an argument is {@code null} or malformed
     */
    public static List<Object> add(Object entity, Object attribute, Object value) {
        return statement("Tx.add", DB_ADD, entity, attribute, value);
    }

    /**
     * Returns {@code [:db/retract entity attribute value]}.
     *
     * @param entity the entity (id, lookup ref or ident)
     * @param attribute the attribute, as a keyword or its text
     * @param value the value to retract; never {@code null}
     * @return the statement
     * @throws IllegalArgumentException if an argument is {@code null} or malformed
     */
    public static List<Object> retract(Object entity, Object attribute, Object value) {
        return statement("Tx.retract", DB_RETRACT, entity, attribute, value);
    }

    /**
     * Returns {@code [:db/retract entity attribute]}: retracts every current value of the attribute.
     *
     * @param entity the entity (id, lookup ref or ident)
     * @param attribute the attribute, as a keyword or its text
     * @return the statement
     * @throws IllegalArgumentException if an argument is {@code null} or malformed
     */
    public static List<Object> retract(Object entity, Object attribute) {
        return List.of(DB_RETRACT, entityRef(entity, "Tx.retract"), Kw.from(attribute));
    }

    /**
     * Returns {@code [:db/retractEntity entity]}: retracts all the entity's attributes, references to
     * it, and its components recursively.
     *
     * @param entity the entity (id, lookup ref or ident)
     * @return the statement
     * @throws IllegalArgumentException if {@code entity} is {@code null} or of an unsupported type
     */
    public static List<Object> retractEntity(Object entity) {
        return List.of(DB_RETRACT_ENTITY, entityRef(entity, "Tx.retractEntity"));
    }

    /**
     * Returns {@code [:db/cas entity attribute expected value]}: sets {@code value} only if the
     * current value is {@code expected}, otherwise the transaction fails with
     * {@code :db.error/cas-failed}.
     *
     * @param entity the entity (id, lookup ref or ident)
     * @param attribute a cardinality-one attribute, as a keyword or its text
     * @param expected the value expected now, or {@code null} to require that there is none
     * @param value the new value; never {@code null}
     * @return the statement
     * @throws IllegalArgumentException if {@code entity}, {@code attribute} or {@code value} is
     *     {@code null} or malformed
     */
    public static List<Object> cas(Object entity, Object attribute, Object expected, Object value) {
        Keyword attr = Kw.from(attribute);
        Object e = entityRef(entity, "Tx.cas");
        if (value == null) {
            throw new IllegalArgumentException("Tx.cas: the new value of " + attr + " is null");
        }
        // Arrays.asList, not List.of: a null expected value is meaningful to :db/cas.
        return Collections.unmodifiableList(Arrays.asList(DB_CAS, e, attr, plainValue(expected), plainValue(value)));
    }

    /**
     * Returns a call of a transaction function: {@code [function arg…]}.
     *
     * @param function the function's ident, as a keyword or its text (such as {@code "my/fn"})
     * @param args the arguments, after the database that Datomic passes first
     * @return the statement
     * @throws IllegalArgumentException if {@code function} is malformed
     */
    public static List<Object> call(Object function, Object... args) {
        List<Object> call = new ArrayList<>(args.length + 1);
        call.add(Kw.from(function));
        for (Object arg : args) {
            call.add(plainValue(arg));
        }
        return Collections.unmodifiableList(call);
    }

    /**
     * Returns a lookup ref {@code [attribute value]}, naming an entity by a unique attribute.
     *
     * @param attribute a {@code :db/unique} attribute, as a keyword or its text
     * @param value the entity's value of that attribute; never {@code null}
     * @return the lookup ref
     * @throws IllegalArgumentException if an argument is {@code null} or malformed
     */
    public static List<Object> lookup(Object attribute, Object value) {
        Keyword attr = Kw.from(attribute);
        if (value == null) {
            throw new IllegalArgumentException("Tx.lookup: value of " + attr + " is null");
        }
        return List.of(attr, value);
    }

    /**
     * Collects statements into transaction data. Each statement is a map, a list or a
     * {@link TxEntity} builder (converted with {@link TxEntity#toMap()}).
     *
     * @param statements the statements, in order
     * @return an immutable list of statements
     * @throws IllegalArgumentException if a statement is {@code null} or of another type, naming
     *     its position
     */
    public static List<Object> data(Object... statements) {
        return dataOf(Arrays.asList(statements));
    }

    /**
     * Collects statements into transaction data, like {@link #data(Object...)}, from a collection or
     * stream: {@code Tx.dataOf(users.stream().map(…).toList())}.
     *
     * @param statements the statements, in order
     * @return an immutable list of statements
     * @throws IllegalArgumentException if a statement is {@code null} or of another type, naming
     *     its position
     */
    public static List<Object> dataOf(Iterable<?> statements) {
        List<Object> data = new ArrayList<>();
        int position = 0;
        for (Object statement : statements) {
            if (statement instanceof TxEntity builder) {
                data.add(builder.toMap());
            } else if (statement instanceof List<?> || statement instanceof Map<?, ?>) {
                data.add(statement);
            } else {
                throw new IllegalArgumentException("Statement " + position + " of the transaction data is "
                        + Edn.describe(statement) + "; expected a map, a list or a Tx.entity(…) builder");
            }
            position++;
        }
        return Collections.unmodifiableList(data);
    }

    /**
     * Transacts {@code txData} and waits for the result.
     *
     * @param connection the connection to write through
     * @param txData the statements
     * @return the transaction's result
     * @throws TransactionException if Datomic refuses the transaction, carrying Datomic's error
     *     keyword (such as {@code :db.error/unique-conflict}) and message; nothing was written
     */
    public static TxResult transact(Connection connection, List<?> txData) {
        Map<?, ?> report;
        try {
            report = connection.transact(txData).get();
        } catch (ExecutionException e) {
            throw TransactionException.from(e.getCause() == null ? e : e.getCause(), txData);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatomicKitException("Interrupted while waiting for a transaction of " + txData.size()
                    + " statements; it may still commit", e);
        } catch (RuntimeException e) {
            // Some invalid input is refused before the transaction is even queued.
            throw TransactionException.from(e, txData);
        }
        return new TxResult(report);
    }

    /**
     * Transacts the data of {@code source} and waits for the result.
     *
     * @param connection the connection to write through
     * @param source the transaction data source
     * @return the transaction's result
     * @throws TransactionException if Datomic refuses the transaction; nothing was written
     */
    public static TxResult transact(Connection connection, TxSource source) {
        return transact(connection, source.txData());
    }

    /**
     * Applies {@code txData} speculatively to a database value with {@link Database#with(List)};
     * nothing is written anywhere.
     *
     * @param db the database value to start from
     * @param txData the statements
     * @return the result, whose {@link TxResult#dbAfter()} holds the speculative database
     * @throws TransactionException if Datomic refuses the transaction
     */
    public static TxResult with(Database db, List<?> txData) {
        try {
            return new TxResult(db.with(txData));
        } catch (RuntimeException e) {
            throw TransactionException.from(e, txData);
        }
    }

    static Object entityRef(Object entity, String where) {
        if (entity == null) {
            throw new IllegalArgumentException(where + ": the entity is null; expected an entity id, a tempid string,"
                    + " a lookup ref or an ident");
        }
        if (entity instanceof Integer || entity instanceof Short) {
            return ((Number) entity).longValue();
        }
        if (entity instanceof Long || entity instanceof String || entity instanceof Keyword
                || entity instanceof List<?>) {
            return entity;
        }
        if (entity instanceof datomic.Entity e) {
            return e.get(":db/id");
        }
        // Datomic's own tempid objects (Peer.tempid) are accepted as they are.
        if (entity.getClass().getName().equals("datomic.db.DbId")) {
            return entity;
        }
        throw new IllegalArgumentException(where + ": unsupported entity " + Edn.describe(entity)
                + "; expected an entity id, a tempid string, a lookup ref or an ident");
    }

    private static List<Object> statement(String where, Keyword op, Object entity, Object attribute, Object value) {
        Keyword attr = Kw.from(attribute);
        Object e = entityRef(entity, where);
        if (value == null) {
            throw new IllegalArgumentException(where + ": value of " + attr + " is null");
        }
        return List.of(op, e, attr, plainValue(value));
    }

    /**
     * Converts builders nested inside values to plain maps and widens {@code int}-like numbers to
     * {@code long} (Datomic has no int type, but would store an Integer as given); everything else
     * passes through.
     */
    static Object plainValue(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof TxEntity builder) {
            return builder.toMap();
        }
        if (value instanceof Collection<?> values && containsBuilder(values)) {
            return values.stream().map(Tx::plainValue).toList();
        }
        return value;
    }

    private static boolean containsBuilder(Collection<?> values) {
        for (Object v : values) {
            if (v instanceof TxEntity || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return true;
            }
        }
        return false;
    }
}
