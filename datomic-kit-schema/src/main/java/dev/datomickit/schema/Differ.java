package dev.datomickit.schema;

import clojure.lang.Keyword;
import clojure.lang.RT;
import datomic.Database;
import datomic.Datom;
import dev.datomickit.schema.AttributeDef.Cardinality;
import dev.datomickit.schema.SchemaDiff.Change;
import dev.datomickit.schema.SchemaDiff.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a schema with a database, property by property, following Datomic's rules for schema
 * alteration. Each rule is exercised against a real database by the tests.
 */
final class Differ {

    /** How many offending entities or values a forbidden change quotes. */
    private static final int EXAMPLES = 5;

    private final Database db;
    private final List<Change> changes = new ArrayList<>();
    private final List<Object> txData = new ArrayList<>();

    private Differ(Database db) {
        this.db = db;
    }

    static SchemaDiff diff(Schema schema, Database db) {
        Differ differ = new Differ(db);
        for (AttributeDef attribute : schema.attributesInInstallOrder()) { // composites after their parts
            differ.attribute(attribute);
        }
        for (Keyword ident : schema.idents()) {
            differ.ident(ident);
        }
        for (EntitySpec spec : schema.entitySpecs()) {
            differ.spec(spec);
        }
        return new SchemaDiff(differ.changes, differ.txData, notInModel(schema, db), db.basisT(), null);
    }

    /** The schema properties of the entity an ident names, or null if the ident is not installed. */
    private Map<Keyword, Object> installed(Keyword ident) {
        Object id = db.entid(ident);
        if (id == null) {
            return null;
        }
        Map<Keyword, Object> properties = SchemaReader.properties(db, id);
        properties.put(Idents.DB_ID, id);
        return properties;
    }

    /** What an installed ident names; an ident cannot be taken over by something of another kind. */
    private enum Named {
        ATTRIBUTE("an attribute"), FUNCTION("a transaction function"), SPEC("an entity spec"), IDENT("a plain ident");

        final String description;

        Named(String description) {
            this.description = description;
        }

        static Named of(Map<Keyword, Object> entity) {
            if (entity.get(Idents.VALUE_TYPE) != null) {
                return ATTRIBUTE;
            }
            if (entity.get(Idents.FN) != null) {
                return FUNCTION;
            }
            if (entity.get(Idents.ENTITY_ATTRS) != null || entity.get(Idents.ENTITY_PREDS) != null) {
                return SPEC;
            }
            return IDENT;
        }
    }

    private void attribute(AttributeDef a) {
        Keyword ident = a.ident();
        Map<Keyword, Object> e = installed(ident);
        if (e == null) {
            add(ident, "new attribute", a.toMap());
            return;
        }
        if (Named.of(e) != Named.ATTRIBUTE) {
            forbid(ident, Idents.VALUE_TYPE, null, a.valueType().ident(), "the ident is installed as "
                    + Named.of(e).description + "; an attribute cannot take it over, choose another ident");
            return;
        }
        never(ident, Idents.VALUE_TYPE, e.get(Idents.VALUE_TYPE), a.valueType().ident(),
                "Datomic never alters a value type; declare a new attribute (such as :"
                        + ident.getNamespace() + ".v2/" + ident.getName() + ") and migrate the data");
        never(ident, Idents.TUPLE_ATTRS, list(e.get(Idents.TUPLE_ATTRS)), a.tupleAttrs().isEmpty() ? null : a.tupleAttrs(),
                "Datomic never alters a tuple's definition; declare a new tuple attribute");
        never(ident, Idents.TUPLE_TYPE, e.get(Idents.TUPLE_TYPE), a.tupleType().map(t -> t.ident()).orElse(null),
                "Datomic never alters a tuple's definition; declare a new tuple attribute");
        never(ident, Idents.TUPLE_TYPES, list(e.get(Idents.TUPLE_TYPES)),
                a.tupleTypes().isEmpty() ? null : a.tupleTypes().stream().map(t -> t.ident()).toList(),
                "Datomic never alters a tuple's definition; declare a new tuple attribute");
        never(ident, Idents.FULLTEXT, flag(e, Idents.FULLTEXT), a.isFulltext(),
                "Datomic never adds or removes a fulltext index; declare a new attribute and migrate the data");
        cardinality(a, e);
        unique(a, e);
        if (a.unique().isEmpty()) {
            // A unique attribute is indexed whatever :db/index says; otherwise the flag is the index.
            boolean indexed = flag(e, Idents.INDEX);
            if (indexed != a.isIndexed()) {
                alter(ident, Idents.INDEX, indexed, a.isIndexed(), "allowed", add(ident, Idents.INDEX, a.isIndexed()));
            }
        }
        toggle(a.ident(), e, Idents.IS_COMPONENT, a.isComponent());
        toggle(a.ident(), e, Idents.NO_HISTORY, a.isNoHistory());
        doc(ident, e, a.storedDoc());
        symbols(ident, e, Idents.ATTR_PREDS, a.preds());
    }

