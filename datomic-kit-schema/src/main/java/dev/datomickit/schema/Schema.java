package dev.datomickit.schema;

import clojure.lang.Keyword;
import datomic.Connection;
import datomic.Database;
import dev.datomickit.core.Kw;
import dev.datomickit.core.SchemaModel;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The schema model of an application: declared once in Java, everything else derived from it.
 *
 * <pre>{@code
 * Schema schema = Schema.builder()
 *         .namespace("user", user -> {
 *             user.attr("email", STRING).identity().doc("Login, lower case");
 *             user.attr("name", STRING).fulltext();
 *             user.enumeration("status", "active", "suspended");
 *         })
 *         .build();
 *
 * schema.ensure(conn);                       // installs only what the database lacks, in one transaction
 * schema.validate(Map.of("user/email", 42L)); // [[:user/email] expects :db.type/string, found integer 42]
 * }</pre>
 *
 * <p>A schema holds attributes ({@link AttributeDef}), plain idents (enum values) and entity specs
 * ({@link EntitySpec}). From it derive: {@link #txData() transaction data}, {@link #toEdn() EDN text}
 * and back ({@link #fromEdn}), the model of a live database ({@link #read}), a {@link #diff diff}
 * against a database and the {@link #ensure installation} of that diff, {@link #validate validation}
 * of client input, {@link #toMarkdown() documentation} and {@link #generator generated data}.
 *
 * <p>Immutable, thread-safe and equal by value: reading back what was installed gives an equal
 * schema, and a schema can key caches (it is a {@link TxSource}). It is also a core
 * {@link SchemaModel}, so typed views can be checked against the schema an application is about to
 * install: {@code ViewType.of(UserView.class, schema)}.
 */
public final class Schema implements TxSource, SchemaModel {

    /**
     * The deepest nesting of maps and collections {@link #validate(Map)} checks: the entity map is
     * level 1, a nested entity map or a collection of values inside it level 2, and so on. A client
     * entity nests a few levels; deeper input is reported as one violation naming its path.
     */
    public static final int MAX_VALIDATION_DEPTH = 32;

    /**
     * The most values (map entries and collection elements, at every level) {@link #validate(Map)}
     * checks in one entity map; a larger one is reported as one violation and not checked further.
     */
    public static final int MAX_VALIDATION_VALUES = 10_000;

    private final SortedMap<Keyword, AttributeDef> attributes;
    private final Set<Keyword> idents;
    private final SortedMap<Keyword, EntitySpec> specs;
    private final List<Map<Keyword, Object>> txData;

    Schema(SortedMap<Keyword, AttributeDef> attributes, Set<Keyword> idents, SortedMap<Keyword, EntitySpec> specs) {
        TreeMap<Keyword, AttributeDef> a = new TreeMap<>(Idents.ORDER);
        a.putAll(attributes);
        TreeMap<Keyword, EntitySpec> s = new TreeMap<>(Idents.ORDER);
        s.putAll(specs);
        this.attributes = Collections.unmodifiableSortedMap(a);
        this.idents = Idents.sortedSet(idents);
        this.specs = Collections.unmodifiableSortedMap(s);
        this.txData = statements();
    }

    /**
     * Starts declaring a schema.
     *
     * @return a new builder
     */
    public static SchemaBuilder builder() {
        return new SchemaBuilder();
    }

    /**
     * Builds the model of a database's schema: every attribute, plain ident and entity spec outside
     * Datomic's own namespaces. Transaction functions and partitions are not part of the model and
     * are left out.
     *
     * <p>Reading a database where a schema was installed gives back a schema equal to it.
     *
     * @param db the database value to read
     * @return the database's schema model
     * @throws SchemaException if the database holds something the model cannot represent, such as
     *     an attribute without a namespace, naming each one
     */
    public static Schema read(Database db) {
        return SchemaReader.read(db);
    }

    /**
     * Parses schema EDN: a vector of attribute, ident and entity spec maps, as written by
     * {@link #toEdn()} or by hand. {@code :db/id} and {@code :db.install/_attribute} are accepted and
     * ignored; tagged literals such as {@code #db/fn} and {@code #db/id} are not.
     *
     * @param edn the EDN text
     * @return the schema, equal to the one that wrote the text
     * @throws SchemaException if the text is not valid EDN, holds a statement the model does not
     *     know, or describes an invalid schema; every problem is listed
     */
    public static Schema fromEdn(String edn) {
        Objects.requireNonNull(edn, "edn");
        return Edn.parse(edn).build("Invalid schema EDN");
    }

    /**
     * Returns the attributes, sorted by namespace and name.
     *
     * @return the attributes
     */
    public List<AttributeDef> attributes() {
        return List.copyOf(attributes.values());
    }

    /**
     * Returns the attribute named {@code ident}.
     *
     * @param ident the attribute, as a keyword or its text ({@code "user/email"})
     * @return the attribute, or empty if the schema has no such attribute
     * @throws IllegalArgumentException if {@code ident} is malformed
     */
    public Optional<AttributeDef> attribute(Object ident) {
        return Optional.ofNullable(attributes.get(Kw.from(ident)));
    }

    /**
     * Looks an attribute up as core's {@link SchemaModel} sees it: value type, cardinality and
     * component flag. {@link #attribute(Object)} gives the full definition.
     *
     * @param ident the attribute's ident, such as {@code :user/email}
     * @return the attribute, or empty if this schema does not declare it
     */
    @Override
    public Optional<SchemaModel.Attribute> lookup(Keyword ident) {
        return Optional.ofNullable(attributes.get(ident))
                .map(a -> new SchemaModel.Attribute(a.ident(), a.valueType(), a.isMany(), a.isComponent()));
    }

    /**
     * Returns the plain idents: enum values and other named entities, sorted.
     *
     * @return the idents
     */
    public Set<Keyword> idents() {
        return idents;
    }

    /**
     * Returns the entity specs, sorted by ident.
     *
     * @return the entity specs
     */
    public List<EntitySpec> entitySpecs() {
        return List.copyOf(specs.values());
    }

    /**
     * Returns the entity spec named {@code ident}.
     *
     * @param ident the spec, as a keyword or its text ({@code "user/validate"})
     * @return the spec, or empty if the schema has no such spec
     * @throws IllegalArgumentException if {@code ident} is malformed
     */
    public Optional<EntitySpec> entitySpec(Object ident) {
        return Optional.ofNullable(specs.get(Kw.from(ident)));
    }

    /**
     * Returns the transaction data that installs the whole schema in one transaction: one map per
     * attribute, ident and entity spec, grouped by namespace. Namespaces and statements are in
     * alphabetical order, except that a composite tuple comes after the attributes it combines
     * (Datomic refuses it before them), and a namespace with a composite of another namespace's
     * attributes after that namespace. Transacting it again is harmless but still adds a
     * transaction; {@link #ensure(Connection)} transacts only what is missing.
     *
     * @return the statements, as accepted by {@code Connection.transact}
     */
    @Override
    public List<Map<Keyword, Object>> txData() {
        return txData;
    }

    /**
     * Returns the canonical EDN text of the schema: the statements of {@link #txData()}, one per
     * line, grouped by namespace under a comment. Teams that keep a static schema file can commit
     * it; {@link #fromEdn(String)} reads it back into an equal schema.
     *
     * @return the EDN text
     */
    public String toEdn() {
        return Edn.write(this, txData);
    }

    /**
     * Compares the schema with a database: what is new, which alterations Datomic allows, and which
     * changes it forbids, each with a reason. Reads the database only.
     *
     * @param db the database value to compare with
     * @return the differences
     */
    public SchemaDiff diff(Database db) {
        return Differ.diff(this, db);
    }

    /**
     * Makes the database match the schema: transacts only what it lacks (new attributes, idents
     * and specs, allowed alterations), in one transaction. A database that is already up to date
     * gets no transaction at all. Several peers may ensure the same schema at once: each succeeds.
     *
     * @param connection the connection to the database
     * @return the differences that were found and, unless there were none, the transaction that
     *     closed them ({@link SchemaDiff#transaction()})
     * @throws SchemaException if a change is forbidden (a new value type, a fulltext flag, a unique
     *     constraint that existing values violate, …), listing each with its reason; nothing is written
     * @throws SchemaException also if Datomic refuses the transaction, for example because another
     *     writer added colliding values meanwhile: each problem names the attribute Datomic's error
     *     is about (or, if it names none, the idents the transaction changed), and the cause is the
     *     {@link TransactionException}; nothing is written
     */
    public SchemaDiff ensure(Connection connection) {
        SchemaDiff diff = diff(connection.db());
        if (!diff.forbidden().isEmpty()) {
            throw new SchemaException("Cannot install the schema (database basis t " + diff.basisT()
                    + "); nothing was written", diff.forbidden().stream().map(SchemaDiff.Change::toString).toList());
        }
        if (diff.isUpToDate()) {
            return diff;
        }
        try {
            return diff.appliedBy(Tx.transact(connection, diff.txData()));
        } catch (TransactionException e) {
            throw refused(diff, e, connection.db());
        }
    }

    /** The most idents a refused install lists when Datomic's error names none of them. */
    private static final int MAX_NAMED = 10;

    /**
     * Datomic refused a schema transaction: names the attributes its error is about. A composite
     * is named when the error quotes its {@code :db/tupleAttrs}; other idents of the transaction
     * when the error mentions them; all of them (at most {@value #MAX_NAMED}) when it mentions none.
     */
    private SchemaException refused(SchemaDiff diff, TransactionException e, Database db) {
        ErrorIdents mentioned = ErrorIdents.of(e.data(), db);
        List<Keyword> changed = diff.changes().stream().map(SchemaDiff.Change::ident).distinct().toList();
        String reason = "Datomic refused the schema transaction: " + e.getMessage();
        List<String> problems = new ArrayList<>();
        List<Keyword> explained = new ArrayList<>();
        for (Keyword ident : changed) {
            AttributeDef a = attributes.get(ident);
            if (a != null && a.isComposite() && mentioned.tupleAttrs().contains(a.tupleAttrs())) {
                problems.add(ident + ": Datomic refused its :db/tupleAttrs " + dev.datomickit.core.Edn.show(a.tupleAttrs())
                        + "; each attribute a composite combines must be installed before it, cardinality one. "
                        + reason);
                explained.addAll(a.tupleAttrs());
            }
        }
        for (Keyword ident : changed) {
            if (mentioned.keywords().contains(ident) && !explained.contains(ident)
                    && problems.stream().noneMatch(p -> p.startsWith(ident + ": "))) {
                problems.add(ident + ": " + reason);
            }
        }
        if (problems.isEmpty()) {
            String idents = String.join(" ", changed.stream().limit(MAX_NAMED).map(Keyword::toString).toList())
                    + (changed.size() > MAX_NAMED ? " and " + (changed.size() - MAX_NAMED) + " more" : "");
            problems.add("one of " + idents + ": " + reason);
        }
        return new SchemaException("Cannot install the schema (database basis t " + diff.basisT()
                + "); nothing was written", problems, e);
    }

    /**
     * Checks an entity map, as a client would send it, against the schema: unknown attributes,
     * values of the wrong type, a single value where a collection is expected or the reverse, enum
     * values outside the enum, composite tuples sent by hand, and the required attributes of the
     * entity specs named by {@code :db/ensure}. Nested maps (components, new referenced entities)
     * are checked too.
     *
     * <p>Keys may be keywords or their text ({@code "user/email"}); enum values may be keywords or
     * their text ({@code "user.status/active"}). Messages name values by their EDN type
     * ({@code found integer 42}), quoted in at most {@value dev.datomickit.core.Edn#MAX_SHOWN}
     * characters.
     *
     * <p>Bounded, so hostile input is safe to pass: the walk follows the schema (a value of the
     * wrong type is quoted, never walked), descends at most {@value #MAX_VALIDATION_DEPTH} levels of
     * maps and collections and looks at most at {@value #MAX_VALIDATION_VALUES} map entries and
     * collection elements. Input past either bound gets one violation, at the path where the walk
     * stopped, naming the bound; nothing after it is checked. It never throws for any input.
     *
     * @param entity the entity map
     * @return every violation, each with the path of the attribute involved; empty if the map is valid
     */
    public List<Violation> validate(Map<?, ?> entity) {
        return EntityChecker.check(this, entity, List.of());
    }

    /**
     * Checks an entity map like {@link #validate(Map)}, and also against an entity spec, as if the
     * map asserted {@code :db/ensure} with it.
     *
     * @param entity the entity map
     * @param entitySpec the spec whose required attributes the map must have, as a keyword or its text
     * @return every violation; empty if the map is valid (bounded like {@link #validate(Map)})
     * @throws IllegalArgumentException if the schema has no such entity spec
     */
    public List<Violation> validate(Map<?, ?> entity, Object entitySpec) {
        EntitySpec spec = entitySpec(entitySpec).orElseThrow(() -> new IllegalArgumentException(
                "No entity spec " + Kw.from(entitySpec) + " in this schema; its entity specs are "
                        + specs.keySet()));
        return EntityChecker.check(this, entity, List.of(spec));
    }

    /**
     * Returns a Markdown reference of the schema: a table per namespace (type, cardinality,
     * uniqueness, flags, documentation, deprecation), enum values and entity specs.
     * {@code Schema.read(db).toMarkdown()} documents a live database.
     *
     * @return the Markdown text
     */
    public String toMarkdown() {
        return Markdown.write(this);
    }

    /**
     * Returns a generator of random entity data valid for this schema. The same seed gives the same
     * data, so a failing property test can be replayed.
     *
     * @param seed the random seed
     * @return a new generator
     */
    public Generator generator(long seed) {
        return new Generator(this, seed);
    }

    /** The namespaces of the attributes, sorted. */
    List<String> namespaces() {
        return attributes.keySet().stream().map(Keyword::getNamespace).distinct().sorted().toList();
    }

    /**
     * The attributes in the order {@link #txData()} installs them: composites after their parts
     * ({@link InstallOrder}).
     */
    List<AttributeDef> attributesInInstallOrder() {
        List<AttributeDef> ordered = new ArrayList<>();
        for (Map<Keyword, Object> statement : txData) {
            AttributeDef a = attributes.get((Keyword) statement.get(Idents.DB_IDENT));
            if (a != null) {
                ordered.add(a);
            }
        }
        return ordered;
    }

    private List<Map<Keyword, Object>> statements() {
        record Entry(Keyword ident, int kind, Map<Keyword, Object> map, List<Keyword> needs) {}
        List<Entry> entries = new ArrayList<>();
        attributes.values().forEach(a -> entries.add(new Entry(a.ident(), 0, a.toMap(), a.tupleAttrs())));
        idents.forEach(i -> entries.add(new Entry(i, 1, Map.of(Idents.DB_IDENT, i), List.of())));
        specs.values().forEach(s -> entries.add(new Entry(s.ident(), 2, s.toMap(), List.of())));
        entries.sort(Comparator.comparing((Entry e) -> e.ident().getNamespace())
                .thenComparingInt(Entry::kind).thenComparing(e -> e.ident().getName()));
        List<InstallOrder.Item<Map<Keyword, Object>>> items = entries.stream()
                .map(e -> new InstallOrder.Item<>(e.ident(), e.needs(), e.map())).toList();
        return InstallOrder.sort(items).stream().map(InstallOrder.Item::value)
                .map(Collections::unmodifiableMap).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Schema that && attributes.equals(that.attributes) && idents.equals(that.idents)
                && specs.equals(that.specs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attributes, idents, specs);
    }

    /**
     * Summarises the schema for logs: how many attributes, idents and entity specs it has.
     *
     * @return a one-line summary
     */
    @Override
    public String toString() {
        return "Schema{" + attributes.size() + " attributes, " + idents.size() + " idents, " + specs.size()
                + " entity specs}";
    }
}
