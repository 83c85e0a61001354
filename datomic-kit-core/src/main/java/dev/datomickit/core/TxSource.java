package dev.datomickit.core;

import java.util.List;

/**
 * Something that yields transaction data: a schema, a fixture set, a migration step.
 *
 * <p>The testing module builds starting-point databases from a list of sources, each transacted in
 * order, and the schema module's {@code Schema} implements this interface. A source is called when
 * its data is needed, so it may compute the data (for example generate fixture entities).
 *
 * <pre>{@code
 * TxSource users = () -> Tx.data(
 *         Tx.entity("alice").set("user/email", "alice@example.com"));
 * }</pre>
 */
@FunctionalInterface
public interface TxSource {

    /**
     * Returns the transaction data, as accepted by {@code datomic.Connection.transact}.
     *
     * @return a list of statements (maps and lists); never {@code null}
     */
    List<?> txData();

    /**
     * Returns a source that always yields {@code txData}.
     *
     * <p>Two such sources are equal when their data is equal, so they can serve as cache keys.
     *
     * @param txData the statements
     * @return a source of exactly those statements
     * @throws NullPointerException if {@code txData} is {@code null}
     */
    static TxSource of(List<?> txData) {
        return new FixedTxSource(txData);
    }
}
