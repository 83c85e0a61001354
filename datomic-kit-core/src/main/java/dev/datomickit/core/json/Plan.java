package dev.datomickit.core.json;

import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import clojure.lang.PersistentArrayMap;
import clojure.lang.PersistentVector;
import datomic.Database;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.Edn;
import dev.datomickit.core.Kw;
import dev.datomickit.core.SchemaModel;
import dev.datomickit.core.ValueType;
import dev.datomickit.core.json.PatternSpec.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
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
 *
 * <p>Recursion ({@code {:user/friends ...}} or a depth) is not left to Datomic's pull, which builds
 * the whole result before anything can be counted: a recursive field is pulled as
 * {@code {ref [:db/id]}}, and the entities it reaches are read level by level with one
 * {@code pullMany} per sub-pattern and level, counted against a budget before they are read.
 */
final class Plan {

    private static final Keyword DB_ID = PatternSpec.DB_ID;
    private static final Keyword DB_IDENT = Kw.of("db/ident");
    private static final Keyword LIMIT = Kw.of("limit");
    private static final Keyword DEFAULT = Kw.of("default");
    /** Where a recursive value will go once its entity is read. */
    private static final Object PENDING = new Object();
    /** Where a recursive value turned out empty: removed before the result is returned. */
    private static final Object EMPTY = new Object();

    final Object pullPattern;
    final Node root;
    /** Whether some level of the pattern recurses: then {@link #expand} must follow the first pull. */
    final boolean recursive;
    private final Keyword[] factIdents;
    private final List<Optional<SchemaModel.Attribute>> facts;

    private Plan(Node root, boolean recursive, Map<Keyword, Optional<SchemaModel.Attribute>> facts) {
        this.pullPattern = root.pattern;
        this.root = root;
        this.recursive = recursive;
        this.factIdents = facts.keySet().toArray(new Keyword[0]);
        this.facts = List.copyOf(facts.values());
    }

    static Plan compile(Database db, PatternSpec spec, Settings settings) {
        Recording model = new Recording(SchemaModel.of(db));
        Compiler compiler = new Compiler(model, settings);
        Node root = compiler.compile(spec);
        return new Plan(root, compiler.recursive, model.seen);
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
    record Settings(Naming keys, Naming keywordValues, Map<Keyword, Keyword> refIds, int maxDepth,
            int recursionBudget) {}

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
        /** The pull pattern of this level alone, as sent for the entities recursion reaches. */
        Object pattern;
        /** Has a recursive field itself: its entities take part in the path that stops cycles. */
        boolean hasRecursion;
        /** Has a recursive field itself or in a sub-pattern: its maps may lose emptied recursive values. */
        boolean tracked;

        /** Converts one pulled map of a plan without recursion. */
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

        /**
         * Converts one pulled map of a recursive plan, scheduling the entities its recursive fields
         * reach. {@code container} and {@code key} say where the map goes, for pruning.
         */
        Map<String, Object> expand(Map<?, ?> pulled, Expansion expansion, Path parent, Slot via, Object container,
                Object key) {
            Map<String, Object> out = new LinkedHashMap<>(slots.length * 2);
            if (tracked) {
                expansion.track(out, container, key);
            }
            if (pulled == null) {
                return out;
            }
            Path here = parent;
            boolean seen = false;
            if (hasRecursion) {
                Object id = pulled.get(DB_ID);
                seen = parent != null && parent.contains(id);
                here = new Path(id, via, parent);
            }
            for (Slot slot : slots) {
                Object value = pulled.get(slot.resultKey);
                if (value == null) {
                    continue;
                }
                if (slot.kind == Kind.RECURSIVE) {
                    // As Datomic: an entity already on the path, or at the depth bound, is shown without recursing.
                    if (!seen && here.count(slot) < slot.depth) {
                        slot.schedule(value, out, expansion, here);
                    }
                } else if (slot.kind == Kind.NESTED && slot.node.tracked) {
                    slot.expandNested(value, out, expansion, here);
                } else {
                    Object converted = slot.convert(value);
                    if (converted != null) {
                        out.put(slot.outKey, converted);
                    }
                }
            }
            return out;
        }
    }

    private enum Kind { VALUE, NESTED, REDUCED, RECURSIVE }

    /** One field: where its value sits in the pull result, its client key, and how to convert it. */
    static final class Slot {
        final Keyword resultKey;
        final String outKey;
        final Kind kind;
        final Function<Object, Object> values;   // VALUE
        final Node node;                          // NESTED: the sub-pattern; RECURSIVE: the enclosing level
        final Keyword identifying;                // REDUCED: the identifying attribute, or null
        final Function<Object, Object> identifyingValues;
        final Naming keywordValues;
        final int depth;                          // RECURSIVE: the depth bound

