package dev.datomickit.testing.assertj;

import clojure.lang.Keyword;
import datomic.Attribute;
import datomic.Database;
import datomic.Entity;
import java.util.List;
import java.util.function.Function;

/**
 * Reads an expectation the way Datomic would read it in transaction data, so it compares with what
 * Datomic holds: references by entity id (from an id, ident, lookup ref, entity or tempid), int-like
 * numbers widened to long, doubles narrowed for float attributes.
 */
final class Refs {

    private Refs() {}

    /** The entity id {@code ref} names, or {@code null} if it names none. */
    static Long entityId(Database db, Object ref, Function<String, Long> tempids) {
        if (ref instanceof Entity entity) {
            return (Long) entity.get(":db/id");
        }
        if (ref instanceof Integer || ref instanceof Short || ref instanceof Long) {
            return ((Number) ref).longValue();
        }
        if (ref instanceof String tempid && tempids != null) {
            return tempids.apply(tempid);
        }
        if (ref instanceof Keyword || ref instanceof List<?>) {
            Object id = db.entid(ref);
            return id == null ? null : ((Number) id).longValue();
        }
        throw new IllegalArgumentException("Cannot read " + Edn.show(ref) + " (" + ref.getClass().getName()
                + ") as an entity: expected an entity id, an ident keyword, a lookup ref, an Entity"
                + (tempids == null ? "" : " or a tempid of the transaction"));
    }

    /** What Datomic would store for {@code expected} in {@code attr}. */
    static Object expected(Database db, Attribute attr, Object expected, Function<String, Long> tempids) {
        if (Attribute.TYPE_REF.equals(attr.valueType())) {
            Long id = entityId(db, expected, tempids);
            return id == null ? new Unresolved(expected) : id;
        }
        if (expected instanceof Integer || expected instanceof Short || expected instanceof Byte) {
            return ((Number) expected).longValue();
        }
        if (Attribute.TYPE_FLOAT.equals(attr.valueType()) && expected instanceof Double d) {
            return d.floatValue();
        }
        return expected;
    }

    /** A value as read from an entity or a datom, with references as entity ids. */
    static Object actual(Database db, Attribute attr, Object actual) {
        if (Attribute.TYPE_REF.equals(attr.valueType())) {
            if (actual instanceof Entity entity) {
                return entity.get(":db/id");
            }
            if (actual instanceof Keyword ident) { // an entity with an ident reads as its ident
                return ((Number) db.entid(ident)).longValue();
            }
            return ((Number) actual).longValue();
        }
        return actual;
    }

    /** An expected reference that names no entity: equal to nothing Datomic holds. */
    record Unresolved(Object ref) {
        @Override
        public String toString() {
            return Edn.show(ref) + " (no such entity)";
        }
    }
}
