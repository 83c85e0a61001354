package dev.datomickit.schema;

import clojure.lang.Keyword;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order schema statements are transacted in: a composite tuple after every attribute it
 * combines, since Datomic refuses {@code :db/tupleAttrs} naming an attribute that is not installed
 * yet, even later in the same transaction ({@code :db.error/invalid-tuple-attrs}).
 *
 * <p>Statements come grouped by namespace, namespaces in alphabetical order, except that a
 * namespace holding a composite of another namespace's attributes comes after that namespace
 * ({@code :enrollment/key} of {@code :student/id} and {@code :course/id}: course, student,
 * enrollment). Inside a namespace, statements keep the caller's order, except that a composite
 * comes right after the last of its attributes. Only what must move moves, so the order (and the
 * canonical EDN text) of a schema without such composites is the alphabetical one. Deterministic.
 */
final class InstallOrder {

    private InstallOrder() {}

    /** One statement: the ident it installs, and the attributes that must be installed first. */
    record Item<T>(Keyword ident, List<Keyword> needs, T value) {}

    /**
     * Orders items given grouped by namespace, namespaces in alphabetical order. Needs outside the
     * items (attributes already installed, or not part of this batch) are ignored.
     */
    static <T> List<Item<T>> sort(List<Item<T>> items) {
        Set<Keyword> present = new HashSet<>();
        items.forEach(i -> present.add(i.ident()));

        // Namespaces, in the order given, and the other namespaces each one needs first.
        Map<String, List<Item<T>>> byNamespace = new LinkedHashMap<>();
        Map<String, Set<String>> needsNamespaces = new LinkedHashMap<>();
        for (Item<T> item : items) {
            String ns = item.ident().getNamespace();
            byNamespace.computeIfAbsent(ns, n -> new ArrayList<>()).add(item);
            Set<String> needed = needsNamespaces.computeIfAbsent(ns, n -> new HashSet<>());
            for (Keyword need : item.needs()) {
                if (present.contains(need) && !need.getNamespace().equals(ns)) {
                    needed.add(need.getNamespace());
                }
            }
        }
        // The first namespace whose needs are all placed; the first left if they form a cycle.
        List<String> remaining = new ArrayList<>(byNamespace.keySet());
        Set<String> placed = new HashSet<>();
        List<Item<T>> grouped = new ArrayList<>(items.size());
        while (!remaining.isEmpty()) {
            String next = remaining.stream().filter(ns -> placed.containsAll(needsNamespaces.get(ns))).findFirst()
                    .orElse(remaining.get(0));
            remaining.remove(next);
            placed.add(next);
            grouped.addAll(byNamespace.get(next));
        }

        // Each item whose needs are not all placed waits until they are, then comes right after.
        List<Item<T>> ordered = new ArrayList<>(grouped.size());
        Set<Keyword> done = new HashSet<>();
        List<Item<T>> waiting = new ArrayList<>();
        for (Item<T> item : grouped) {
            if (ready(item, present, done)) {
                place(item, ordered, done, waiting, present);
            } else {
                waiting.add(item);
            }
        }
        ordered.addAll(waiting); // needs that can never be met (a cycle): Datomic will say so
        return ordered;
    }

    private static <T> void place(Item<T> item, List<Item<T>> ordered, Set<Keyword> done, List<Item<T>> waiting,
            Set<Keyword> present) {
        ordered.add(item);
        done.add(item.ident());
        for (int i = 0; i < waiting.size(); i++) {
            Item<T> next = waiting.get(i);
            if (ready(next, present, done)) {
                waiting.remove(i);
                place(next, ordered, done, waiting, present); // a composite is never a part: depth 2 at most
                i = -1;
            }
        }
    }

    private static boolean ready(Item<?> item, Set<Keyword> present, Set<Keyword> done) {
        for (Keyword need : item.needs()) {
            if (present.contains(need) && !done.contains(need)) {
                return false;
            }
        }
        return true;
    }
}
