package dev.datomickit.testing.assertj;

import clojure.lang.Keyword;
import datomic.Attribute;
import datomic.Database;
import datomic.Entity;
import dev.datomickit.core.Entities;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an {@link Entity}'s attribute values. A failure shows the entity's attributes.
 *
 * <pre>{@code
 * assertThat(alice).has("user/name", "Alice")
 *         .has("user/roles", Set.of(Kw.of("role/admin")))        // cardinality many: the exact set
 *         .has("user/manager", Tx.lookup("user/email", "bob@example.com")) // a reference
 *         .doesNotHave("user/deletedAt");
 * }</pre>
 *
 * <p>Expected values are read as in transaction data: a reference may be given as an entity id, an
 * ident keyword, a lookup ref or an {@code Entity}; {@code int} values compare as {@code long}.
 */
public final class EntityAssert extends AbstractAssert<EntityAssert, Entity> {

    EntityAssert(Entity actual) {
        super(actual, EntityAssert.class);
    }

    /**
     * Verifies that the entity's value of {@code attribute} is {@code expected}; for a
     * cardinality-many attribute, that its values are exactly the collection {@code expected}.
     *
     * @param attribute the attribute, as a keyword or its text
     * @param expected the value, or for a cardinality-many attribute the collection of all values
     * @return this assertion
     * @throws IllegalArgumentException if the attribute does not exist, {@code expected} is
     *     {@code null}, or is not a collection for a cardinality-many attribute
     */
    public EntityAssert has(Object attribute, Object expected) {
        isNotNull();
        Database db = actual.db();
        Attribute attr = Entities.attribute(db, attribute);
        Keyword ident = (Keyword) attr.ident();
        if (expected == null) {
            throw new IllegalArgumentException("Expected value of " + ident + " is null; use doesNotHave(\"" + ident.sym
                    + "\") to assert that the entity has none");
        }
        Object value = actual.get(ident);
        boolean many = Attribute.CARDINALITY_MANY.equals(attr.cardinality());
        boolean matches;
        if (many) {
            if (!(expected instanceof Collection<?> expectedValues)) {
                throw new IllegalArgumentException(ident + " is cardinality many: pass all its expected values as a"
                        + " collection, not " + Edn.show(expected));
            }
            Set<Object> want = new HashSet<>();
            expectedValues.forEach(v -> want.add(Refs.expected(db, attr, v, null)));
            Set<Object> have = new HashSet<>();
            if (value != null) {
                ((Collection<?>) value).forEach(v -> have.add(Refs.actual(db, attr, v)));
            }
            matches = want.equals(have);
        } else {
            matches = value != null && Objects.equals(Refs.expected(db, attr, expected, null), Refs.actual(db, attr, value));
        }
        if (!matches) {
            failWithMessage("%s", "Expected entity " + id() + " to have " + ident + " " + Edn.show(expected) + " but it "
                    + (value == null ? "has no " + ident : "has " + Edn.show(value)) + ".\nIts attributes: "
                    + Edn.entity(actual));
        }
        return this;
    }

    /**
     * Verifies that the entity has a value (any value) for {@code attribute}.
     *
     * @param attribute the attribute, as a keyword or its text
     * @return this assertion
     * @throws IllegalArgumentException if the attribute does not exist
     */
    public EntityAssert hasAttribute(Object attribute) {
        isNotNull();
        Keyword ident = (Keyword) Entities.attribute(actual.db(), attribute).ident();
        if (actual.get(ident) == null) {
            failWithMessage("%s", "Expected entity " + id() + " to have " + ident + " but it has none.\nIts attributes: "
                    + Edn.entity(actual));
        }
        return this;
    }

    /**
     * Verifies that the entity has no value for {@code attribute}.
     *
     * @param attribute the attribute, as a keyword or its text
     * @return this assertion
     * @throws IllegalArgumentException if the attribute does not exist
     */
    public EntityAssert doesNotHave(Object attribute) {
        isNotNull();
        Keyword ident = (Keyword) Entities.attribute(actual.db(), attribute).ident();
        Object value = actual.get(ident);
        if (value != null) {
            failWithMessage("%s", "Expected entity " + id() + " to have no " + ident + " but it has " + Edn.show(value)
                    + ".\nIts attributes: " + Edn.entity(actual));
        }
        return this;
    }

    private Object id() {
        return actual.get(":db/id");
    }
}
