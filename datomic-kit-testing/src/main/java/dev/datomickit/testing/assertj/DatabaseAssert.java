package dev.datomickit.testing.assertj;

import clojure.lang.Keyword;
import datomic.Database;
import datomic.Datom;
import datomic.Entity;
import datomic.Peer;
import dev.datomickit.core.Entities;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractCollectionAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;

/**
 * Assertions on a database value: entities found by a unique attribute, and query results.
 *
 * <pre>{@code
 * assertThat(db).hasEntity("user/email", "alice@example.com")
 *         .hasNoEntity("user/email", "mallory@example.com");
 * assertThat(db).entity("user/email", "alice@example.com").has("user/name", "Alice");
 * assertThat(db).query("[:find ?name :where [_ :user/name ?name]]")
 *         .containsExactlyInAnyOrder(List.of("Alice"), List.of("Bob"));
 * }</pre>
 */
public final class DatabaseAssert extends AbstractAssert<DatabaseAssert, Database> {

    private static final int SHOWN_VALUES = 10;

    DatabaseAssert(Database actual) {
        super(actual, DatabaseAssert.class);
    }

    /**
     * Verifies that an entity holds {@code value} in the unique attribute {@code attribute}.
     *
     * @param attribute a {@code :db/unique} attribute, as a keyword or its text
     * @param value the value looked up
     * @return this assertion
     * @throws IllegalArgumentException if the attribute does not exist or is not unique, or the
     *     value does not fit its type
     */
    public DatabaseAssert hasEntity(Object attribute, Object value) {
        entity(attribute, value);
        return this;
    }

    /**
     * Verifies that no entity holds {@code value} in the unique attribute {@code attribute}. A failure
     * shows the entity that does.
     *
     * @param attribute a {@code :db/unique} attribute, as a keyword or its text
     * @param value the value looked up
     * @return this assertion
     * @throws IllegalArgumentException if the attribute does not exist or is not unique
     */
    public DatabaseAssert hasNoEntity(Object attribute, Object value) {
        isNotNull();
        Optional<Entity> found = Entities.find(actual, attribute, value);
        if (found.isPresent()) {
            failWithMessage("%s", "Expected no entity with " + Entities.attribute(actual, attribute).ident() + " "
                    + Edn.show(value) + " but found " + Edn.entity(found.get()));
        }
        return this;
    }

    /**
     * Verifies that an entity holds {@code value} in the unique attribute {@code attribute}, and
     * returns assertions on it. A failure lists some of the values the attribute does hold.
     *
     * @param attribute a {@code :db/unique} attribute, as a keyword or its text
     * @param value the value looked up
     * @return assertions on the entity found
     * @throws IllegalArgumentException if the attribute does not exist or is not unique
     */
    public EntityAssert entity(Object attribute, Object value) {
        isNotNull();
        Optional<Entity> found = Entities.find(actual, attribute, value);
        if (found.isEmpty()) {
            Keyword ident = (Keyword) Entities.attribute(actual, attribute).ident();
            failWithMessage("%s", "Expected an entity with " + ident + " " + Edn.show(value) + " but there is none; "
                    + someValues(ident));
        }
        return new EntityAssert(found.get());
    }

    /**
     * Verifies that the entity named by {@code id} exists (has at least one attribute), and returns
     * assertions on it.
     *
     * @param id an entity id, an ident keyword or a lookup ref
     * @return assertions on the entity
     */
    public EntityAssert entity(Object id) {
        isNotNull();
        Long eid = Refs.entityId(actual, id, null);
        Entity entity = eid == null ? null : actual.entity(eid);
        if (entity == null || entity.keySet().isEmpty()) {
            failWithMessage("%s", "Expected entity " + Edn.show(id) + " to exist but "
                    + (eid == null ? "it names no entity" : "entity " + eid + " has no attributes")
                    + " (basis t " + actual.basisT() + ")");
        }
        return new EntityAssert(entity);
    }

    /**
     * Runs a query whose find spec is a relation ({@code [:find ?a ?b …]}) against this database and
     * returns assertions on its rows, each a list of the found values.
     *
     * @param query the query, as EDN text or data
     * @param inputs the inputs after the database ({@code $}), in {@code :in} order
     * @return assertions on the set of rows
     */
    @SuppressWarnings("unchecked")
    public AbstractCollectionAssert<?, Collection<? extends List<Object>>, List<Object>, ObjectAssert<List<Object>>> query(
            Object query, Object... inputs) {
        isNotNull();
        Object result = run(query, inputs);
        if (!(result instanceof Collection<?> rows) || !rows.stream().allMatch(List.class::isInstance)) {
            failWithMessage("%s", "Query " + Edn.show(query) + " returned " + Edn.show(result)
                    + ", not a set of rows; use queryValue(…) for a scalar, collection or tuple find spec");
        }
        return Assertions.assertThat((Collection<List<Object>>) result).as("rows of %s", Edn.show(query));
    }

    /**
     * Runs a query whose find spec is a scalar ({@code ?x .}), a collection ({@code [?x ...]}) or a
     * tuple ({@code [?x ?y]}) and returns assertions on its result.
     *
     * @param query the query, as EDN text or data
     * @param inputs the inputs after the database ({@code $}), in {@code :in} order
     * @return assertions on the result ({@code null} when a scalar find matches nothing)
     */
    public ObjectAssert<Object> queryValue(Object query, Object... inputs) {
        isNotNull();
        return Assertions.assertThat(run(query, inputs)).as("result of %s", Edn.show(query));
    }

    private Object run(Object query, Object... inputs) {
        Object[] all = new Object[inputs.length + 1];
        all[0] = actual;
        System.arraycopy(inputs, 0, all, 1, inputs.length);
        return Peer.query(query, all);
    }

    private String someValues(Keyword attribute) {
        List<String> values = new ArrayList<>();
        for (Datom datom : actual.datoms(Database.AVET, attribute)) {
            if (values.size() == SHOWN_VALUES) {
                values.add("…");
                break;
            }
            values.add(Edn.show(datom.v()));
        }
        return values.isEmpty() ? "no entity has " + attribute
                : attribute + " holds " + String.join(", ", values);
    }
}
