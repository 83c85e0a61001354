package dev.datomickit.schema;

import clojure.lang.Keyword;
import clojure.lang.RT;
import clojure.lang.Symbol;
import dev.datomickit.core.ValueType;
import dev.datomickit.schema.AttributeDef.Cardinality;
import dev.datomickit.schema.AttributeDef.Unique;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes schema statements as EDN text, and reads schema statements (from EDN text or from a
 * database's attribute entities) into drafts.
 */
final class Edn {

    private static final Set<Keyword> ATTRIBUTE_KEYS = Set.of(Idents.DB_ID, Idents.DB_IDENT, Idents.VALUE_TYPE,
            Idents.CARDINALITY, Idents.UNIQUE, Idents.INDEX, Idents.IS_COMPONENT, Idents.FULLTEXT, Idents.NO_HISTORY,
            Idents.DOC, Idents.TUPLE_ATTRS, Idents.TUPLE_TYPE, Idents.TUPLE_TYPES, Idents.ATTR_PREDS,
            Idents.INSTALL_ATTRIBUTE);
    private static final Set<Keyword> SPEC_KEYS = Set.of(Idents.DB_ID, Idents.DB_IDENT, Idents.ENTITY_ATTRS,
            Idents.ENTITY_PREDS, Idents.DOC);
    private static final Set<Keyword> IDENT_KEYS = Set.of(Idents.DB_ID, Idents.DB_IDENT);

    private Edn() {}

    // ---------------------------------------------------------------- writing

    /** EDN text of keywords, symbols, strings, booleans, lists and maps; maps keep their order. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<?, ?> e = entries.next();
                write(e.getKey(), out);
                out.append(' ');
                write(e.getValue(), out);
                if (entries.hasNext()) {
                    out.append(", ");
                }
            }
            out.append('}');
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            Iterator<?> it = items.iterator();
            while (it.hasNext()) {
                write(it.next(), out);
                if (it.hasNext()) {
                    out.append(' ');
                }
            }
            out.append(']');
        } else if (value instanceof String text) {
            out.append(RT.printString(text));
        } else {
            out.append(value);
        }
    }

    /** The canonical text of a schema: its statements in order, one per line, grouped by namespace. */
    static String write(Schema schema, List<Map<Keyword, Object>> statements) {
        StringBuilder out = new StringBuilder();
        out.append(";; datomic-kit schema: ").append(count(schema.attributes().size(), "attribute")).append(", ")
                .append(count(schema.idents().size(), "ident")).append(", ")
                .append(count(schema.entitySpecs().size(), "entity spec")).append(".\n")
                .append(";; Transact it as one transaction, or read it with Schema.fromEdn.\n[");
        String namespace = null;
        for (Map<Keyword, Object> statement : statements) {
            String ns = ((Keyword) statement.get(Idents.DB_IDENT)).getNamespace();
            if (!ns.equals(namespace)) {
                out.append(namespace == null ? "" : "\n").append("\n ;; ").append(ns);
                namespace = ns;
            }
            out.append("\n ").append(write(statement));
        }
        return out.append("\n]\n").toString();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads EDN schema text into drafts; statements of unknown shape are recorded as problems.
     * The text is read by core's bounded reader: one form, at most {@value dev.datomickit.core.Edn#MAX_DEPTH}
     * levels deep, nothing after it. Schema statements are flat maps, so the depth bound is never
     * near what a schema needs.
     *
     * @throws SchemaException if the text is not one EDN vector
     */
    static ModelBuilder parse(String text) {
        ModelBuilder model = new ModelBuilder();
        Object data;
        try {
            data = dev.datomickit.core.Edn.read(text, "schema EDN");
        } catch (IllegalArgumentException e) {
            throw new SchemaException("Cannot read schema EDN", List.of(e.getMessage()), e);
        }
        if (!(data instanceof List<?> statements)) {
            throw new SchemaException("Cannot read schema EDN", List.of("expected a vector of maps, found "
                    + (data == null ? "nil" : dev.datomickit.core.Edn.describe(data))));
        }
        int position = 0;
        for (Object statement : statements) {
            String source = "EDN statement " + position++;
            if (statement instanceof Map<?, ?> map) {
                read(map, source, model);
            } else {
                model.problems.add(source + ": " + show(statement) + " is not a map; schema EDN holds"
                        + " one map per attribute, ident or entity spec");
            }
        }
        return model;
    }

    /**
     * Reads one schema map ({@code {:db/ident … :db/valueType …}}) into the model's drafts. Used for
     * EDN statements and for the attribute entities of a database, so both are read alike.
     */
    static void read(Map<?, ?> map, String source, ModelBuilder model) {
        Object identValue = map.get(Idents.DB_IDENT);
        if (!(identValue instanceof Keyword ident)) {
            model.problems.add(source + ": " + (identValue == null ? "no :db/ident" : ":db/ident "
                    + show(identValue) + " is not a keyword") + " in " + show(map));
            return;
        }
        String name = ident.toString().substring(1);
        String where = ident + " (" + source + ")";
        if (map.containsKey(Idents.FN)) {
            model.problems.add(where + ": transaction functions (:db/fn) are not part of the schema model;"
                    + " install them separately");
        } else if (map.containsKey(Idents.VALUE_TYPE) || map.containsKey(Idents.CARDINALITY)) {
            int before = model.problems.size();
            checkKeys(map, ATTRIBUTE_KEYS, where, "an attribute", model);
            Drafts.Attribute attribute = attribute(map, name, source, where, model);
            attribute.unreadable = model.problems.size() > before;
            model.attributes.add(attribute);
        } else if (map.containsKey(Idents.ENTITY_ATTRS) || map.containsKey(Idents.ENTITY_PREDS)) {
            int before = model.problems.size();
            checkKeys(map, SPEC_KEYS, where, "an entity spec", model);
            Drafts.Spec spec = new Drafts.Spec(name, source);
            keywords(map.get(Idents.ENTITY_ATTRS), Idents.ENTITY_ATTRS, where, model)
                    .forEach(k -> spec.requiredAttrs.add(k.toString().substring(1)));
            symbols(map.get(Idents.ENTITY_PREDS), Idents.ENTITY_PREDS, where, model, spec.preds);
            spec.doc = string(map.get(Idents.DOC), Idents.DOC, where, model);
            spec.unreadable = model.problems.size() > before;
            model.specs.add(spec);
        } else {
            checkKeys(map, IDENT_KEYS, where, "a plain ident", model);
            model.idents.add(new Drafts.Ident(name, source));
        }
    }

    private static Drafts.Attribute attribute(Map<?, ?> map, String name, String source, String where,
            ModelBuilder model) {
        Drafts.Attribute d = new Drafts.Attribute(name, source);
        Object type = map.get(Idents.VALUE_TYPE);
        if (type != null) {
            d.type = valueType(type, Idents.VALUE_TYPE, where, model);
        }
        Object cardinality = map.get(Idents.CARDINALITY);
        if (cardinality == null) {
            model.problems.add(where + ": no :db/cardinality; every attribute needs one");
        } else {
            try {
                d.cardinality = Cardinality.of(cardinality);
            } catch (IllegalArgumentException e) {
                model.problems.add(where + ": :db/cardinality " + show(cardinality)
                        + " is not :db.cardinality/one or :db.cardinality/many");
            }
        }
        Object unique = map.get(Idents.UNIQUE);
        if (unique != null) {
            try {
                d.unique = Unique.of(unique);
            } catch (IllegalArgumentException e) {
                model.problems.add(where + ": :db/unique " + show(unique)
                        + " is not :db.unique/identity or :db.unique/value");
            }
        }
        d.index = bool(map.get(Idents.INDEX), Idents.INDEX, where, model);
        d.component = bool(map.get(Idents.IS_COMPONENT), Idents.IS_COMPONENT, where, model);
        d.fulltext = bool(map.get(Idents.FULLTEXT), Idents.FULLTEXT, where, model);
        d.noHistory = bool(map.get(Idents.NO_HISTORY), Idents.NO_HISTORY, where, model);
        String doc = string(map.get(Idents.DOC), Idents.DOC, where, model);
        if (doc != null && doc.startsWith(AttributeDef.DEPRECATED_PREFIX)) {
            int newline = doc.indexOf('\n');
            d.deprecation = doc.substring(AttributeDef.DEPRECATED_PREFIX.length(), newline < 0 ? doc.length() : newline);
            d.doc = newline < 0 ? null : doc.substring(newline + 1);
        } else {
            d.doc = doc;
        }
        if (map.containsKey(Idents.TUPLE_ATTRS)) {
            d.composite = true;
            keywords(map.get(Idents.TUPLE_ATTRS), Idents.TUPLE_ATTRS, where, model)
                    .forEach(k -> d.tupleAttrs.add(k.toString().substring(1)));
        }
        if (map.containsKey(Idents.TUPLE_TYPE)) {
            d.tupleType = valueType(map.get(Idents.TUPLE_TYPE), Idents.TUPLE_TYPE, where, model);
        }
        if (map.containsKey(Idents.TUPLE_TYPES)) {
            d.heterogeneous = true;
            for (Keyword k : keywords(map.get(Idents.TUPLE_TYPES), Idents.TUPLE_TYPES, where, model)) {
                d.tupleTypes.add(valueType(k, Idents.TUPLE_TYPES, where, model));
            }
        }
        symbols(map.get(Idents.ATTR_PREDS), Idents.ATTR_PREDS, where, model, d.preds);
        return d;
    }

    private static void checkKeys(Map<?, ?> map, Set<Keyword> allowed, String where, String what, ModelBuilder model) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(key)) {
                model.problems.add(where + ": " + show(key) + " is not part of " + what
                        + " in the schema model");
            }
        }
    }

    private static ValueType valueType(Object value, Keyword key, String where, ModelBuilder model) {
        if (value instanceof Keyword k && "db.type".equals(k.getNamespace())) {
            try {
                return ValueType.of(k);
            } catch (IllegalArgumentException e) {
                model.problems.add(where + ": " + key + " " + e.getMessage());
                return null;
            }
        }
        model.problems.add(where + ": " + key + " " + show(value) + " is not a value type such as :db.type/string");
        return null;
    }

    private static boolean bool(Object value, Keyword key, String where, ModelBuilder model) {
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        model.problems.add(where + ": " + key + " " + show(value) + " is not true or false");
        return false;
    }

    private static String string(Object value, Keyword key, String where, ModelBuilder model) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        model.problems.add(where + ": " + key + " " + show(value) + " is not a string");
        return null;
    }

    private static List<Keyword> keywords(Object value, Keyword key, String where, ModelBuilder model) {
        if (value == null) {
            return List.of();
        }
        Collection<?> items = value instanceof Collection<?> c ? c : List.of(value);
        List<Keyword> keywords = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof Keyword k) {
                keywords.add(k);
            } else {
                model.problems.add(where + ": " + key + " holds " + show(item) + ", not a keyword");
            }
        }
        return keywords;
    }

    private static void symbols(Object value, Keyword key, String where, ModelBuilder model, List<String> into) {
        if (value == null) {
            return;
        }
        Collection<?> items = value instanceof Collection<?> c ? c : List.of(value);
        for (Object item : items) {
            if (item instanceof Symbol s) {
                into.add(s.toString());
            } else {
                model.problems.add(where + ": " + key + " holds " + show(item) + ", not a symbol");
            }
        }
    }

    /** Quotes a value read from EDN or a database for a problem: bounded, however large the value. */
    private static String show(Object value) {
        return dev.datomickit.core.Edn.show(value);
    }
}