    private void cardinality(AttributeDef a, Map<Keyword, Object> e) {
        Keyword ident = a.ident();
        Cardinality installed = Cardinality.of(e.get(Idents.CARDINALITY));
        if (installed == a.cardinality()) {
            return;
        }
        Object from = installed.ident();
        Object to = a.cardinality().ident();
        if (a.isMany()) {
            Keyword composite = compositeUsing(e.get(Idents.DB_ID));
            if (composite != null) {
                forbid(ident, Idents.CARDINALITY, from, to, "forbidden, the attribute is a constituent of the composite "
                        + composite + " and Datomic keeps constituents cardinality one");
            } else {
                alter(ident, Idents.CARDINALITY, from, to, "allowed", add(ident, Idents.CARDINALITY, to));
            }
            return;
        }
        List<String> several = entitiesWithSeveralValues(ident);
        if (several.isEmpty()) {
            alter(ident, Idents.CARDINALITY, from, to, "allowed, no entity holds several values",
                    add(ident, Idents.CARDINALITY, to));
        } else {
            forbid(ident, Idents.CARDINALITY, from, to, "forbidden, entities hold several values: "
                    + String.join("; ", several) + "; retract the extra values first");
        }
    }

    private void unique(AttributeDef a, Map<Keyword, Object> e) {
        Keyword ident = a.ident();
        Object from = e.get(Idents.UNIQUE);
        Object to = a.unique().map(AttributeDef.Unique::ident).orElse(null);
        if (Objects.equals(from, to)) {
            return;
        }
        if (to == null) {
            alter(ident, Idents.UNIQUE, from, null, "allowed", List.of(Idents.DB_RETRACT, ident, Idents.UNIQUE, from));
            return;
        }
        List<String> collisions = from == null ? collisions(ident) : List.of();
        if (!collisions.isEmpty()) {
            forbid(ident, Idents.UNIQUE, from, to, "forbidden, values are held by several entities: "
                    + String.join("; ", collisions) + "; make them distinct first");
            return;
        }
        List<Object> statements = new ArrayList<>();
        statements.add(add(ident, Idents.UNIQUE, to));
        if (!flag(e, Idents.INDEX)) {
            // Datomic refuses a unique constraint on an attribute with values unless it is indexed.
            statements.add(add(ident, Idents.INDEX, true));
        }
        alter(ident, Idents.UNIQUE, from, to, from == null ? "allowed, no value is held by several entities" : "allowed",
                statements.toArray());
    }

    private void toggle(Keyword ident, Map<Keyword, Object> e, Keyword property, boolean wanted) {
        boolean installed = flag(e, property);
        if (installed != wanted) {
            alter(ident, property, installed, wanted, "allowed", add(ident, property, wanted));
        }
    }

