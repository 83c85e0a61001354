package dev.datomickit.core;

import clojure.lang.Keyword;
import datomic.Attribute;
import datomic.Database;
import datomic.Datom;
import datomic.Entity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Finders: the functions at the edge of business logic that turn identifiers into
 * {@link Entity entities}.
 *
 * <pre>{@code
 * Optional<Entity> maybe = Entities.find(db, "user/email", "alice@example.com");
 * Entity alice = Entities.get(db, "user/email", "alice@example.com"); // or EntityNotFoundException
 * List<Entity> users = Entities.withAttribute(db, "user/email");
 * }</pre>
 *
 * <p>Entities are lazy, cheap views of a database value; pass them between domain functions
 * instead of ids or hand-built maps.
 */
public final class Entities {

    private Entities() {}

    /**
     * Finds the entity whose unique attribute holds {@code value}.
     *
     * @param db the database value to read
     * @param attribute a {@code :db/unique} attribute, as a keyword or its text
     * @param value the value to look for
     * @return the entity, or empty if no entity holds the value
     * @throws IllegalArgumentException if the attribute does not exist or is not unique, or the
     *     value's type does not match the attribute
     */
    public static Optional<Entity> find(Database db, Object attribute, Object value) {
        Attribute attr = uniqueAttribute(db, attribute);
        Keyword ident = (Keyword) attr.ident();
        if (value == null) {
            throw new IllegalArgumentException("Cannot look up " + ident + " by a null value");
        }
        ValueType type = ValueType.of(attr.valueType());
        if (!type.accepts(value)) {
            // Datomic answers "no entity" for a value of the wrong type; that hides a bug, so say it.
            throw new IllegalArgumentException("Cannot look up " + ident + " " + Edn.show(value) + ": "
                    + ident + " holds " + type.ident() + " values, not " + Edn.typeName(value) + " values");
        }
        Object id;
        try {
            id = db.entid(List.of(ident, value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot look up " + ident + " " + Edn.show(value) + ": "
                    + e.getMessage(), e);
        }
        return id == null ? Optional.empty() : Optional.of(db.entity(id));
    }

    /**
     * Returns the entity whose unique attribute holds {@code value}, or fails.
     *
     * @param db the database value to read
     * @param attribute a {@code :db/unique} attribute, as a keyword or its text
     * @param value the value to look for
     * @return the entity
     * @throws EntityNotFoundException if no entity holds the value, naming attribute and value
     * @throws IllegalArgumentException if the attribute does not exist or is not unique
     */
    public static Entity get(Database db, Object attribute, Object value) {
        return find(db, attribute, value)
                .orElseThrow(() -> new EntityNotFoundException(Kw.from(attribute), value));
    }

    /**
     * Returns every entity that has a value for {@code attribute}, in entity id order.
     *
     * @param db the database value to read
     * @param attribute the attribute, as a keyword or its text
     * @return the entities, each once; empty if none has the attribute
     * @throws IllegalArgumentException if the attribute does not exist
     */
    public static List<Entity> withAttribute(Database db, Object attribute) {
        Keyword attr = (Keyword) attribute(db, attribute).ident();
        List<Entity> entities = new ArrayList<>();
        Object previous = null;
        // AEVT is sorted by entity within the attribute, so duplicates (many-valued) are adjacent.
        for (Datom datom : db.datoms(Database.AEVT, attr)) {
            Object e = datom.e();
            if (!e.equals(previous)) {
                entities.add(db.entity(e));
                previous = e;
            }
        }
        return Collections.unmodifiableList(entities);
    }

    private static Attribute uniqueAttribute(Database db, Object attribute) {
        Attribute attr = attribute(db, attribute);
        Keyword ident = (Keyword) attr.ident();
        if (attr.unique() == null) {
            throw new IllegalArgumentException("Attribute " + ident + " is not unique, so a value does not identify"
                    + " one entity; declare it :db.unique/identity or :db.unique/value, or query for all matches");
        }
        return attr;
    }

    /**
     * Returns the attribute named by {@code attribute}, which must be installed in {@code db}.
     *
     * @param db the database value to read
     * @param attribute the attribute, as a keyword or its text
     * @return the attribute's schema: ident, value type, cardinality, uniqueness
     * @throws IllegalArgumentException if no such attribute is installed, naming it and the
     *     database's basis t
     */
    public static Attribute attribute(Database db, Object attribute) {
        Keyword ident = Kw.from(attribute);
        Attribute attr = db.attribute(ident);
        if (attr == null) {
            throw new IllegalArgumentException("Unknown attribute " + ident + ": it is not installed in this database"
                    + " (basis t " + db.basisT() + ")");
        }
        return attr;
    }
}