        Slot(Keyword resultKey, String outKey, Kind kind, Function<Object, Object> values, Node node,
                Keyword identifying, Function<Object, Object> identifyingValues, Naming keywordValues, int depth) {
            this.resultKey = resultKey;
            this.outKey = outKey;
            this.kind = kind;
            this.values = values;
            this.node = node;
            this.identifying = identifying;
            this.identifyingValues = identifyingValues;
            this.keywordValues = keywordValues;
            this.depth = depth;
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

        /** A sub-pattern with recursion somewhere below: its maps are tracked, and the path goes on through them. */
        void expandNested(Object value, Map<String, Object> out, Expansion expansion, Path path) {
            if (value instanceof List<?> many) {
                List<Object> list = new ArrayList<>(many.size());
                out.put(outKey, list);
                for (Object v : many) {
                    if (v instanceof Map<?, ?> map) {
                        list.add(node.expand(map, expansion, path, null, list, list.size()));
                    } else {
                        Object reduced = reduce(v);
                        if (reduced != null) {
                            list.add(reduced);
                        }
                    }
                }
            } else if (value instanceof Map<?, ?> map) {
                out.put(outKey, node.expand(map, expansion, path, null, out, outKey));
            } else {
                Object reduced = reduce(value);
                if (reduced != null) {
                    out.put(outKey, reduced);
                }
            }
        }

        /** The entities a recursive field reaches: placeholders now, read at the next level. */
        void schedule(Object value, Map<String, Object> out, Expansion expansion, Path path) {
            if (value instanceof List<?> many) {
                List<Object> list = new ArrayList<>(many.size());
                out.put(outKey, list);
                for (Object v : many) {
                    if (v instanceof Map<?, ?> map) {
                        list.add(PENDING);
                        expansion.schedule(map.get(DB_ID), this, path, list, list.size() - 1);
                    } else {
                        Object reduced = reduce(v);
                        if (reduced != null) {
                            list.add(reduced);
                        }
                    }
                }
            } else if (value instanceof Map<?, ?> map) {
                out.put(outKey, PENDING);
                expansion.schedule(map.get(DB_ID), this, path, out, outKey);
            } else {
                Object reduced = reduce(value);
                if (reduced != null) {
                    out.put(outKey, reduced);
                }
            }
        }
    }

    /** The entities of recursive levels from the root to here, each with the recursive field that reached it. */
    record Path(Object id, Slot via, Path parent) {

        boolean contains(Object entityId) {
            for (Path p = this; p != null; p = p.parent) {
                if (p.id.equals(entityId)) {
                    return true;
                }
            }
            return false;
        }

