package dev.datomickit.migrations;

import static dev.datomickit.core.ValueType.LONG;
import static dev.datomickit.core.ValueType.STRING;

import dev.datomickit.core.TxSource;
import dev.datomickit.schema.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema the tests migrate data into. {@code :item/key} is deliberately not unique, so that a
 * migration applied twice leaves two entities instead of merging them; {@code :counter/increment}
 * adds to a counter inside the transaction, so that a call applied twice counts twice.
 */
final class TestSchema implements TxSource {

    static final Schema SCHEMA = Schema.builder()
            .namespace("item", item -> {
                item.attr("key", STRING).index();
                item.attr("n", LONG);
                item.attr("visits", LONG);
            })
            .namespace("counter", counter -> {
                counter.attr("name", STRING).identity();
                counter.attr("value", LONG);
            })
            .namespace("user", user -> {
                user.attr("email", STRING).identity();
                user.attr("name", STRING);
            })
            .build();

    /** {@code [:counter/increment name]}: adds 1 to the counter, creating it at 1. */
    static final DatabaseFunction INCREMENT = DatabaseFunction.clojure("counter/increment")
            .params("db", "name")
            .requires("[datomic.api :as d]")
            .code("""
                    (let [e (d/entity db [:counter/name name])]
                      [{:counter/name name :counter/value (inc (or (:counter/value e) 0))}])""")
            .build();

    /** {@code [:item/visit id]}: adds 1 to the item's visits, inside the transaction. */
    static final DatabaseFunction VISIT = DatabaseFunction.clojure("item/visit")
            .params("db", "id")
            .code("[[:db/add id :item/visits (inc (or (:item/visits (datomic.api/entity db id)) 0))]]")
            .build();

    @Override
    public List<?> txData() {
        List<Object> data = new ArrayList<>(SCHEMA.txData());
        data.addAll(INCREMENT.txData());
        data.addAll(VISIT.txData());
        return data;
    }
}
