package dev.datomickit.core.view;

import dev.datomickit.core.DatomicKitException;
import java.util.List;

/**
 * A view interface does not fit Datomic or the schema it is checked against: a method with no
 * matching attribute, a return type that cannot hold the attribute's values, a method with
 * parameters.
 *
 * <p>Raised when the view type is first used, listing every problem at once, for example
 * {@code User.emial(): no attribute :user/emial in database … (tried :user/emial)}.
 */
public final class InvalidViewException extends DatomicKitException {

    private static final long serialVersionUID = 1L;

    private final transient Class<?> viewType;
    private final List<String> problems;

    InvalidViewException(Class<?> viewType, String against, List<String> problems) {
        super("View " + viewType.getName() + " does not fit " + against + ":\n  - " + String.join("\n  - ", problems));
        this.viewType = viewType;
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns the view interface whose use revealed the problems; they may concern view types it
     * reaches through refs.
     *
     * @return the view interface
     */
    public Class<?> viewType() {
        return viewType;
    }

    /**
     * Returns the problems, one per method, each naming the interface, method and attribute.
     *
     * @return the problems
     */
    public List<String> problems() {
        return problems;
    }
}