        /** How many times {@code slot} was followed to get here: the depth of this entity under it. */
        int count(Slot slot) {
            int n = 0;
            for (Path p = this; p != null; p = p.parent) {
                if (p.via == slot) {
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * Follows the recursive fields of roots already pulled: level by level, one {@code pullMany}
     * per sub-pattern and level, counting the entities reached from each root against the budget
     * before reading them.
     *
     * @param rootIds the roots as the caller named them, for messages
     * @param pulledRoots what {@link #pullPattern} gave for each root
     * @param source the clientizer's pattern as written, for messages
     */
    List<Map<String, Object>> expand(Database db, List<?> rootIds, List<?> pulledRoots, Settings settings,
            String source) {
        Expansion expansion = new Expansion(rootIds, settings, source);
        List<Map<String, Object>> out = new ArrayList<>(pulledRoots.size());
        for (int i = 0; i < pulledRoots.size(); i++) {
            expansion.currentRoot = i;
            out.add(root.expand((Map<?, ?>) pulledRoots.get(i), expansion, null, null, null, null));
        }
        List<Pending> level = expansion.drain();
        while (!level.isEmpty()) {
            // One pullMany per sub-pattern: each entity once, however many paths reach it.
            Map<Node, LinkedHashMap<Object, Integer>> ids = new IdentityHashMap<>();
            for (Pending pending : level) {
                LinkedHashMap<Object, Integer> forNode = ids.computeIfAbsent(pending.node(), n -> new LinkedHashMap<>());
                forNode.putIfAbsent(pending.id(), forNode.size());
            }
            Map<Node, List<?>> pulled = new IdentityHashMap<>();
            ids.forEach((node, forNode) -> pulled.put(node, db.pullMany(node.pattern, new ArrayList<>(forNode.keySet()))));
            for (Pending pending : level) {
                expansion.currentRoot = pending.root();
                Node node = pending.node();
                Map<?, ?> raw = (Map<?, ?>) pulled.get(node).get(ids.get(node).get(pending.id()));
                Map<String, Object> converted = node.expand(raw, expansion, pending.parent(), pending.via(),
                        pending.container(), pending.key());
                place(pending.container(), pending.key(), converted);
            }
            level = expansion.drain();
        }
        expansion.prune();
        return out;
    }

    /** An entity a recursive field reached, to be read at the next level and put where its placeholder is. */
    private record Pending(Object id, Node node, Path parent, Slot via, Object container, Object key, int root) {}

    /** A map that may hold emptied recursive values, and where it sits. */
    private record Tracked(Map<String, Object> map, Object container, Object key) {}

    /** The state of one recursive apply: what the next level reads, what each root has reached. */
    private static final class Expansion {
        private final List<?> rootIds;
        private final Settings settings;
        private final String source;
        private final int[] reached;
        private final List<Tracked> tracked = new ArrayList<>();
        private List<Pending> next = new ArrayList<>();
        int currentRoot;

        Expansion(List<?> rootIds, Settings settings, String source) {
            this.rootIds = rootIds;
            this.settings = settings;
            this.source = source;
            this.reached = new int[rootIds.size()];
        }

        void track(Map<String, Object> map, Object container, Object key) {
            tracked.add(new Tracked(map, container, key));
        }

        void schedule(Object id, Slot via, Path path, Object container, Object key) {
            int root = currentRoot;
            if (++reached[root] > settings.recursionBudget()) {
                throw new DatomicKitException("Clientizer pattern " + source + " reaches more than "
                        + settings.recursionBudget() + " entities through recursion (" + via.resultKey + ") from entity "
                        + Edn.show(rootIds.get(root)) + ", the budget for one clientized entity; raise it with"
                        + " withRecursionBudget (at most " + Clientizer.MAX_RECURSION_BUDGET + "), or lower the depth"
                        + " (withMaxDepth, now " + settings.maxDepth() + ", or an explicit depth such as {"
                        + via.resultKey + " 2})");
            }
            next.add(new Pending(id, via.node, path, via, container, key, root));
        }

        List<Pending> drain() {
            List<Pending> level = next;
            next = new ArrayList<>();
            return level;
        }

        /**
         * Removes what Datomic's pull leaves out: a map with none of the pattern's attributes, and
         * a list of only such maps. Children were tracked after their parents, so going backwards
         * empties children before their parents are looked at.
         */
        void prune() {
            for (int i = tracked.size() - 1; i >= 0; i--) {
                Tracked t = tracked.get(i);
                compact(t.map());
                if (t.map().isEmpty() && t.container() != null) {
                    place(t.container(), t.key(), EMPTY);
                }
            }
        }

        private static void compact(Map<String, Object> map) {
            for (Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator(); it.hasNext(); ) {
                Object value = it.next().getValue();
                if (value == EMPTY) {
                    it.remove();
                } else if (value instanceof List<?> list && list.removeIf(v -> v == EMPTY) && list.isEmpty()) {
                    it.remove();
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void place(Object container, Object key, Object value) {
        if (container instanceof List<?> list) {
            ((List<Object>) list).set((Integer) key, value);
        } else {
            ((Map<String, Object>) container).put((String) key, value);
        }
    }

    private static final class Compiler {
        private final SchemaModel model;
        private final Settings settings;
        boolean recursive;

        Compiler(SchemaModel model, Settings settings) {
            this.model = model;
            this.settings = settings;
        }

        /** Returns the node for {@code spec}, with its slots and its pull pattern. */
        Node compile(PatternSpec spec) {
            Node node = new Node();
            List<Object> pattern = new ArrayList<>(spec.fields.size() + 1);
            List<Slot> slots = new ArrayList<>(spec.fields.size());
            Map<String, Keyword> keys = new HashMap<>();
            boolean namesId = false;
            for (Field field : spec.fields) {
                String outKey = field.alias != null ? field.alias : settings.keys().apply(field.attribute);
                Keyword other = keys.putIfAbsent(outKey, field.attribute);
                if (other != null) {
                    throw new IllegalArgumentException("Clientizer pattern: " + other + " and " + field.attribute
                            + " would both be shown as \"" + outKey + "\" under " + settings.keys()
                            + "; name one with :as, such as [" + field.attribute + " :as \"…\"], or choose another naming");
                }
                if (field.attribute.equals(DB_ID)) {
                    namesId = true;
                    pattern.add(DB_ID);
                    slots.add(new Slot(DB_ID, outKey, Kind.VALUE, v -> v, null, null, null, null, 0));
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
                    pattern.add(map(attrExpr, PersistentVector.create(DB_ID)));
                    slots.add(new Slot(field.attribute, outKey, Kind.RECURSIVE, null, node, null, null,
                            settings.keywordValues(), depth));
                    node.hasRecursion = true;
                    recursive = true;
                } else if (field.nested != null) {
                    Node nested = compile(field.nested);
                    node.tracked |= nested.tracked;
                    pattern.add(map(attrExpr, nested.pattern));
                    slots.add(new Slot(field.attribute, outKey, Kind.NESTED, null, nested, null, null,
                            settings.keywordValues(), 0));
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
                            settings.keywordValues(), 0));
                } else {
                    pattern.add(attrExpr);
                    slots.add(new Slot(field.attribute, outKey, Kind.VALUE,
                            ClientValues.forType(attribute.valueType(), settings.keywordValues(), field.attribute),
                            null, null, null, null, 0));
                }
            }
            if (node.hasRecursion && !namesId) {
                pattern.add(0, DB_ID); // the path that stops cycles is made of entity ids
            }
            node.tracked |= node.hasRecursion;
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
