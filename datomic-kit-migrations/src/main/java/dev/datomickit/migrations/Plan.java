package dev.datomickit.migrations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The order migrations run in: every migration after those it requires, ties broken by the order
 * of declaration, so that the same declarations always give the same order. Duplicate names,
 * missing requirements and cycles are all reported together, before anything runs.
 */
final class Plan {

    private Plan() {}

    static List<Migration> order(List<Migration> declared) {
        List<String> problems = new ArrayList<>();
        Set<String> involved = new LinkedHashSet<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (Migration migration : declared) {
            if (index.putIfAbsent(migration.name(), index.size()) != null) {
                problems.add("Migration \"" + migration.name() + "\" is declared more than once; names must be unique");
                involved.add(migration.name());
            }
        }
        List<Migration> byIndex = new ArrayList<>(index.size());
        Map<String, Migration> byName = new HashMap<>();
        for (Migration migration : declared) {
            if (byName.putIfAbsent(migration.name(), migration) == null) {
                byIndex.add(migration);
            }
        }
        for (Migration migration : byIndex) {
            for (String required : migration.requires()) {
                if (!byName.containsKey(required)) {
                    problems.add("Migration \"" + migration.name() + "\" requires \"" + required
                            + "\", which is not among the migrations (" + byName.size() + " declared)");
                    involved.add(migration.name());
                }
            }
        }

        // Kahn's algorithm; the queue yields the earliest declared migration whose requirements are
        // met. Missing requirements are left out here, so that cycles are reported with them.
        Map<String, Integer> waitingOn = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (Migration migration : byIndex) {
            List<String> known = migration.requires().stream().filter(byName::containsKey).toList();
            waitingOn.put(migration.name(), known.size());
            for (String required : known) {
                dependents.computeIfAbsent(required, k -> new ArrayList<>()).add(migration.name());
            }
        }
        PriorityQueue<Migration> ready = new PriorityQueue<>((a, b) -> index.get(a.name()) - index.get(b.name()));
        byIndex.stream().filter(m -> waitingOn.get(m.name()) == 0).forEach(ready::add);
        List<Migration> ordered = new ArrayList<>(byIndex.size());
        while (!ready.isEmpty()) {
            Migration next = ready.poll();
            ordered.add(next);
            for (String dependent : dependents.getOrDefault(next.name(), List.of())) {
                if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(byName.get(dependent));
                }
            }
        }
        if (ordered.size() < byIndex.size()) {
            Set<String> left = byIndex.stream().map(Migration::name).collect(Collectors.toCollection(LinkedHashSet::new));
            ordered.forEach(m -> left.remove(m.name()));
            problems.addAll(cycles(left, byName));
            involved.addAll(left);
        }
        if (!problems.isEmpty()) {
            throw MigrationException.invalid(problems, List.copyOf(involved), List.of());
        }
        return List.copyOf(ordered);
    }

    /**
     * Names each cycle among the migrations that could not be ordered, such as
     * {@code "a" → "b" → "a"}; a migration that only waits on a cycle is named as waiting on it.
     */
    private static List<String> cycles(Set<String> left, Map<String, Migration> byName) {
        List<String> problems = new ArrayList<>();
        Set<String> inCycle = new LinkedHashSet<>();
        for (String start : left) {
            if (inCycle.contains(start)) {
                continue;
            }
            // Follow unmet requirements from start until a migration repeats: that closes a cycle.
            List<String> path = new ArrayList<>();
            String current = start;
            while (!path.contains(current)) {
                path.add(current);
                current = byName.get(current).requires().stream().filter(left::contains).findFirst().orElseThrow();
            }
            List<String> cycle = path.subList(path.indexOf(current), path.size());
            if (cycle.stream().noneMatch(inCycle::contains)) {
                inCycle.addAll(cycle);
                problems.add("Migrations require each other in a cycle: "
                        + cycle.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(" → ")) + " → \"" + current + "\"");
            }
        }
        for (String name : left) {
            if (!inCycle.contains(name)) {
                problems.add("Migration \"" + name + "\" cannot run: it requires, directly or not, a migration in a cycle");
            }
        }
        return problems;
    }
}
