package dev.datomickit.testing.assertj;

import datomic.Attribute;
import datomic.Database;
import datomic.Datom;
import dev.datomickit.core.Entities;
import dev.datomickit.core.TxResult;
import java.util.Objects;
import java.util.StringJoiner;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the datoms a transaction added and retracted. A failure lists them all.
 *
 * <pre>{@code
 * TxResult result = Tx.transact(conn, Tx.data(Tx.entity("eve").set("user/email", "eve@example.com")));
 * assertThat(result).added("eve", "user/email", "eve@example.com");
 * }</pre>
 *
 * <p>Entities and reference values may be given as in the transaction: a tempid string of the
 * transaction, an entity id, an ident keyword, a lookup ref or an {@code Entity}. Lookup refs and
 * idents are resolved in the database after the transaction for {@link #added}, before it for
 * {@link #retracted}.
 */
public final class TxResultAssert extends AbstractAssert<TxResultAssert, TxResult> {

    TxResultAssert(TxResult actual) {
        super(actual, TxResultAssert.class);
    }

    /**
     * Verifies that the transaction asserted {@code value} for {@code attribute} of {@code entity}.
     *
     * @param entity the entity: a tempid of the transaction, an id, an ident or a lookup ref
     * @param attribute the attribute, as a keyword or its text
     * @param value the value; for a reference, any form an entity may take
     * @return this assertion
     * @throws IllegalArgumentException if the attribute does not exist, or a tempid is not one of
     *     the transaction's
     */
    public TxResultAssert added(Object entity, Object attribute, Object value) {
        return wrote(true, entity, attribute, value);
    }

    /**
     * Verifies that the transaction retracted {@code value} for {@code attribute} of {@code entity}.
     *
     * @param entity the entity: an id, an ident or a lookup ref (resolved before the transaction)
     * @param attribute the attribute, as a keyword or its text
     * @param value the value retracted
     * @return this assertion
     * @throws IllegalArgumentException if the attribute does not exist
     */
    public TxResultAssert retracted(Object entity, Object attribute, Object value) {
        return wrote(false, entity, attribute, value);
    }

    private TxResultAssert wrote(boolean added, Object entity, Object attribute, Object value) {
        isNotNull();
        Database db = added ? actual.dbAfter() : actual.dbBefore();
        Attribute attr = Entities.attribute(actual.dbAfter(), attribute);
        Long e = Refs.entityId(db, entity, actual::id);
        Object v = Refs.expected(db, attr, value, actual::id);
        long a = ((Number) attr.id()).longValue();
        for (Datom datom : actual.txData()) {
            if (datom.added() == added && e != null && e.equals(datom.e()) && ((Number) datom.a()).longValue() == a
                    && Objects.equals(v, Refs.actual(db, attr, datom.v()))) {
                return this;
            }
        }
        StringJoiner datoms = new StringJoiner("\n  ", "\n  ", "");
        actual.txData().forEach(d -> datoms.add(Edn.datom(actual.dbAfter(), d)));
        String target = Edn.show(entity) + (e == null ? " (no such entity)" : e.equals(entity) ? "" : " (" + e + ")");
        failWithMessage("%s", "Expected transaction " + actual.tx() + " to " + (added ? "add" : "retract") + " [" + target
                + " " + attr.ident() + " " + Edn.show(value) + "] but it did not. Its datoms:" + datoms);
        return this;
    }
}
