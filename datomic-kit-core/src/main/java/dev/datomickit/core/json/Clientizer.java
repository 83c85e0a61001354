package dev.datomickit.core.json;

import clojure.lang.Keyword;
import datomic.Database;
import datomic.Entity;
import dev.datomickit.core.Edn;
import dev.datomickit.core.Kw;
import dev.datomickit.core.json.PatternSpec.Field;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns entities into client data, the plain maps an HTTP response or a message carries, from a
 * pull pattern.
 *
 * <pre>{@code
 * Clientizer comment = Clientizer.of("[:comment/id :comment/content {:comment/author [:user/id]}]");
 * Map<String, Object> json = comment.apply(entity);
 * // {"id": "5b0a…", "content": "Nice post", "author": {"id": "9c1e…"}}
 * }</pre>
 *
 * <p>What the client sees is exactly what the pattern names, whatever the entity holds: attributes
 * not in the pattern never appear (a password hash next to the email stays on the server), the
 * wildcard {@code *} is refused, and a ref named without a sub-pattern is reduced to an identifier
 * (its ident for enums, else its entity id, or the attribute chosen with {@link #withRefId}), even
 * when it is a component, which Datomic's pull would otherwise return whole.
 *
 * <p>Values are converted for clients: instants to ISO-8601 text ({@code 2024-05-01T12:00:00Z}),
 * keywords and enum idents to strings ({@link #withKeywordValues}), uuids, uris and symbols to
 * strings, bytes to Base64; {@code bigdec} and {@code bigint} stay exact ({@link java.math.BigDecimal},
 * {@link java.math.BigInteger}). Many-valued attributes and tuples become lists. Keys follow
 * {@link #withKeys} unless the pattern names them with {@code :as}. An attribute the entity lacks is
 * left out, as in Datomic's pull.
 *
 * <p>Recursion is bounded in depth and in size, so cyclic and very deep graphs give bounded output
 * for bounded work:
 * <ul>
 *   <li>{@code {:user/friends ...}} stops at the maximum depth ({@value #DEFAULT_MAX_DEPTH} unless
 *       set with {@link #withMaxDepth}, at most {@value #MAX_DEPTH_LIMIT}); an explicit depth
 *       ({@code {:user/friends 2}}) may not exceed it.
 *   <li>An entity already on the path from the clientized entity is shown without recursing
 *       further, as Datomic's pull does.
 *   <li>The entities recursion reaches from one clientized entity, counted once per place they
 *       appear, may not exceed a budget ({@value #DEFAULT_RECURSION_BUDGET} unless set with
 *       {@link #withRecursionBudget}, at most {@value #MAX_RECURSION_BUDGET}). They are counted
 *       before they are read: recursion is followed level by level, one {@code pullMany} per
 *       sub-pattern and level, and an apply that would exceed the budget fails with a
 *       {@link dev.datomickit.core.DatomicKitException} naming the pattern, the budget and how to
 *       raise it or lower the depth; the result is never cut silently. (Nine users who are all
 *       friends, clientized with {@code [:user/email {:user/friends ...}]}, would otherwise give
 *       554,249 maps.)
 * </ul>
 * A pattern without recursion is read with one pull, its size bounded by the pattern itself and by
 * Datomic's {@code :limit} on many-valued attributes (1,000 values unless the pattern says
 * otherwise).
 *
 * <p>The pattern is parsed when the clientizer is made, so syntax errors surface at once: text after
 * the pattern is refused, and so is nesting beyond {@value #MAX_PATTERN_DEPTH} levels of
 * sub-patterns, or {@value dev.datomickit.core.Edn#MAX_DEPTH} levels of EDN in all (text and data
 * alike, checked before the pattern is walked). It is
 * compiled against the attributes of the database it is applied to (and its keys checked for
 * collisions), and the compiled form records what it relied on: each attribute's ident, value type,
 * cardinality and component flag. Applied to another database value, the clientizer checks those
 * facts first (one attribute lookup each; nothing when the value is the very one last checked) and
 * compiles again if one differs, so a renamed and re-created attribute, an altered cardinality, or
 * two forks of one database that define an attribute differently are each read as they are: neither
 * a database id nor a basis t tells schemas apart. The last database checked is held weakly, so a
 * constant clientizer keeps no fork alive.
 * A clientizer is immutable and thread-safe: keep one per kind of entity, as a constant.
 */
public final class Clientizer implements Function<Entity, Map<String, Object>> {

    /**
     * The deepest nesting of sub-patterns a pattern may have: {@code [:a {:b [:c]}]} has two levels.
     * (Recursion such as {@code {:user/friends ...}} is not a level: it is bounded by
     * {@link #withMaxDepth} and {@link #withRecursionBudget}.)
     */
    public static final int MAX_PATTERN_DEPTH = 32;
    /** The recursion depth {@code ...} stands for unless {@link #withMaxDepth} says otherwise. */
    public static final int DEFAULT_MAX_DEPTH = 8;
    /** The largest depth {@link #withMaxDepth} accepts. */
    public static final int MAX_DEPTH_LIMIT = 100;
    /**
     * How many entities recursion may reach from one clientized entity unless
     * {@link #withRecursionBudget} says otherwise.
     */
    public static final int DEFAULT_RECURSION_BUDGET = 10_000;
    /** The largest budget {@link #withRecursionBudget} accepts. */
    public static final int MAX_RECURSION_BUDGET = 1_000_000;

    private static final Keyword DB_ID = PatternSpec.DB_ID;

    private final PatternSpec spec;
    private final String source;
    private final Plan.Settings settings;
    /** The plan last used, and the database value it was last checked against. */
    private volatile Checked checked;

    /**
     * A plan and the database it was last found valid for, held weakly: a constant clientizer must
     * not keep a fork's memory alive. Published as one object, so a thread never pairs a plan with
     * a database another thread checked a different plan against.
     */
    private record Checked(Plan plan, WeakReference<Database> db) {}

    private Clientizer(PatternSpec spec, String source, Plan.Settings settings) {
        this.spec = spec;
        this.source = source;
        this.settings = settings;
        checkDepths(spec);
        for (Keyword ref : settings.refIds().keySet()) {
            checkReducible(ref);
        }
    }

    /**
     * Returns a clientizer for a pull pattern written in EDN.
     *
     * @param pattern the pattern, such as {@code [:comment/id {:comment/author [:user/id]}]}; may use
     *     reverse refs ({@code :comment/_post}), recursion ({@code {:user/friends 2}}) and the
     *     options {@code :as}, {@code :limit} and {@code :default}
     * @return a clientizer with keys in {@link Naming#CAMEL_CASE} and keyword values in
     *     {@link Naming#STRIP_NAMESPACE}
     * @throws IllegalArgumentException if the pattern is malformed, has text after it, nests deeper
     *     than {@value #MAX_PATTERN_DEPTH} levels of sub-patterns or
     *     {@value dev.datomickit.core.Edn#MAX_DEPTH} levels of EDN, uses the wildcard or
     *     {@code :xform}, or names an attribute twice
     */
    public static Clientizer of(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return new Clientizer(PatternSpec.parse(pattern), pattern.strip(), defaults());
    }

    /**
     * Returns a clientizer for a pull pattern given as data, or for a declared list of fields:
     * {@code Clientizer.of(List.of("user/email", "user/name"))}.
     *
     * @param pattern the pattern as a list: attributes as keywords or text, maps from a ref to its
     *     sub-pattern, lists for attributes with options
     * @return a clientizer with the default namings, as {@link #of(String)}
     * @throws IllegalArgumentException on the same conditions as {@link #of(String)}
     */
    public static Clientizer of(List<?> pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return new Clientizer(PatternSpec.parse(pattern), Edn.show(pattern), defaults());
    }

    private static Plan.Settings defaults() {
        return new Plan.Settings(Naming.CAMEL_CASE, Naming.STRIP_NAMESPACE, Map.of(), DEFAULT_MAX_DEPTH,
                DEFAULT_RECURSION_BUDGET);
    }

    /**
     * Returns a copy whose map keys follow {@code naming}. Keys given with {@code :as} are kept as
     * written.
     *
     * @param naming how attribute keywords become keys
     * @return the new clientizer; when it is first applied, two fields of one map that would get
     *     the same key under {@code naming} ({@code :user/id} and {@code :post/id} both become
     *     {@code id}) are refused with an {@link IllegalArgumentException} naming both
     */
    public Clientizer withKeys(Naming naming) {
        Objects.requireNonNull(naming, "naming");
        return new Clientizer(spec, source, new Plan.Settings(naming, settings.keywordValues(), settings.refIds(),
                settings.maxDepth(), settings.recursionBudget()));
    }

    /**
     * Returns a copy that writes keyword values and enum idents under {@code naming}: with
     * {@link Naming#STRIP_NAMESPACE} (the default) {@code :status/published} becomes
     * {@code "published"}, with {@link Naming#KEEP_NAMESPACE} {@code "status/published"}.
     *
     * @param naming how keyword values become strings
     * @return the new clientizer
     */
    public Clientizer withKeywordValues(Naming naming) {
        Objects.requireNonNull(naming, "naming");
        return new Clientizer(spec, source, new Plan.Settings(settings.keys(), naming, settings.refIds(),
                settings.maxDepth(), settings.recursionBudget()));
    }

    /**
     * Returns a copy that reduces the ref {@code refAttribute} to the value of
     * {@code identifyingAttribute} of the entity it points to, instead of its entity id: with
     * {@code withRefId("comment/author", "user/id")}, {@code :comment/author} is shown as the
     * author's {@code :user/id}. A referenced entity without that attribute is left out.
     *
     * @param refAttribute a ref the pattern names without a sub-pattern (forward or reverse), as a
     *     keyword or its text
     * @param identifyingAttribute the attribute that identifies the referenced entities to clients,
     *     typically a {@code :db.unique/identity} uuid
     * @return the new clientizer
     * @throws IllegalArgumentException if the pattern does not name {@code refAttribute} without
     *     a sub-pattern
     */
    public Clientizer withRefId(Object refAttribute, Object identifyingAttribute) {
        Map<Keyword, Keyword> refIds = new HashMap<>(settings.refIds());
        refIds.put(Kw.from(refAttribute), Kw.from(identifyingAttribute));
        return new Clientizer(spec, source, new Plan.Settings(settings.keys(), settings.keywordValues(),
                Collections.unmodifiableMap(refIds), settings.maxDepth(), settings.recursionBudget()));
    }

    /**
     * Returns a copy whose recursion {@code ...} stops at {@code maxDepth} levels.
     *
     * @param maxDepth the depth bound, from 1 to {@value #MAX_DEPTH_LIMIT}
     * @return the new clientizer
     * @throws IllegalArgumentException if {@code maxDepth} is out of range, or the pattern asks for
     *     a deeper explicit recursion
     */
    public Clientizer withMaxDepth(int maxDepth) {
        if (maxDepth < 1 || maxDepth > MAX_DEPTH_LIMIT) {
            throw new IllegalArgumentException("Maximum recursion depth " + maxDepth + " is out of range; expected 1 to "
                    + MAX_DEPTH_LIMIT);
        }
        return new Clientizer(spec, source, new Plan.Settings(settings.keys(), settings.keywordValues(),
                settings.refIds(), maxDepth, settings.recursionBudget()));
    }

    /**
     * Returns a copy whose recursion may reach at most {@code entities} entities from each
     * clientized entity: the entities read through {@code ...} or a recursion depth, counted once
     * per place they appear in the result. The entities are counted before they are read, so the
     * work of one apply is bounded as well as its result.
     *
     * @param entities the budget, from 1 to {@value #MAX_RECURSION_BUDGET}; the default is
     *     {@value #DEFAULT_RECURSION_BUDGET}
     * @return the new clientizer; when it is applied, an entity from which recursion would reach more
     *     entities fails with a {@link dev.datomickit.core.DatomicKitException} naming the pattern and
     *     the budget (the result is never cut silently)
     * @throws IllegalArgumentException if {@code entities} is out of range
     */
    public Clientizer withRecursionBudget(int entities) {
        if (entities < 1 || entities > MAX_RECURSION_BUDGET) {
            throw new IllegalArgumentException("Recursion budget " + entities + " is out of range; expected 1 to "
                    + MAX_RECURSION_BUDGET + " entities per clientized entity");
        }
        return new Clientizer(spec, source, new Plan.Settings(settings.keys(), settings.keywordValues(),
                settings.refIds(), settings.maxDepth(), entities));
    }

    /**
     * Clientizes one entity, reading the database value it belongs to.
     *
     * @param entity the entity
     * @return a new mutable map the caller owns, in pattern order; empty if the entity has none of
     *     the pattern's attributes
     * @throws IllegalArgumentException if the pattern names an attribute the entity's database
     *     does not have, navigates an attribute that is not a ref, or gives two fields of one map
     *     the same key
     * @throws dev.datomickit.core.DatomicKitException if recursion would reach more entities from one
     *     clientized entity than the budget ({@link #withRecursionBudget})
     */
    @Override
    public Map<String, Object> apply(Entity entity) {
        Objects.requireNonNull(entity, "entity");
        return apply(entity.db(), entity.get(DB_ID));
    }

    /**
     * Clientizes the entity {@code entityId} of {@code db}.
     *
     * @param db the database value to read
     * @param entityId an entity id, lookup ref or ident
     * @return a new mutable map the caller owns; empty if no entity with the pattern's attributes
     *     is found
     * @throws IllegalArgumentException if the pattern does not fit the database's attributes
     * @throws dev.datomickit.core.DatomicKitException if recursion would reach more entities from one
     *     clientized entity than the budget ({@link #withRecursionBudget})
     */
    public Map<String, Object> apply(Database db, Object entityId) {
        Plan current = planFor(db);
        Map<?, ?> pulled = db.pull(current.pullPattern, entityId);
        if (!current.recursive) {
            return current.root.convert(pulled);
        }
        return current.expand(db, Collections.singletonList(entityId), Collections.singletonList(pulled), settings,
                source).get(0);
    }

    /**
     * Clientizes many entities at once, in order, with one {@code pullMany} per database value.
     *
     * @param entities the entities
     * @return one map per entity, in the same order
     * @throws IllegalArgumentException if the pattern does not fit the entities' database
     * @throws dev.datomickit.core.DatomicKitException if recursion would reach more entities from one
     *     clientized entity than the budget ({@link #withRecursionBudget})
     */
    public List<Map<String, Object>> applyAll(Collection<? extends Entity> entities) {
        if (entities.isEmpty()) {
            return new ArrayList<>();
        }
        Database db = entities.iterator().next().db();
        List<Object> ids = new ArrayList<>(entities.size());
        for (Entity entity : entities) {
            if (entity.db() != db) {
                // Entities from several database values: each is read from its own.
                List<Map<String, Object>> out = new ArrayList<>(entities.size());
                for (Entity e : entities) {
                    out.add(apply(e));
                }
                return out;
            }
            ids.add(entity.get(DB_ID));
        }
        return applyAll(db, ids);
    }

    /**
     * Clientizes the entities {@code entityIds} of {@code db}, in order, with one {@code pullMany}.
     *
     * @param db the database value to read
     * @param entityIds entity ids, lookup refs or idents
     * @return one map per id, in the same order; empty maps for ids without the pattern's attributes
     * @throws IllegalArgumentException if the pattern does not fit the database's attributes
     * @throws dev.datomickit.core.DatomicKitException if recursion would reach more entities from one
     *     clientized entity than the budget ({@link #withRecursionBudget})
     */
    public List<Map<String, Object>> applyAll(Database db, Collection<?> entityIds) {
        Plan current = planFor(db);
        List<Object> ids = new ArrayList<>(entityIds);
        List<Map> pulled = db.pullMany(current.pullPattern, ids);
        if (current.recursive) {
            return current.expand(db, ids, pulled, settings, source);
        }
        List<Map<String, Object>> out = new ArrayList<>(pulled.size());
        for (Map<?, ?> map : pulled) {
            out.add(current.root.convert(map));
        }
        return out;
    }

    /**
     * Returns the pull pattern as written, and the pattern sent to Datomic once compiled.
     *
     * @return a description for logs
     */
    @Override
    public String toString() {
        Checked current = checked;
        return "Clientizer" + source + (current == null ? "" : " pulling " + current.plan());
    }

    /**
     * The plan for {@code db}: the last one, if {@code db} is the very database value it was last
     * checked against, or if every attribute it was compiled from is still the same in {@code db};
     * else a new one compiled against {@code db}. Neither a database id nor a basis t would do:
     * forks of one database share both, and a schema change keeps the id.
     */
    private Plan planFor(Database db) {
        Objects.requireNonNull(db, "db");
        Checked current = checked;
        if (current != null && current.db().get() == db) {
            return current.plan();
        }
        Plan plan = current != null && current.plan().holdsFor(db) ? current.plan() : Plan.compile(db, spec, settings);
        checked = new Checked(plan, new WeakReference<>(db));
        return plan;
    }

    private void checkDepths(PatternSpec pattern) {
        for (Field field : pattern.fields) {
            if (field.recursion > settings.maxDepth()) {
                throw new IllegalArgumentException("Clientizer pattern " + source + " recurses " + field.recursion
                        + " levels into " + field.attribute + ", more than the bound of " + settings.maxDepth()
                        + "; raise it with withMaxDepth (at most " + MAX_DEPTH_LIMIT + ") or use ...");
            }
            if (field.nested != null) {
                checkDepths(field.nested);
            }
        }
    }

    private void checkReducible(Keyword ref) {
        List<Field> matches = new ArrayList<>();
        collect(spec, ref, matches);
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("withRefId(" + ref + ", …): clientizer pattern " + source
                    + " does not name " + ref);
        }
        for (Field field : matches) {
            if (field.nested != null || field.recursion != 0) {
                throw new IllegalArgumentException("withRefId(" + ref + ", …): clientizer pattern " + source
                        + " gives " + ref + " a sub-pattern; a ref is either nested or reduced to an identifier");
            }
        }
    }

    private static void collect(PatternSpec pattern, Keyword ref, List<Field> into) {
        for (Field field : pattern.fields) {
            if (field.attribute.equals(ref)) {
                into.add(field);
            }
            if (field.nested != null) {
                collect(field.nested, ref, into);
            }
        }
    }
}
