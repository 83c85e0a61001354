package dev.datomickit.core;

import java.util.List;
import java.util.Objects;

/** A {@link TxSource} holding a fixed list; equal by content so it can key caches. */
record FixedTxSource(List<?> txData) implements TxSource {

    FixedTxSource {
        Objects.requireNonNull(txData, "txData");
        txData = List.copyOf(txData);
    }

    @Override
    public String toString() {
        return "TxSource.of(" + txData.size() + " statements)";
    }
}