    private void doc(Keyword ident, Map<Keyword, Object> e, String wanted) {
        Object installed = e.get(Idents.DOC);
        if (Objects.equals(installed, wanted)) {
            return;
        }
        alter(ident, Idents.DOC, installed, wanted, "allowed", wanted == null
                ? List.of(Idents.DB_RETRACT, ident, Idents.DOC, installed)
                : add(ident, Idents.DOC, wanted));
    }

    private void symbols(Keyword ident, Map<Keyword, Object> e, Keyword property, Collection<?> wanted) {
        Set<Object> installed = set(e.get(property));
        Set<Object> target = new HashSet<>(wanted);
        if (installed.equals(target)) {
            return;
        }
        List<Object> statements = new ArrayList<>();
        for (Object value : sorted(installed)) {
            if (!target.contains(value)) {
                statements.add(List.of(Idents.DB_RETRACT, ident, property, value));
            }
        }
        for (Object value : sorted(target)) {
            if (!installed.contains(value)) {
                statements.add(add(ident, property, value));
            }
        }
        alter(ident, property, sorted(installed), sorted(target), "allowed", statements.toArray());
    }

    private void ident(Keyword ident) {
        Map<Keyword, Object> e = installed(ident);
        if (e == null) {
            add(ident, "new ident", Map.of(Idents.DB_IDENT, ident));
        } else if (Named.of(e) != Named.IDENT) {
            forbid(ident, Idents.DB_IDENT, null, ident, "the ident is installed as " + Named.of(e).description
                    + "; a plain ident cannot take it over");
        }
    }

    private void spec(EntitySpec spec) {
        Keyword ident = spec.ident();
        Map<Keyword, Object> e = installed(ident);
        if (e == null) {
            add(ident, "new entity spec", spec.toMap());
            return;
        }
        Named named = Named.of(e);
        if (named == Named.ATTRIBUTE || named == Named.FUNCTION) {
            forbid(ident, Idents.ENTITY_ATTRS, null, spec.requiredAttrs(), "the ident is installed as "
                    + named.description + "; an entity spec cannot take it over");
            return;
        }
        symbols(ident, e, Idents.ENTITY_ATTRS, spec.requiredAttrs());
        symbols(ident, e, Idents.ENTITY_PREDS, spec.preds());
        doc(ident, e, spec.doc().orElse(null));
    }

    // ---------------------------------------------------------------- data checks

    /** The composite tuple that combines this attribute, if any. */
    private Keyword compositeUsing(Object attributeId) {
        Object ident = db.ident(attributeId);
        for (Datom datom : db.datoms(Database.AEVT, Idents.TUPLE_ATTRS)) {
            for (Object constituent : (Collection<?>) datom.v()) {
                if (constituent.equals(ident) || constituent.equals(attributeId)) {
                    return (Keyword) db.ident(datom.e());
                }
            }
        }
        return null;
    }

    /** Up to {@value #EXAMPLES} entities holding several values of a cardinality-many attribute. */
    private List<String> entitiesWithSeveralValues(Keyword attribute) {
        Map<Object, List<Object>> several = new LinkedHashMap<>();
        int count = 0;
        Object entity = null;
        List<Object> values = new ArrayList<>();
        for (Datom datom : db.datoms(Database.AEVT, attribute)) {
            if (!datom.e().equals(entity)) {
                if (values.size() > 1 && several.size() < EXAMPLES) {
                    several.put(entity, values);
                }
                count += values.size() > 1 ? 1 : 0;
                entity = datom.e();
                values = new ArrayList<>();
            }
            values.add(datom.v());
        }
        if (values.size() > 1 && several.size() < EXAMPLES) {
            several.put(entity, values);
        }
        count += values.size() > 1 ? 1 : 0;
        List<String> examples = new ArrayList<>();
        several.forEach((e, v) -> examples.add("entity " + e + " holds " + RT.printString(v)));
        if (count > several.size()) {
            examples.add("and " + (count - several.size()) + " more");
        }
        return examples;
    }

