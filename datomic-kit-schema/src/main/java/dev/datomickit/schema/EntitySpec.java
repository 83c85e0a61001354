package dev.datomickit.schema;

import clojure.lang.Keyword;
import clojure.lang.Symbol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An entity spec of a {@link Schema}: an ident that transactions name with {@code :db/ensure} to
 * require attributes ({@code :db.entity/attrs}) and run entity predicates ({@code :db.entity/preds}).
 *
 * <pre>{@code
 * EntitySpec spec = schema.entitySpec("user/validate").orElseThrow();
 * spec.requiredAttrs(); // [:time/created, :user/email]
 * }</pre>
 *
 * <p>Several specs may require the same attribute: that is how one attribute, such as
 * {@code :time/created}, is shared by several kinds of entity. Immutable and equal by value.
 */
public final class EntitySpec {

    private final Keyword ident;
    private final List<Keyword> requiredAttrs;
    private final List<Symbol> preds;
    private final String doc;

    EntitySpec(Keyword ident, List<Keyword> requiredAttrs, List<Symbol> preds, String doc) {
        this.ident = Objects.requireNonNull(ident);
        this.requiredAttrs = requiredAttrs.stream().sorted(Idents.ORDER).distinct().toList();
        this.preds = preds.stream().sorted(Idents.SYMBOL_ORDER).distinct().toList();
        this.doc = doc;
    }

    /**
     * Returns the spec's ident, named by {@code :db/ensure} in transactions.
     *
     * @return the ident, such as {@code :user/validate}
     */
    public Keyword ident() {
        return ident;
    }

    /**
     * Returns the attributes an entity must have ({@code :db.entity/attrs}).
     *
     * @return the required attributes, sorted; empty if the spec only has predicates
     */
    public List<Keyword> requiredAttrs() {
        return requiredAttrs;
    }

    /**
     * Returns the entity predicates ({@code :db.entity/preds}), fully qualified functions of
     * {@code db} and entity id that Datomic calls when a transaction ensures the spec.
     *
     * @return the predicate symbols, sorted; empty if none
     */
    public List<Symbol> preds() {
        return preds;
    }

    /**
     * Returns the spec's documentation.
     *
     * @return the documentation, or empty if none was given
     */
    public Optional<String> doc() {
        return Optional.ofNullable(doc);
    }

    Map<Keyword, Object> toMap() {
        Map<Keyword, Object> map = new LinkedHashMap<>();
        map.put(Idents.DB_IDENT, ident);
        if (!requiredAttrs.isEmpty()) {
            map.put(Idents.ENTITY_ATTRS, requiredAttrs);
        }
        if (!preds.isEmpty()) {
            map.put(Idents.ENTITY_PREDS, preds);
        }
        if (doc != null) {
            map.put(Idents.DOC, doc);
        }
        return map;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EntitySpec that && ident.equals(that.ident) && requiredAttrs.equals(that.requiredAttrs)
                && preds.equals(that.preds) && Objects.equals(doc, that.doc);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ident, requiredAttrs, preds, doc);
    }

    /**
     * Returns the spec as its EDN definition, as written by {@link Schema#toEdn()}.
     *
     * @return the EDN map, on one line
     */
    @Override
    public String toString() {
        return Edn.write(toMap());
    }
}
