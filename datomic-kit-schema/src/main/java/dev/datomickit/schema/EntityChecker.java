package dev.datomickit.schema;

import clojure.lang.Keyword;
import clojure.lang.RT;
import dev.datomickit.core.Kw;
import dev.datomickit.core.ValueType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks entity maps, as clients send them, against a schema. */
final class EntityChecker {

    private final Schema schema;
    private final List<Violation> violations = new ArrayList<>();

    private EntityChecker(Schema schema) {
        this.schema = schema;
    }

    static List<Violation> check(Schema schema, Map<?, ?> entity, List<EntitySpec> specs) {
        EntityChecker checker = new EntityChecker(schema);
        if (entity == null) {
            checker.violations.add(new Violation(List.of(), "the entity map is null"));
        } else {
            checker.map(entity, List.of(), specs);
        }
        return List.copyOf(checker.violations);
    }

    private void map(Map<?, ?> map, List<Object> path, List<EntitySpec> given) {
        Set<Keyword> present = new HashSet<>();
        List<EntitySpec> specs = new ArrayList<>(given);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
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
                ensure(value, at, specs);
                continue;
            }
            if (attr.getNamespace() != null && attr.getName().startsWith("_")) {
                reverse(attr, value, at);
                continue;
            }
            Optional<AttributeDef> def = schema.attribute(attr);
            if (def.isEmpty()) {
                violate(at, "unknown attribute: the schema has no " + attr);
                continue;
            }
            present.add(attr);
            attribute(def.get(), value, at);
        }
        for (EntitySpec spec : specs) {
            for (Keyword required : spec.requiredAttrs()) {
                if (!present.contains(required)) {
                    violate(append(path, required), "missing: required by the entity spec " + spec.ident());
                }
            }
        }
    }

    private void ensure(Object value, List<Object> at, List<EntitySpec> specs) {
        for (Object name : value instanceof Collection<?> c ? c : List.of(value)) {
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
                violate(at, "the schema has no entity spec " + RT.printString(name));
            }
        }
    }

    private void reverse(Keyword attr, Object value, List<Object> at) {
        Keyword forward = Keyword.intern(attr.getNamespace(), attr.getName().substring(1));
        Optional<AttributeDef> def = schema.attribute(forward);
        if (def.isEmpty() || def.get().valueType() != ValueType.REF) {
            violate(at, "unknown reverse attribute: the schema has no ref attribute " + forward);
            return;
        }
        Collection<?> values = value instanceof Collection<?> c && !isLookupRef(value) ? c : List.of(value);
        int i = 0;
        for (Object v : values) {
            ref(def.get(), v, values.size() == 1 && values != value ? at : append(at, i));
            i++;
        }
    }

    private void attribute(AttributeDef def, Object value, List<Object> at) {
        if (value == null) {
            violate(at, "is null; leave the attribute out instead");
        } else if (def.isComposite()) {
            violate(at, "is a composite tuple Datomic derives from " + RT.printString(def.tupleAttrs())
                    + "; send those attributes instead");
        } else if (def.isMany()) {
            if (value instanceof Collection<?> values) {
                int i = 0;
                for (Object v : values) {
                    value(def, v, append(at, i++));
                }
            } else {
                violate(at, "expects a collection of values (cardinality many), found a single " + describe(value));
            }
        } else if (value instanceof Collection<?> values && def.valueType() != ValueType.TUPLE && !isLookupRef(value)) {
            violate(at, "expects a single value (cardinality one), found a collection of " + values.size()
                    + (values.size() == 1 ? " value" : " values"));
        } else {
            value(def, value, at);
        }
    }

    private void value(AttributeDef def, Object value, List<Object> at) {
        if (value == null) {
            violate(at, "holds null; leave it out instead");
            return;
        }
        switch (def.valueType()) {
            case REF -> ref(def, value, at);
            case TUPLE -> tuple(def, value, at);
            default -> {
                if (!def.valueType().accepts(value)) {
                    violate(at, "expects " + def.valueType().ident() + ", found " + describe(value));
                }
            }
        }
    }

    private void ref(AttributeDef def, Object value, List<Object> at) {
        if (def.isEnum()) {
            Keyword ident = null;
            try {
                ident = value instanceof Keyword || value instanceof String ? Kw.from(value) : null;
            } catch (IllegalArgumentException e) {
                // reported below, with the values allowed
            }
            if (ident == null || !def.enumValues().contains(ident)) {
                violate(at, "expects one of " + RT.printString(new ArrayList<>(def.enumValues())) + ", found "
                        + describe(value));
            }
        } else if (value instanceof Map<?, ?> nested) {
            map(nested, at, List.of());
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
            violate(at, "lookup ref " + RT.printString(ref) + " names " + attr
                    + ", which is not a unique attribute of the schema");
        } else if (ref.get(1) == null || !def.get().valueType().accepts(ref.get(1))) {
            violate(at, "lookup ref " + RT.printString(ref) + ": " + attr + " expects " + def.get().valueType().ident()
                    + ", found " + describe(ref.get(1)));
        }
    }

    private static boolean isLookupRef(Object value) {
        return value instanceof List<?> list && list.size() == 2
                && (list.get(0) instanceof Keyword || list.get(0) instanceof String s && Kw.isValid(s));
    }

    private void tuple(AttributeDef def, Object value, List<Object> at) {
        if (!(value instanceof List<?> elements)) {
            violate(at, "expects a tuple (a list), found " + describe(value));
            return;
        }
        if (def.tupleType().isPresent()) {
            ValueType type = def.tupleType().get();
            if (elements.size() < ModelBuilder.MIN_TUPLE || elements.size() > ModelBuilder.MAX_TUPLE) {
                violate(at, "expects a tuple of " + ModelBuilder.MIN_TUPLE + " to " + ModelBuilder.MAX_TUPLE + " "
                        + type.ident() + " elements, found " + elements.size());
            }
            for (int i = 0; i < elements.size(); i++) {
                element(type, elements.get(i), append(at, i));
            }
        } else {
            List<ValueType> types = def.tupleTypes();
            if (elements.size() != types.size()) {
                violate(at, "expects a tuple of " + types.size() + " elements "
                        + RT.printString(types.stream().map(ValueType::ident).toList()) + ", found " + elements.size());
                return;
            }
            for (int i = 0; i < elements.size(); i++) {
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

    private void violate(List<Object> path, String message) {
        violations.add(new Violation(path, message));
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(step);
        return longer;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof byte[] bytes ? bytes.length + " bytes" : RT.printString(value);
        String type = value instanceof List<?> ? "list" : value instanceof Set<?> ? "set"
                : value instanceof Map<?, ?> ? "map" : value.getClass().getName();
        return type + " " + (text.length() > 100 ? text.substring(0, 100) + "…" : text);
    }
}
