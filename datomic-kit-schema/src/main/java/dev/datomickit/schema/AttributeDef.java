package dev.datomickit.schema;

import clojure.lang.Keyword;
import clojure.lang.Symbol;
import dev.datomickit.core.Kw;
import dev.datomickit.core.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One attribute of a {@link Schema}: its ident, value type, cardinality and every other property
 * Datomic stores for it, plus the model's own facts (deprecation, enum values).
 *
 * <pre>{@code
 * AttributeDef email = schema.attribute("user/email").orElseThrow();
 * email.valueType();    // ValueType.STRING
 * email.cardinality();  // Cardinality.ONE
 * email.unique();       // Optional[IDENTITY]
 * }</pre>
 *
 * <p>Immutable and equal by value. Instances come from a {@link Schema}; they are never built
 * directly, so every instance satisfies the model's rules.
 */
public final class AttributeDef {

    /** Prefix of a {@code :db/doc} that marks an attribute deprecated; the note runs to the end of the line. */
    static final String DEPRECATED_PREFIX = "DEPRECATED: ";

    /** {@code :db/cardinality}: how many values an entity may hold for the attribute. */
    public enum Cardinality {
        /** {@code :db.cardinality/one}: at most one value; asserting another replaces it. */
        ONE("one"),
        /** {@code :db.cardinality/many}: a set of values. */
        MANY("many");

        private final Keyword ident;

        Cardinality(String name) {
            this.ident = Kw.of("db.cardinality", name);
        }

        /**
         * Returns Datomic's ident for this cardinality.
         *
         * @return {@code :db.cardinality/one} or {@code :db.cardinality/many}
         */
        public Keyword ident() {
            return ident;
        }

