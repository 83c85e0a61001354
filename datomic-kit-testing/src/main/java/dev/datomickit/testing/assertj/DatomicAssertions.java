package dev.datomickit.testing.assertj;

import datomic.Database;
import datomic.Entity;
import dev.datomickit.core.TxResult;
import org.assertj.core.api.Assertions;

/**
 * AssertJ entry point for Datomic values, and for everything else {@link Assertions} covers: one
 * static import serves both.
 *
 * <pre>{@code
 * import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
 *
 * assertThat(conn.db()).entity("user/email", "alice@example.com").has("user/name", "Alice");
 * assertThat(conn.db()).hasNoEntity("user/email", "mallory@example.com");
 * assertThat(result).added("alice", "user/name", "Alice");
 * assertThat(List.of(1, 2)).hasSize(2); // plain AssertJ
 * }</pre>
 *
 * <p>Failure messages show what is there: the entity's actual attributes, the datoms a transaction
 * wrote.
 */
public class DatomicAssertions extends Assertions {

    /** For subclasses that add their own entry points; use the static methods. */
    protected DatomicAssertions() {}

    /**
     * Starts assertions on a database value: entities by lookup, query results.
     *
     * @param actual the database
     * @return the assertions
     */
    public static DatabaseAssert assertThat(Database actual) {
        return new DatabaseAssert(actual);
    }

    /**
     * Starts assertions on an entity: its attribute values.
     *
     * @param actual the entity
     * @return the assertions
     */
    public static EntityAssert assertThat(Entity actual) {
        return new EntityAssert(actual);
    }

    /**
     * Starts assertions on a transaction result: the datoms it added and retracted.
     *
     * @param actual the result, from {@code Tx.transact} or {@code Tx.with}
     * @return the assertions
     */
    public static TxResultAssert assertThat(TxResult actual) {
        return new TxResultAssert(actual);
    }
}
