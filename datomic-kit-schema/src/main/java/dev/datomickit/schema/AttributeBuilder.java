package dev.datomickit.schema;

import dev.datomickit.schema.AttributeDef.Cardinality;
import dev.datomickit.schema.AttributeDef.Unique;
import java.util.Arrays;

/**
 * The optional properties of one attribute, chained after its declaration:
 * {@code user.attr("email", STRING).identity().doc("Login, lower case")}.
 *
 * <p>Every property defaults to Datomic's default (cardinality one, not unique, not indexed, …).
 * Combinations Datomic refuses are reported by {@link SchemaBuilder#build()}, with the others.
 */
public final class AttributeBuilder {

    private final Drafts.Attribute draft;

    AttributeBuilder(Drafts.Attribute draft) {
        this.draft = draft;
    }

    /**
     * Makes the attribute {@code :db.cardinality/many}: an entity holds a set of values.
     *
     * @return this builder
     */
    public AttributeBuilder many() {
        draft.cardinality = Cardinality.MANY;
        return this;
    }

    /**
     * Makes the attribute {@code :db.unique/identity}: a value names one entity, and a transaction
     * that holds it upserts into that entity. Unique attributes are always indexed.
     *
     * @return this builder
     */
    public AttributeBuilder identity() {
        return unique(Unique.IDENTITY);
    }

    /**
     * Makes the attribute {@code :db.unique/value}: a value names one entity, and asserting it on
     * another entity fails. Unique attributes are always indexed.
     *
     * @return this builder
     */
    public AttributeBuilder uniqueValue() {
        return unique(Unique.VALUE);
    }

    /**
     * Sets {@code :db/index true}: Datomic keeps an AVET index of the values, for range queries and
     * lookups by value.
     *
     * @return this builder
     */
    public AttributeBuilder index() {
        draft.index = true;
        return this;
    }

    /**
     * Makes a ref attribute {@code :db/isComponent}: the referenced entities belong to this one,
     * are retracted with it and are pulled with it.
     *
     * @return this builder
     */
    public AttributeBuilder component() {
        draft.component = true;
        return this;
    }

    /**
     * Gives a string attribute a {@code :db/fulltext} index, searched with the {@code fulltext}
     * query function. It cannot be added or removed once the attribute is installed.
     *
     * @return this builder
     */
    public AttributeBuilder fulltext() {
        draft.fulltext = true;
        return this;
    }

    /**
     * Sets {@code :db/noHistory true}: Datomic keeps only the current values, for high-churn data
     * such as counters or last-seen times.
     *
     * @return this builder
     */
    public AttributeBuilder noHistory() {
        draft.noHistory = true;
        return this;
    }

    /**
     * Documents the attribute ({@code :db/doc}).
     *
     * @param doc what the attribute means, for readers of the schema
     * @return this builder
     */
    public AttributeBuilder doc(String doc) {
        draft.doc = doc;
        return this;
    }

    /**
     * Marks the attribute deprecated: it stays installed (Datomic attributes are never removed) but
     * should no longer be written. The note is stored as the first line of {@code :db/doc},
     * {@code DEPRECATED: <note>}, so it is visible wherever the schema is read.
     *
     * @param note one line saying what to use instead, such as {@code "use :user/name"}
     * @return this builder
     */
    public AttributeBuilder deprecated(String note) {
        draft.deprecation = note;
        return this;
    }

    /**
     * Adds attribute predicates ({@code :db.attr/preds}): fully qualified functions of one value
     * that Datomic calls on every assertion; the transaction fails when one returns false. They must
     * be on the classpath of the transactor and of every peer that uses {@code with}.
     *
     * @param symbols the functions, such as {@code "my.app.preds/email?"}
     * @return this builder
     */
    public AttributeBuilder preds(String... symbols) {
        draft.preds.addAll(Arrays.asList(symbols));
        return this;
    }

    private AttributeBuilder unique(Unique unique) {
        if (draft.unique != null && draft.unique != unique) {
            draft.problems.add("both " + draft.unique.ident() + " and " + unique.ident()
                    + " given; an attribute has one kind of uniqueness");
        }
        draft.unique = unique;
        return this;
    }
}
