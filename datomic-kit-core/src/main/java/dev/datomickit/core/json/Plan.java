package dev.datomickit.core.json;

import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import clojure.lang.PersistentArrayMap;
import clojure.lang.PersistentVector;
import datomic.Database;
import dev.datomickit.core.Edn;
import dev.datomickit.core.Kw;
import dev.datomickit.core.SchemaModel;
import dev.datomickit.core.ValueType;
import dev.datomickit.core.json.PatternSpec.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A clientizer's pattern compiled against one database's schema: the pull pattern actually sent to
 * Datomic, how each value of its result becomes client data, and the schema facts it relied on.
 *
 * <p>The pattern sent is rewritten so that Datomic itself never returns more than the clientizer
 * shows: a ref named without a sub-pattern is pulled as {@code {ref [:db/id :db/ident]}} (a
 * component would otherwise be pulled whole), and {@code :as} is applied here rather than by
 * Datomic.
 *
 * <p>A plan is only valid for a database whose attributes are as they were when it was compiled:
 * the converters are chosen by value type, and a string attribute renamed and re-created as a
 * component ref would otherwise pass a whole entity through. {@link #holdsFor} checks every
 * attribute the plan looked up (its ident, value type, cardinality and component flag) against a
 * database, before the plan is used there.
 */
final class Plan {

    private static final Keyword DB_ID = PatternSpec.DB_ID;
    private static final Keyword DB_IDENT = Kw.of("db/ident");
    private static final Keyword LIMIT = Kw.of("limit");
    private static final Keyword DEFAULT = Kw.of("default");

    final Object pullPattern;
    final Node root;
    private final Keyword[] factIdents;
    private final List<Optional<SchemaModel.Attribute>> facts;

    private Plan(Node root, Map<Keyword, Optional<SchemaModel.Attribute>> facts) {
        this.pullPattern = root.pattern;
        this.root = root;
        this.factIdents = facts.keySet().toArray(new Keyword[0]);
        this.facts = List.copyOf(facts.values());
    }

    static Plan compile(Database db, PatternSpec spec, Settings settings) {
        Recording model = new Recording(SchemaModel.of(db));
        Compiler compiler = new Compiler(model, settings);
        Node root = compiler.compile(spec);
        return new Plan(root, model.seen);
    }

    /**
     * Whether every attribute this plan was compiled from is the same in {@code db}: same ident,
     * value type, cardinality and component flag. One {@code db.attribute} lookup per attribute.
     */
    boolean holdsFor(Database db) {
        SchemaModel model = SchemaModel.of(db);
        for (int i = 0; i < factIdents.length; i++) {
            if (!model.lookup(factIdents[i]).equals(facts.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The clientizer's options that shape compilation and conversion. */
    record Settings(Naming keys, Naming keywordValues, Map<Keyword, Keyword> refIds, int maxDepth) {}

    /** A schema model that remembers what it was asked and answered: the facts a plan relies on. */
    private static final class Recording implements SchemaModel {
        private final SchemaModel model;
        final Map<Keyword, Optional<SchemaModel.Attribute>> seen = new LinkedHashMap<>();

        Recording(SchemaModel model) {
            this.model = model;
        }

        @Override
        public Optional<SchemaModel.Attribute> lookup(Keyword ident) {
            return seen.computeIfAbsent(ident, model::lookup);
        }

        @Override
        public String toString() {
            return model.toString();
        }
    }

    /** The fields of one level of the pattern. */
    static final class Node {
        Slot[] slots;
        /** The pull pattern of this level. */
        Object pattern;

        Map<String, Object> convert(Map<?, ?> pulled) {
            Map<String, Object> out = new LinkedHashMap<>(slots.length * 2);
            if (pulled == null) {
                return out;
            }
            for (Slot slot : slots) {
                Object value = pulled.get(slot.resultKey);
                if (value != null) {
                    Object converted = slot.convert(value);
                    if (converted != null) {
                        out.put(slot.outKey, converted);
                    }
                }
            }
            return out;
        }
    }

    private enum Kind { VALUE, NESTED, REDUCED }

    /** One field: where its value sits in the pull result, its client key, and how to convert it. */
    static final class Slot {
        final Keyword resultKey;
        final String outKey;
        final Kind kind;
        final Function<Object, Object> values;   // VALUE
        final Node node;                          // NESTED (the enclosing node for recursion)
        final Keyword identifying;                // REDUCED: the identifying attribute, or null
        final Function<Object, Object> identifyingValues;
        final Naming keywordValues;

        Slot(Keyword resultKey, String outKey, Kind kind, Function<Object, Object> values, Node node,
                Keyword identifying, Function<Object, Object> identifyingValues, Naming keywordValues) {
            this.resultKey = resultKey;
            this.outKey = outKey;
            this.kind = kind;
            this.values = values;
            this.node = node;
            this.identifying = identifying;
            this.identifyingValues = identifyingValues;
            this.keywordValues = keywordValues;
        }

        Object convert(Object value) {
            if (kind == Kind.VALUE) {
                if (value instanceof Collection<?> many && !(value instanceof Map<?, ?>)) {
                    List<Object> out = new ArrayList<>(many.size());
                    for (Object v : many) {
                        out.add(values.apply(v));
                    }
                    return out;
                }
                return values.apply(value);
            }
            if (value instanceof List<?> many) {
                List<Object> out = new ArrayList<>(many.size());
                for (Object v : many) {
                    Object converted = one(v);
                    if (converted != null) {
                        out.add(converted);
                    }
                }
                return out;
            }
            return one(value);
        }

        private Object one(Object value) {
            if (kind == Kind.NESTED) {
                return value instanceof Map<?, ?> map ? node.convert(map) : reduce(value);
            }
            return reduce(value);
        }

        /** A ref as its identifying attribute, its ident (enums) or its entity id. */
        private Object reduce(Object value) {
            if (value instanceof Map<?, ?> map) {
                if (identifying != null) {
                    Object id = map.get(identifying);
                    return id == null ? null : identifyingValues.apply(id);
                }
                Object ident = map.get(DB_IDENT);
                return ident instanceof Keyword keyword ? keywordValues.apply(keyword) : map.get(DB_ID);
            }
            // A :default value stands in for a missing ref.
            return ClientValues.convert(value, keywordValues, resultKey);
        }
    }

    private static final class Compiler {
        private final SchemaModel model;
        private final Settings settings;

        Compiler(SchemaModel model, Settings settings) {
            this.model = model;
            this.settings = settings;
        }

        /** Returns the node for {@code spec}, with its slots and its pull pattern. */
        Node compile(PatternSpec spec) {
            Node node = new Node();
            List<Object> pattern = new ArrayList<>(spec.fields.size());
            List<Slot> slots = new ArrayList<>(spec.fields.size());
            Map<String, Keyword> keys = new HashMap<>();
            for (Field field : spec.fields) {
                String outKey = field.alias != null ? field.alias : settings.keys().apply(field.attribute);
                Keyword other = keys.putIfAbsent(outKey, field.attribute);
                if (other != null) {
                    throw new IllegalArgumentException("Clientizer pattern: " + other + " and " + field.attribute
                            + " would both be shown as \"" + outKey + "\" under " + settings.keys()
                            + "; name one with :as, such as [" + field.attribute + " :as \"…\"], or choose another naming");
                }
                if (field.attribute.equals(DB_ID)) {
                    pattern.add(DB_ID);
                    slots.add(new Slot(DB_ID, outKey, Kind.VALUE, v -> v, null, null, null, null));
                    continue;
                }
                SchemaModel.Attribute attribute = attribute(field.forward, field);
                boolean ref = attribute.valueType() == ValueType.REF;
                if (!ref && (field.reverse || field.nested != null || field.recursion != 0)) {
                    throw new IllegalArgumentException("Clientizer pattern: " + field.attribute + " "
                            + (field.reverse ? "is the reverse of " + attribute : "has a sub-pattern, but " + attribute)
                            + " is not a ref; only refs can be navigated");
                }
                Object attrExpr = attributeExpression(field);
                if (field.recursion != 0) {
                    int depth = field.recursion == PatternSpec.UNBOUNDED ? settings.maxDepth() : field.recursion;
                    pattern.add(map(attrExpr, (long) depth));
                    slots.add(new Slot(field.attribute, outKey, Kind.NESTED, null, node, null, null,
                            settings.keywordValues()));
                } else if (field.nested != null) {
                    Node nested = compile(field.nested);
                    pattern.add(map(attrExpr, nested.pattern));
                    slots.add(new Slot(field.attribute, outKey, Kind.NESTED, null, nested, null, null,
                            settings.keywordValues()));
                } else if (ref) {
                    Keyword identifying = settings.refIds().get(field.attribute);
                    Function<Object, Object> identifyingValues = null;
                    Object sub;
                    if (identifying != null) {
                        SchemaModel.Attribute id = attribute(identifying, field);
                        if (id.valueType() == ValueType.REF) {
                            throw new IllegalArgumentException("withRefId(" + field.attribute + ", " + identifying
                                    + "): " + id + " is a ref, which identifies nothing to a client; choose a scalar"
                                    + " attribute such as a :db.unique/identity uuid");
                        }
                        identifyingValues = ClientValues.forType(id.valueType(), settings.keywordValues(), identifying);
                        sub = PersistentVector.create(identifying);
                    } else {
                        sub = PersistentVector.create(DB_ID, DB_IDENT);
                    }
                    pattern.add(map(attrExpr, sub));
                    slots.add(new Slot(field.attribute, outKey, Kind.REDUCED, null, null, identifying, identifyingValues,
                            settings.keywordValues()));
                } else {
                    pattern.add(attrExpr);
                    slots.add(new Slot(field.attribute, outKey, Kind.VALUE,
                            ClientValues.forType(attribute.valueType(), settings.keywordValues(), field.attribute),
                            null, null, null, null));
                }
            }
            node.slots = slots.toArray(new Slot[0]);
            node.pattern = PersistentVector.create(pattern);
            return node;
        }

        private SchemaModel.Attribute attribute(Keyword ident, Field field) {
            return model.lookup(ident).orElseThrow(() -> new IllegalArgumentException("Clientizer pattern names "
                    + field.attribute + (ident.equals(field.attribute) ? "" : " (via " + ident + ")")
                    + ", but " + ident + " is not an attribute of " + model));
        }

        /** The attribute with its pull options; {@code :as} is applied by the clientizer, not sent. */
        private static Object attributeExpression(Field field) {
            if (!field.hasOptions()) {
                return field.attribute;
            }
            List<Object> expr = new ArrayList<>();
            expr.add(field.attribute);
            if (field.limit != PatternSpec.UNSET) {
                expr.add(LIMIT);
                expr.add(field.limit);
            }
            if (field.defaultValue != PatternSpec.UNSET) {
                expr.add(DEFAULT);
                expr.add(field.defaultValue);
            }
            return PersistentVector.create(expr);
        }

        private static IPersistentMap map(Object key, Object value) {
            return PersistentArrayMap.EMPTY.assoc(key, value);
        }
    }

    @Override
    public String toString() {
        return Edn.show(pullPattern);
    }
}
