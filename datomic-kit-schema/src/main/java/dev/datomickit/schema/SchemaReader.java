package dev.datomickit.schema;

import clojure.lang.Keyword;
import datomic.Database;
import datomic.Datom;
import datomic.Entity;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads the schema entities of a database: attributes, entity specs and plain idents. */
final class SchemaReader {

    /** The properties of schema entities the model knows; other attributes on them are ignored. */
    private static final Set<Keyword> PROPERTIES = Set.of(Idents.DB_IDENT, Idents.VALUE_TYPE, Idents.CARDINALITY,
            Idents.UNIQUE, Idents.INDEX, Idents.IS_COMPONENT, Idents.FULLTEXT, Idents.NO_HISTORY, Idents.DOC,
            Idents.TUPLE_ATTRS, Idents.TUPLE_TYPE, Idents.TUPLE_TYPES, Idents.ATTR_PREDS, Idents.ENTITY_ATTRS,
            Idents.ENTITY_PREDS);

    private SchemaReader() {}

    static Schema read(Database db) {
        ModelBuilder model = new ModelBuilder();
        Set<Object> partitions = partitions(db);
        for (Datom datom : db.datoms(Database.AEVT, Idents.DB_IDENT)) {
            Keyword ident = (Keyword) datom.v();
            if (Idents.isReserved(ident.getNamespace()) || partitions.contains(ident)) {
                continue;
            }
            Map<Keyword, Object> properties = properties(db, datom.e());
            if (properties.containsKey(Idents.FN)) {
                continue;
            }
            if (properties.size() == 2 && properties.containsKey(Idents.DOC)) {
                // The model has no documentation for plain idents (enum values); leave it in the database.
                properties.remove(Idents.DOC);
            }
            Edn.read(properties, "database", model);
        }
        return model.build("Cannot model the schema of the database (basis t " + db.basisT() + ")");
    }

    /** Ref-valued schema attributes, whose values are read back as the idents they point to. */
    private static final Set<Keyword> REFS = Set.of(Idents.VALUE_TYPE, Idents.CARDINALITY, Idents.UNIQUE);
    /** Cardinality-many schema attributes, whose values are read back as a set. */
    private static final Set<Keyword> MANY = Set.of(Idents.ATTR_PREDS, Idents.ENTITY_ATTRS, Idents.ENTITY_PREDS);

    /**
     * The schema properties of an entity, read with one index seek: values as {@code Entity.get}
     * would return them (idents as keywords, cardinality-many values as sets), plus {@code :db/fn}
     * for a transaction function. Other attributes of the entity are left out.
     */
    static Map<Keyword, Object> properties(Database db, Object id) {
        Map<Keyword, Object> map = new LinkedHashMap<>();
        for (Datom datom : db.datoms(Database.EAVT, id)) {
            Object attribute = db.ident(datom.a());
            if (!(attribute instanceof Keyword key) || !(PROPERTIES.contains(key) || key.equals(Idents.FN))) {
                continue;
            }
            Object value = REFS.contains(key) ? db.ident(datom.v()) : datom.v();
            if (MANY.contains(key)) {
                @SuppressWarnings("unchecked")
                Set<Object> values = (Set<Object>) map.computeIfAbsent(key, k -> new HashSet<>());
                values.add(value);
            } else {
                map.put(key, value);
            }
        }
        return map;
    }

    /** Tells whether an ident's entity is a user partition, which the model leaves out. */
    static Set<Object> partitions(Database db) {
        Object installed = db.entity(Idents.PART_DB).get(Idents.INSTALL_PARTITION);
        Set<Object> partitions = new HashSet<>();
        if (installed instanceof Collection<?> parts) {
            for (Object part : parts) {
                partitions.add(part instanceof Entity e ? e.get(Idents.DB_IDENT) : part);
            }
        }
        return partitions;
    }
}
