package dev.datomickit.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A value in a Kamal config together with its key path ({@code accessories.db.port}), read with the
 * type Kamal expects: a value of the wrong shape is an {@link InputException} naming file, key,
 * what was expected and what was found.
 */
final class Setting {

    private final ConfigSource source;
    private final JsonNode node;
    private final List<Object> path;

    Setting(ConfigSource source, JsonNode node, List<Object> path) {
        this.source = source;
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = List.copyOf(path);
    }

    Setting get(String key) {
        return child(node.isObject() ? node.get(key) : null, key);
    }

    boolean isPresent() {
        return !node.isMissingNode() && !node.isNull();
    }

    boolean isMapping() {
        return node.isObject();
    }

    boolean has(String key) {
        return node.isObject() && node.has(key);
    }

    /** A scalar as text ({@code 5432} and {@code "5432"} alike); empty when absent. */
    Optional<String> text(String expected) {
        if (!isPresent()) {
            return Optional.empty();
        }
        if (node.isContainerNode()) {
            throw mismatch(expected);
        }
        return Optional.of(node.asText());
    }

    /**
     * A scalar as text, which must be there: an empty list item ({@code -} alone, or a file cut
     * short after it) is an {@link InputException} like any other mismatch.
     */
    String requiredText(String expected) {
        return text(expected).orElseThrow(() -> mismatch(expected));
    }

    /** The elements of a list; an absent value is an empty list. */
    List<Setting> list(String expected) {
        if (!isPresent()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw mismatch(expected);
        }
        List<Setting> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(child(node.get(i), i));
        }
        return items;
    }

    /** A list, or a single scalar standing for a list of one (as Kamal allows for publish options). */
    List<Setting> listOrOne(String expected) {
        return isPresent() && !node.isContainerNode() ? List.of(this) : list(expected);
    }

    /** The entries of a mapping, in file order; an absent value is an empty mapping. */
    Map<String, Setting> mapping(String expected) {
        if (!isPresent()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw mismatch(expected);
        }
        Map<String, Setting> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            entries.put(entry.getKey(), child(entry.getValue(), entry.getKey()));
        }
        return entries;
    }

    Location location() {
        return Location.of(source.fileOf(path), key());
    }

    String key() {
        StringBuilder key = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                key.append('[').append(index).append(']');
            } else {
                key.append(key.length() == 0 ? "" : ".").append(step);
            }
        }
        return key.toString();
    }

    InputException mismatch(String expected) {
        return new InputException(Paths.display(source.fileOf(path), source.displayBase()) + ": " + key()
                + ": expected " + expected + ", found " + describe(node));
    }

    private Setting child(JsonNode value, Object step) {
        List<Object> childPath = new ArrayList<>(path);
        childPath.add(step);
        return new Setting(source, value, childPath);
    }

    private static String describe(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "nothing";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a mapping with keys " + String.join(", ", value.properties().stream().map(Map.Entry::getKey).toList());
        }
        // A value is not shown: a password written in the wrong place would be printed.
        if (value.isTextual()) {
            return "a text of " + value.asText().length() + (value.asText().length() == 1 ? " character" : " characters");
        }
        return value.isBoolean() ? "true or false" : value.isNumber() ? "a number" : "a single value";
    }
}
