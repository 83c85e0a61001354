package dev.datomickit.schema;

import clojure.lang.Keyword;
import clojure.lang.RT;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One problem with an entity map checked by {@link Schema#validate(java.util.Map)}.
 *
 * <p>The path leads from the top-level map to the value at fault, like Clojure's {@code get-in}:
 * keywords for attributes and integers for positions in a collection.
 * {@code [:user/friends 1 :user/email]} is the email of the second friend.
 *
 * @param path the attributes and positions leading to the value; empty for the map itself
 * @param message what was expected and what was found
 */
public record Violation(List<Object> path, String message) {

    /**
     * Copies the path and checks the components.
     *
     * @param path the attributes and positions leading to the value
     * @param message what was expected and what was found
     * @throws NullPointerException if a component is {@code null}
     */
    public Violation {
        path = List.copyOf(path);
        Objects.requireNonNull(message, "message");
    }

    /**
     * Returns the attribute at fault: the last attribute of the path.
     *
     * @return the attribute, or empty if the violation is about the map itself
     */
    public Optional<Keyword> attribute() {
        for (int i = path.size() - 1; i >= 0; i--) {
            if (path.get(i) instanceof Keyword k) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the path and the message, such as
     * {@code [:user/email] expects :db.type/string, found integer 42}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return RT.printString(path) + " " + message;
    }
}
