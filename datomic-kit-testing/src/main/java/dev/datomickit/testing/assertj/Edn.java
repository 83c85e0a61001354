package dev.datomickit.testing.assertj;

import clojure.lang.RT;
import datomic.Database;
import datomic.Datom;
import datomic.Entity;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeSet;

/** EDN text of entities, datoms and values for failure messages, as Datomic users read them. */
final class Edn {

    private Edn() {}

    /**
     * A value as EDN; a referenced entity as {@code {:db/id n}} (not expanded: it may be large or
     * cyclic), and sets sorted, so that messages are stable.
     */
    static String show(Object value) {
        if (value instanceof Entity e) {
            return "{:db/id " + e.get(":db/id") + "}";
        }
        if (value instanceof Collection<?> values && !(value instanceof List<?>)) {
            TreeSet<String> shown = new TreeSet<>();
            values.forEach(v -> shown.add(show(v)));
            return "#{" + String.join(" ", shown) + "}";
        }
        return RT.printString(value);
    }

    /** {@code {:db/id 17592186045418, :user/email "alice@example.com", …}}, attributes sorted. */
    static String entity(Entity entity) {
        StringJoiner map = new StringJoiner(", ", "{", "}");
        map.add(":db/id " + entity.get(":db/id"));
        for (String attribute : new TreeSet<>(entity.keySet())) {
            map.add(attribute + " " + show(entity.get(attribute)));
        }
        return map.toString();
    }

    /** {@code [17592186045418 :user/name "Alice" 13194139534313 true]}, the attribute by its ident. */
    static String datom(Database db, Datom datom) {
        return "[" + datom.e() + " " + db.ident(datom.a()) + " " + show(datom.v()) + " " + datom.tx() + " "
                + datom.added() + "]";
    }
}
