package dev.datomickit.core;

import clojure.lang.Keyword;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds one entity map of transaction data: {@code {:db/id "alice", :user/email "…"}}.
 *
 * <p>Obtain one from {@link Tx#entity(Object)} and add attributes with {@link #set}. Builders can
 * be passed straight to {@link Tx#data(Object...)}, or nested as the value of a ref attribute
 * (a component, for example); {@link #toMap()} gives the plain map Datomic accepts.
 *
 * <pre>{@code
 * Tx.entity("alice")
 *         .set("user/email", "alice@example.com")
 *         .set("user/roles", List.of(Kw.of("role/admin"), Kw.of("role/editor")));
 * }</pre>
 *
 * <p>A builder is mutable and not thread-safe; {@link #toMap()} takes an immutable snapshot.
 */
public final class TxEntity {

    private static final Keyword DB_ID = Kw.of("db/id");

    private final Map<Keyword, Object> attributes = new LinkedHashMap<>();

    TxEntity(Object id) {
        if (id != null) {
            attributes.put(DB_ID, Tx.entityRef(id, "Tx.entity"));
        }
    }

    /**
     * Sets an attribute's value. For a cardinality-many attribute pass a collection of values;
     * for a ref pass an entity id, lookup ref, tempid, ident keyword or a nested builder.
     *
     * @param attribute the attribute, as a keyword or its text ({@code "user/email"})
     * @param value the value; never {@code null} (retract a value with {@link Tx#retract} instead)
     * @return this builder
     * @throws IllegalArgumentException if the attribute is malformed, is {@code :db/id}, or the
     *     value is {@code null}
     */
    public TxEntity set(Object attribute, Object value) {
        Keyword key = Kw.from(attribute);
        if (DB_ID.equals(key)) {
            throw new IllegalArgumentException("Set :db/id through Tx.entity(id), not set(\":db/id\", …)");
        }
        if (value == null) {
            throw new IllegalArgumentException("Value of " + key + " is null in Tx.entity(" + describeId()
                    + "); leave the attribute out or use Tx.retract to remove a value");
        }
        attributes.put(key, Tx.plainValue(value));
        return this;
    }

    /**
     * Sets an attribute only when {@code value} is not {@code null}; convenient for optional fields.
     *
     * @param attribute the attribute, as a keyword or its text
     * @param value the value, or {@code null} to leave the attribute out
     * @return this builder
     * @throws IllegalArgumentException if the attribute is malformed
     */
    public TxEntity setIfNotNull(Object attribute, Object value) {
        return value == null ? this : set(attribute, value);
    }

    /**
     * Returns the entity's {@code :db/id}: a tempid string, entity id, lookup ref or ident.
     *
     * @return the id given to {@link Tx#entity(Object)}, or {@code null} if none was given
     */
    public Object id() {
        return attributes.get(DB_ID);
    }

    /**
     * Returns the entity map as Datomic accepts it in transaction data.
     *
     * @return an immutable snapshot of the attributes set so far, {@code :db/id} first
     */
    public Map<Keyword, Object> toMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /**
     * Returns the map in EDN form, for logs and test failure messages.
     *
     * @return the EDN text of the entity map
     */
    @Override
    public String toString() {
        return Edn.show(attributes);
    }

    private String describeId() {
        Object id = id();
        return id == null ? "" : Edn.show(id);
    }
}
