package dev.datomickit.schema;

import clojure.lang.Keyword;
import clojure.lang.RT;
import dev.datomickit.core.Edn;
import dev.datomickit.core.Kw;
import dev.datomickit.core.ValueType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks entity maps, as clients send them, against a schema.
 *
 * <p>The walk follows the schema: it only descends into nested entity maps (ref attributes),
 * cardinality-many collections, lookup refs and tuples. Its depth is bounded by
 * {@link Schema#MAX_VALIDATION_DEPTH} levels of maps and collections and its length by
 * {@link Schema#MAX_VALIDATION_VALUES} map entries and collection elements: past either bound it
 * records one violation naming the path and the bound and stops, so a hostile value can neither
 * overflow the stack nor hold a request thread for long. Values of the wrong type are quoted by
 * core's bounded printer, never walked.
 */
final class EntityChecker {

    private final Schema schema;
    private final List<Violation> violations = new ArrayList<>();
    /** Map entries and collection elements seen so far, against {@link Schema#MAX_VALIDATION_VALUES}. */
    private int values;
    /** Set once a bound is hit: the walk then returns without looking at anything else. */
    private boolean stopped;

    private EntityChecker(Schema schema) {
        this.schema = schema;
    }

    static List<Violation> check(Schema schema, Map<?, ?> entity, List<EntitySpec> specs) {
        EntityChecker checker = new EntityChecker(schema);
        if (entity == null) {
            checker.violations.add(new Violation(List.of(), "the entity map is null"));
        } else {
            checker.map(entity, List.of(), specs, 1);
        }
        return List.copyOf(checker.violations);
    }

    /**
     * Checks a map at {@code level} (the entity map is level 1, a map or collection inside it level
     * 2, and so on).
     */
    private void map(Map<?, ?> map, List<Object> path, List<EntitySpec> given, int level) {
        if (!enter(path, level)) {
            return;
        }
        Set<Keyword> present = new HashSet<>();
        List<EntitySpec> specs = new ArrayList<>(given);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!count(path)) {
                return;
            }
            Keyword attr;
            try {
                attr = Kw.from(entry.getKey());
            } catch (IllegalArgumentException e) {
                violate(path, "the key " + describe(entry.getKey()) + " is not an attribute: " + e.getMessage());
                continue;
            }
            List<Object> at = append(path, attr);
            Object value = entry.getValue();
            if (attr.equals(Idents.DB_ID)) {
                continue;
            }
            if (attr.equals(Idents.ENSURE)) {
                ensure(value, at, specs, level);
                continue;
            }
            if (attr.getNamespace() != null && attr.getName().startsWith("_")) {
                reverse(attr, value, at, level);
                continue;
            }
            Optional<AttributeDef> def = schema.attribute(attr);
            if (def.isEmpty()) {
                violate(at, "unknown attribute: the schema has no " + attr);
                continue;
            }
            present.add(attr);
            attribute(def.get(), value, at, level);
        }
        if (stopped) {
            return;
        }
        for (EntitySpec spec : specs) {
            for (Keyword required : spec.requiredAttrs()) {
                if (!present.contains(required)) {
                    violate(append(path, required), "missing: required by the entity spec " + spec.ident());
                }
            }
        }
    }

    private void ensure(Object value, List<Object> at, List<EntitySpec> specs, int level) {
        if (value instanceof Collection<?> && !enter(at, level + 1)) {
            return;
        }
        for (Object name : value instanceof Collection<?> c ? c : List.of(value)) {
            if (!count(at)) {
                return;
            }
            Optional<EntitySpec> spec;
            try {
                spec = schema.entitySpec(name);
            } catch (IllegalArgumentException e) {
                violate(at, describe(name) + " does not name an entity spec: " + e.getMessage());
                continue;
            }
            if (spec.isPresent()) {
                specs.add(spec.get());
            } else {
                violate(at, "the schema has no entity spec " + Edn.show(name));
            }
        }
    }

    private void reverse(Keyword attr, Object value, List<Object> at, int level) {
        Keyword forward = Keyword.intern(attr.getNamespace(), attr.getName().substring(1));
        Optional<AttributeDef> def = schema.attribute(forward);
        if (def.isEmpty() || def.get().valueType() != ValueType.REF) {
            violate(at, "unknown reverse attribute: the schema has no ref attribute " + forward);
            return;
        }
        if (!(value instanceof Collection<?> c) || isLookupRef(value)) {
            ref(def.get(), value, at, level);
            return;
        }
        if (!enter(at, level + 1)) {
            return;
        }
        int i = 0;
        for (Object v : c) {
            if (!count(at)) {
                return;
            }
            ref(def.get(), v, append(at, i++), level + 1);
        }
    }

    private void attribute(AttributeDef def, Object value, List<Object> at, int level) {
        if (value == null) {
            violate(at, "is null; leave the attribute out instead");
        } else if (def.isComposite()) {
            violate(at, "is a composite tuple Datomic derives from " + RT.printString(def.tupleAttrs())
                    + "; send those attributes instead");
        } else if (def.isMany()) {
            if (value instanceof Collection<?> collection) {
                if (!enter(at, level + 1)) {
                    return;
                }
                int i = 0;
                for (Object v : collection) {
                    if (!count(at)) {
                        return;
                    }
                    value(def, v, append(at, i++), level + 1);
                }
            } else {
                violate(at, "expects a collection of values (cardinality many), found a single " + describe(value));
            }
        } else if (value instanceof Collection<?> && def.valueType() != ValueType.TUPLE && !isLookupRef(value)) {
            int size = ((Collection<?>) value).size();
            violate(at, "expects a single value (cardinality one), found a collection of " + size
                    + (size == 1 ? " value" : " values"));
        } else {
            value(def, value, at, level);
        }
    }

    /** A value at the level of the map or collection that holds it. */
    private void value(AttributeDef def, Object value, List<Object> at, int level) {
        if (value == null) {
            violate(at, "holds null; leave it out instead");
            return;
        }
        switch (def.valueType()) {
            case REF -> ref(def, value, at, level);
            case TUPLE -> tuple(def, value, at, level);
            default -> {
                if (!def.valueType().accepts(value)) {
                    violate(at, "expects " + def.valueType().ident() + ", found " + describe(value));
                }
            }
        }
    }

    private void ref(AttributeDef def, Object value, List<Object> at, int level) {
        if (def.isEnum()) {
            Keyword ident = null;
            try {
                ident = value instanceof Keyword || value instanceof String ? Kw.from(value) : null;
            } catch (IllegalArgumentException e) {
                // reported below, with the values allowed
            }
            if (ident == null || !def.enumValues().contains(ident)) {
                violate(at, "expects one of " + RT.printString(sorted(def.enumValues())) + ", found " + describe(value));
            }
        } else if (value instanceof Map<?, ?> nested) {
            map(nested, at, List.of(), level + 1);
        } else if (value instanceof List<?> list) {
            lookupRef(list, at);
        } else if (!(value instanceof Long || value instanceof Integer || value instanceof Keyword
                || value instanceof String || value instanceof datomic.Entity)) {
            violate(at, "expects a ref (an entity id, an ident, a lookup ref or a nested entity map), found "
                    + describe(value));
        }
    }

    private void lookupRef(List<?> ref, List<Object> at) {
        if (!isLookupRef(ref)) {
            violate(at, "expects a ref; a list must be a lookup ref [attribute value], found " + describe(ref));
            return;
        }
        Keyword attr = Kw.from(ref.get(0));
        Optional<AttributeDef> def = schema.attribute(attr);
        if (def.isEmpty() || def.get().unique().isEmpty()) {
            violate(at, "lookup ref " + Edn.show(ref) + " names " + attr
                    + ", which is not a unique attribute of the schema");
        } else if (ref.get(1) == null || !def.get().valueType().accepts(ref.get(1))) {
            violate(at, "lookup ref " + Edn.show(ref) + ": " + attr + " expects " + def.get().valueType().ident()
                    + ", found " + describe(ref.get(1)));
        }
    }

    private static boolean isLookupRef(Object value) {
        return value instanceof List<?> list && list.size() == 2
                && (list.get(0) instanceof Keyword || list.get(0) instanceof String s && Kw.isValid(s));
    }

    private void tuple(AttributeDef def, Object value, List<Object> at, int level) {
        if (!(value instanceof List<?> elements)) {
            violate(at, "expects a tuple (a list), found " + describe(value));
            return;
        }
        if (!enter(at, level + 1)) {
            return;
        }
        if (elements.size() > ModelBuilder.MAX_TUPLE) {
            // Longer than any tuple Datomic stores: say so without looking at each element.
            violate(at, "expects a tuple of at most " + ModelBuilder.MAX_TUPLE + " elements, found "
                    + elements.size());
            return;
        }
        if (def.tupleType().isPresent()) {
            ValueType type = def.tupleType().get();
            if (elements.size() < ModelBuilder.MIN_TUPLE || elements.size() > ModelBuilder.MAX_TUPLE) {
                violate(at, "expects a tuple of " + ModelBuilder.MIN_TUPLE + " to " + ModelBuilder.MAX_TUPLE + " "
                        + type.ident() + " elements, found " + elements.size());
            }
            for (int i = 0; i < elements.size() && count(at); i++) {
                element(type, elements.get(i), append(at, i));
            }
        } else {
            List<ValueType> types = def.tupleTypes();
            if (elements.size() != types.size()) {
                violate(at, "expects a tuple of " + types.size() + " elements "
                        + RT.printString(types.stream().map(ValueType::ident).toList()) + ", found " + elements.size());
                return;
            }
            for (int i = 0; i < elements.size() && count(at); i++) {
                element(types.get(i), elements.get(i), append(at, i));
            }
        }
    }

    /** A tuple element may be nil; otherwise it must fit its type. */
    private void element(ValueType type, Object value, List<Object> at) {
        if (value != null && !type.accepts(value)) {
            violate(at, "expects " + type.ident() + " (or nil), found " + describe(value));
        }
    }

    /**
     * Enters a map or collection at {@code level}; past {@link Schema#MAX_VALIDATION_DEPTH} records
     * why the walk stops there and stops it.
     */
    private boolean enter(List<Object> path, int level) {
        if (stopped) {
            return false;
        }
        if (level > Schema.MAX_VALIDATION_DEPTH) {
            stop(path, "nests maps and lists deeper than " + Schema.MAX_VALIDATION_DEPTH
                    + " levels, the most validation accepts; it was not checked further");
            return false;
        }
        return true;
    }

    /**
     * Counts one map entry or collection element; past {@link Schema#MAX_VALIDATION_VALUES} records
     * why the walk stops and stops it.
     */
    private boolean count(List<Object> path) {
        if (stopped) {
            return false;
        }
        if (++values > Schema.MAX_VALIDATION_VALUES) {
            stop(path, "the entity holds more than " + Schema.MAX_VALIDATION_VALUES
                    + " values (map entries and list elements), the most validation accepts; it was not checked further");
            return false;
        }
        return true;
    }

    private void stop(List<Object> path, String message) {
        violate(path, message);
        stopped = true;
    }

    private void violate(List<Object> path, String message) {
        violations.add(new Violation(path, message));
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> longer = new ArrayList<>(path.size() + 1);
        longer.addAll(path);
        longer.add(step);
        return longer;
    }

    private static List<Keyword> sorted(Set<Keyword> idents) {
        List<Keyword> sorted = new ArrayList<>(idents);
        sorted.sort(Idents.ORDER);
        return sorted;
    }

    /** The value's EDN type and a bounded quote of it, such as {@code integer 42}; never a Java class. */
    private static String describe(Object value) {
        return value == null ? "nil" : Edn.describe(value);
    }
}
