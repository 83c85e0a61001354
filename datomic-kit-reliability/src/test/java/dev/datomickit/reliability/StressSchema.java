package dev.datomickit.reliability;

import static dev.datomickit.core.ValueType.LONG;
import static dev.datomickit.core.ValueType.STRING;

import dev.datomickit.core.TxSource;
import dev.datomickit.migrations.DatabaseFunction;
import dev.datomickit.schema.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema the stress cases write into, with the transaction functions they call. Items are
 * unique by key, so a lost or doubled write shows by key; counters add inside the transaction, so
 * a doubled call counts twice.
 */
final class StressSchema implements TxSource {

    static final Schema SCHEMA = Schema.builder()
            .namespace("item", item -> {
                item.attr("key", STRING).identity();
                item.attr("writer", LONG);
                item.attr("n", LONG);
            })
            .namespace("counter", counter -> {
                counter.attr("name", STRING).identity();
                counter.attr("value", LONG);
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

    /** {@code [:fault/refuse reason data]}: aborts the transaction with {@code :db/error :fault/refused}. */
    static final DatabaseFunction REFUSE = DatabaseFunction.clojure("fault/refuse")
            .params("db", "reason", "data")
            .code("(throw (ex-info reason (assoc (into {} data) :db/error :fault/refused)))")
            .build();

    /** {@code [:fault/crash message]}: throws a plain Java exception, without Datomic's error keyword. */
    static final DatabaseFunction CRASH = DatabaseFunction.clojure("fault/crash")
            .params("db", "message")
            .code("(throw (IllegalStateException. ^String message))")
            .build();

    /** {@code [:fault/refuse-at name limit]}: refuses once the counter has reached {@code limit}. */
    static final DatabaseFunction REFUSE_AT = DatabaseFunction.clojure("fault/refuse-at")
            .params("db", "name", "limit")
            .requires("[datomic.api :as d]")
            .code("""
                    (let [v (or (:counter/value (d/entity db [:counter/name name])) 0)]
                      (if (>= v limit)
                        (throw (ex-info (str "counter " name " is at " v) {:db/error :fault/limit :value v}))
                        [[:counter/increment name]]))""")
            .build();

    /** {@code [:fault/garbage]}: returns something that is not transaction data. */
    static final DatabaseFunction GARBAGE = DatabaseFunction.clojure("fault/garbage")
            .params("db")
            .code("\"not transaction data\"")
            .build();

    /** {@code [:fault/nested reason]}: returns a call of {@code :fault/refuse}, which then aborts. */
    static final DatabaseFunction NESTED = DatabaseFunction.clojure("fault/nested")
            .params("db", "reason")
            .code("[[:fault/refuse reason {:nested true}]]")
            .build();

    @Override
    public List<?> txData() {
        List<Object> data = new ArrayList<>(SCHEMA.txData());
        for (DatabaseFunction function : List.of(INCREMENT, REFUSE, CRASH, REFUSE_AT, GARBAGE, NESTED)) {
            data.addAll(function.txData());
        }
        return data;
    }
}