    /** Up to {@value #EXAMPLES} values held by several entities. */
    private List<String> collisions(Keyword attribute) {
        Map<Object, Object> holders = new HashMap<>();
        Map<Object, Set<Object>> collisions = new LinkedHashMap<>();
        for (Datom datom : db.datoms(Database.AEVT, attribute)) {
            Object first = holders.putIfAbsent(datom.v(), datom.e());
            if (first != null && !first.equals(datom.e())) {
                collisions.computeIfAbsent(datom.v(), v -> new TreeSet<>(List.of(first))).add(datom.e());
            }
        }
        List<String> examples = new ArrayList<>();
        collisions.entrySet().stream().limit(EXAMPLES).forEach(c -> examples.add(RT.printString(c.getKey())
                + " is held by entities " + RT.printString(new ArrayList<>(c.getValue()))));
        if (collisions.size() > EXAMPLES) {
            examples.add("and " + (collisions.size() - EXAMPLES) + " more values");
        }
        return examples;
    }

    /** Idents of the database outside Datomic's namespaces that the schema does not declare. */
    private static List<Keyword> notInModel(Schema schema, Database db) {
        Set<Object> partitions = SchemaReader.partitions(db);
        List<Keyword> extra = new ArrayList<>();
        for (Datom datom : db.datoms(Database.AEVT, Idents.DB_IDENT)) {
            Keyword ident = (Keyword) datom.v();
            if (Idents.isReserved(ident.getNamespace()) || partitions.contains(ident)) {
                continue;
            }
            if (schema.attribute(ident).isEmpty() && !schema.idents().contains(ident)
                    && schema.entitySpec(ident).isEmpty()
                    && !SchemaReader.properties(db, datom.e()).containsKey(Idents.FN)) {
                extra.add(ident);
            }
        }
        extra.sort(Idents.ORDER);
        return extra;
    }

    // ---------------------------------------------------------------- recording

    private void add(Keyword ident, String reason, Map<Keyword, Object> statement) {
        changes.add(new Change(ident, Kind.ADD, null, null, null, reason));
        txData.add(statement);
    }

    private void alter(Keyword ident, Keyword property, Object from, Object to, String reason, Object... statements) {
        changes.add(new Change(ident, Kind.ALTER, property, from, to, reason));
        for (Object statement : statements) {
            txData.add(statement);
        }
    }

    private void forbid(Keyword ident, Keyword property, Object from, Object to, String reason) {
        changes.add(new Change(ident, Kind.FORBIDDEN, property, from, to, reason));
    }

    /** Records a forbidden change if a property Datomic never alters differs. */
    private void never(Keyword ident, Keyword property, Object installed, Object wanted, String reason) {
        if (!Objects.equals(installed, wanted)) {
            forbid(ident, property, installed, wanted, "forbidden, " + reason);
        }
    }

    private static List<Object> add(Keyword ident, Keyword property, Object value) {
        return List.of(Idents.DB_ADD, ident, property, value);
    }

    private static boolean flag(Map<Keyword, Object> e, Keyword property) {
        return Boolean.TRUE.equals(e.get(property));
    }

    private static List<Object> list(Object value) {
        return value instanceof Collection<?> c ? new ArrayList<>(c) : value == null ? null : List.of(value);
    }

    private static Set<Object> set(Object value) {
        return value instanceof Collection<?> c ? new HashSet<>(c) : value == null ? Set.of() : Set.of(value);
    }

    /** Keywords or symbols in text order, so that changes and statements come out in a stable order. */
    private static List<Object> sorted(Collection<?> values) {
        Set<Object> sorted = new TreeSet<>((x, y) -> x.toString().compareTo(y.toString()));
        sorted.addAll(values);
        return new ArrayList<>(sorted);
    }
}