        static Cardinality of(Object ident) {
            for (Cardinality c : values()) {
                if (c.ident.equals(ident)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("Unknown cardinality " + ident);
        }
    }

    /** {@code :db/unique}: how a value identifies its entity. */
    public enum Unique {
        /** {@code :db.unique/identity}: a value names one entity; a transaction holding it upserts. */
        IDENTITY("identity"),
        /** {@code :db.unique/value}: a value names one entity; asserting it on another entity fails. */
        VALUE("value");

        private final Keyword ident;

        Unique(String name) {
            this.ident = Kw.of("db.unique", name);
        }

        /**
         * Returns Datomic's ident for this kind of uniqueness.
         *
         * @return {@code :db.unique/identity} or {@code :db.unique/value}
         */
        public Keyword ident() {
            return ident;
        }

        static Unique of(Object ident) {
            for (Unique u : values()) {
                if (u.ident.equals(ident)) {
                    return u;
                }
            }
            throw new IllegalArgumentException("Unknown uniqueness " + ident);
        }
    }

    private final Keyword ident;
    private final ValueType valueType;
    private final Cardinality cardinality;
    private final Unique unique;
    private final boolean index;
    private final boolean component;
    private final boolean fulltext;
    private final boolean noHistory;
    private final String doc;
    private final String deprecation;
    private final List<Keyword> tupleAttrs;
    private final ValueType tupleType;
    private final List<ValueType> tupleTypes;
    private final List<Symbol> preds;
    private final Set<Keyword> enumValues;

    AttributeDef(Keyword ident, ValueType valueType, Cardinality cardinality, Unique unique, boolean index,
            boolean component, boolean fulltext, boolean noHistory, String doc, String deprecation,
            List<Keyword> tupleAttrs, ValueType tupleType, List<ValueType> tupleTypes, List<Symbol> preds,
            Set<Keyword> enumValues) {
        this.ident = Objects.requireNonNull(ident);
        this.valueType = Objects.requireNonNull(valueType);
        this.cardinality = Objects.requireNonNull(cardinality);
        this.unique = unique;
        // Datomic keeps an AVET index for every unique attribute, whatever :db/index says.
        this.index = index || unique != null;
        this.component = component;
        this.fulltext = fulltext;
        this.noHistory = noHistory;
        this.doc = doc;
        this.deprecation = deprecation;
        this.tupleAttrs = List.copyOf(tupleAttrs);
        this.tupleType = tupleType;
        this.tupleTypes = List.copyOf(tupleTypes);
        this.preds = preds.stream().sorted(Idents.SYMBOL_ORDER).distinct().toList();
        this.enumValues = Idents.sortedSet(enumValues);
    }

    /** The same attribute with the enum values the whole schema defines for it. */
    AttributeDef withEnumValues(Set<Keyword> values) {
        return new AttributeDef(ident, valueType, cardinality, unique, index, component, fulltext, noHistory, doc,
                deprecation, tupleAttrs, tupleType, tupleTypes, preds, values);
    }

    /**
     * Returns the attribute's ident.
     *
     * @return the ident, such as {@code :user/email}
     */
    public Keyword ident() {
        return ident;
    }

    /**
     * Returns the attribute's {@code :db/valueType}.
     *
     * @return the value type
     */
    public ValueType valueType() {
        return valueType;
    }

    /**
     * Returns the attribute's {@code :db/cardinality}.
     *
     * @return {@link Cardinality#ONE} or {@link Cardinality#MANY}
     */
    public Cardinality cardinality() {
        return cardinality;
    }

    /**
     * Tells whether the attribute is cardinality many.
     *
     * @return {@code true} for {@code :db.cardinality/many}
     */
    public boolean isMany() {
        return cardinality == Cardinality.MANY;
    }

    /**
     * Returns the attribute's {@code :db/unique}.
     *
     * @return the kind of uniqueness, or empty if values need not be unique
     */
    public Optional<Unique> unique() {
        return Optional.ofNullable(unique);
    }

    /**
     * Tells whether Datomic keeps an AVET index of the attribute: {@code :db/index true}, or a unique
     * attribute (Datomic indexes those whatever {@code :db/index} says, so the model records them as indexed).
     *
     * @return {@code true} if the attribute's values are indexed
     */
    public boolean isIndexed() {
        return index;
    }

    /**
     * Tells whether the attribute is {@code :db/isComponent}: the referenced entities belong to the
     * referencing one and are retracted with it.
     *
     * @return {@code true} for a component ref
     */
    public boolean isComponent() {
        return component;
    }

    /**
     * Tells whether the attribute has a {@code :db/fulltext} index.
     *
     * @return {@code true} if fulltext indexed
     */
    public boolean isFulltext() {
        return fulltext;
    }

    /**
     * Tells whether the attribute is {@code :db/noHistory}: Datomic keeps only its current values.
     *
     * @return {@code true} if no history is kept
     */
    public boolean isNoHistory() {
        return noHistory;
    }

    /**
     * Returns the attribute's documentation, without the deprecation line.
     *
     * @return the documentation, or empty if none was given
     */
    public Optional<String> doc() {
        return Optional.ofNullable(doc);
    }

    /**
     * Returns the deprecation note, such as {@code "use :user/name"}.
     *
     * <p>Stored as the first line of {@code :db/doc}, prefixed with {@code DEPRECATED: }, so that the
     * marker travels with the attribute in every transaction and is visible in any Datomic tool.
     *
     * @return the note, or empty if the attribute is not deprecated
     */
    public Optional<String> deprecation() {
        return Optional.ofNullable(deprecation);
    }

    /**
     * Tells whether the attribute is deprecated.
     *
     * @return {@code true} if a deprecation note was given
     */
    public boolean isDeprecated() {
        return deprecation != null;
    }

    /**
     * Returns the constituents of a composite tuple ({@code :db/tupleAttrs}), in order.
     *
     * @return the attributes Datomic combines into this tuple; empty if the attribute is not a composite
     */
    public List<Keyword> tupleAttrs() {
        return tupleAttrs;
    }

    /**
     * Returns the element type of a homogeneous tuple ({@code :db/tupleType}).
     *
     * @return the element type, or empty if the attribute is not a homogeneous tuple
     */
    public Optional<ValueType> tupleType() {
        return Optional.ofNullable(tupleType);
    }

    /**
     * Returns the element types of a heterogeneous tuple ({@code :db/tupleTypes}), in order.
     *
     * @return the types; empty if the attribute is not a heterogeneous tuple
     */
    public List<ValueType> tupleTypes() {
        return tupleTypes;
    }

    /**
     * Tells whether the attribute is a composite tuple, whose value Datomic derives from its
     * constituents ({@link #tupleAttrs()}).
     *
     * @return {@code true} for a composite tuple
     */
    public boolean isComposite() {
        return !tupleAttrs.isEmpty();
    }

    /**
     * Returns the attribute predicates ({@code :db.attr/preds}) Datomic calls on every asserted value.
     *
     * @return the predicate symbols, sorted; empty if none
     */
    public List<Symbol> preds() {
        return preds;
    }

    /**
     * Returns the idents this ref attribute takes as values: the plain idents of the schema in the
     * namespace {@code <attribute namespace>.<attribute name>} (for {@code :user/status},
     * {@code :user.status/active} and so on).
     *
     * @return the enum values, sorted; empty if the attribute is not an enum
     */
    public Set<Keyword> enumValues() {
        return enumValues;
    }

    /**
     * Tells whether the attribute is an enum: a ref whose values are the idents of {@link #enumValues()}.
     *
     * @return {@code true} for an enum attribute
     */
    public boolean isEnum() {
        return !enumValues.isEmpty();
    }

    /** The {@code :db/doc} Datomic stores: the deprecation line, if any, then the documentation. */
    String storedDoc() {
        if (deprecation == null) {
            return doc;
        }
        return DEPRECATED_PREFIX + deprecation + (doc == null ? "" : "\n" + doc);
    }

    /** The attribute's definition as transaction data: a map accepted by {@code Connection.transact}. */
    Map<Keyword, Object> toMap() {
        Map<Keyword, Object> map = new LinkedHashMap<>();
        map.put(Idents.DB_IDENT, ident);
        map.put(Idents.VALUE_TYPE, valueType.ident());
        map.put(Idents.CARDINALITY, cardinality.ident());
        if (unique != null) {
            map.put(Idents.UNIQUE, unique.ident());
        }
        if (index) {
            map.put(Idents.INDEX, true);
        }
        if (component) {
            map.put(Idents.IS_COMPONENT, true);
        }
        if (fulltext) {
            map.put(Idents.FULLTEXT, true);
        }
        if (noHistory) {
            map.put(Idents.NO_HISTORY, true);
        }
        if (!tupleAttrs.isEmpty()) {
            map.put(Idents.TUPLE_ATTRS, tupleAttrs);
        }
        if (tupleType != null) {
            map.put(Idents.TUPLE_TYPE, tupleType.ident());
        }
        if (!tupleTypes.isEmpty()) {
            map.put(Idents.TUPLE_TYPES, tupleTypes.stream().map(ValueType::ident).toList());
        }
        if (!preds.isEmpty()) {
            map.put(Idents.ATTR_PREDS, preds);
        }
        String stored = storedDoc();
        if (stored != null) {
            map.put(Idents.DOC, stored);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Short names of the boolean properties that are set, for docs and messages. */
    List<String> flags() {
        List<String> flags = new ArrayList<>();
        if (index && unique == null) {
            flags.add("index");
        }
        if (component) {
            flags.add("component");
        }
        if (fulltext) {
            flags.add("fulltext");
        }
        if (noHistory) {
            flags.add("noHistory");
        }
        return flags;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AttributeDef that
                && ident.equals(that.ident) && valueType == that.valueType && cardinality == that.cardinality
                && unique == that.unique && index == that.index && component == that.component
                && fulltext == that.fulltext && noHistory == that.noHistory && Objects.equals(doc, that.doc)
                && Objects.equals(deprecation, that.deprecation) && tupleAttrs.equals(that.tupleAttrs)
                && tupleType == that.tupleType && tupleTypes.equals(that.tupleTypes) && preds.equals(that.preds)
                && enumValues.equals(that.enumValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ident, valueType, cardinality, unique, index, component, fulltext, noHistory, doc,
                deprecation, tupleAttrs, tupleType, tupleTypes, preds, enumValues);
    }

    /**
     * Returns the attribute as its EDN definition, as written by {@link Schema#toEdn()}.
     *
     * @return the EDN map, on one line
     */
    @Override
    public String toString() {
        return Edn.write(toMap());
    }
}
