package dev.datomickit.schema;

import java.util.function.UnaryOperator;

/**
 * The contents of one entity spec, chained after its declaration:
 * {@code user.entity("validate").requires("email", "time/created")}.
 *
 * <p>A transaction asks Datomic to check an entity against the spec by asserting
 * {@code :db/ensure :user/validate} on it; {@link Schema#validate(java.util.Map)} checks client
 * input the same way.
 */
public final class EntitySpecBuilder {

    private final Drafts.Spec draft;
    private final UnaryOperator<String> qualify;

    EntitySpecBuilder(Drafts.Spec draft, UnaryOperator<String> qualify) {
        this.draft = draft;
        this.qualify = qualify;
    }

    /**
     * Adds required attributes ({@code :db.entity/attrs}). Names are relative to the spec's
     * namespace unless they contain a {@code /}, so a spec may require attributes shared by several
     * kinds of entity, such as {@code "time/created"}.
     *
     * @param attrs the attributes every entity ensuring this spec must have
     * @return this builder
     */
    public EntitySpecBuilder requires(String... attrs) {
        for (String attr : attrs) {
            draft.requiredAttrs.add(qualify.apply(attr));
        }
        return this;
    }

    /**
     * Adds entity predicates ({@code :db.entity/preds}): fully qualified functions of the database
     * and the entity id, called by Datomic when a transaction ensures the spec.
     *
     * @param symbols the functions, such as {@code "my.app.preds/valid-user?"}
     * @return this builder
     */
    public EntitySpecBuilder preds(String... symbols) {
        draft.preds.addAll(java.util.Arrays.asList(symbols));
        return this;
    }

    /**
     * Documents the spec ({@code :db/doc}).
     *
     * @param doc what the spec guarantees
     * @return this builder
     */
    public EntitySpecBuilder doc(String doc) {
        draft.doc = doc;
        return this;
    }
}
