package dev.datomickit.schema;

import clojure.lang.Keyword;
import datomic.Database;
import datomic.Datom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keywords in the data Datomic attaches to a refused transaction (the attributes of the datoms
 * it quotes included), and the {@code :db/tupleAttrs} lists it quotes: what a schema install names
 * when Datomic refuses it.
 * Walked without recursion and bounded to {@value #MAX_VALUES} values, whatever the data holds.
 *
 * @param keywords every keyword in the data
 * @param tupleAttrs every value of a {@code :db/tupleAttrs} key, as a list
 */
record ErrorIdents(Set<Keyword> keywords, Set<List<?>> tupleAttrs) {

    private static final int MAX_VALUES = 10_000;

    static ErrorIdents of(Map<?, ?> data, Database db) {
        Set<Keyword> keywords = new HashSet<>();
        Set<List<?>> tupleAttrs = new HashSet<>();
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(data);
        for (int seen = 0; !pending.isEmpty() && seen < MAX_VALUES; seen++) {
            Object value = pending.pop();
            if (value instanceof Keyword k) {
                keywords.add(k);
            } else if (value instanceof Datom datom && db.ident(datom.a()) instanceof Keyword attribute) {
                keywords.add(attribute);
            } else if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (Idents.TUPLE_ATTRS.equals(entry.getKey()) && entry.getValue() instanceof Collection<?> attrs) {
                        tupleAttrs.add(new ArrayList<>(attrs));
                    }
                    pending.push(entry.getKey());
                    pending.push(entry.getValue());
                }
            } else if (value instanceof Collection<?> items) {
                items.forEach(pending::push);
            }
        }
        return new ErrorIdents(keywords, tupleAttrs);
    }
}
