package dev.datomickit.schema;

import dev.datomickit.core.DatomicKitException;
import java.util.List;

/**
 * A schema model is invalid, cannot be read or parsed, or cannot be installed; nothing was written.
 *
 * <p>Every problem is collected before this exception is thrown, so one exception lists them all.
 * Each problem starts with the ident it is about, for example
 * {@code :user/name: fulltext() needs a string attribute, found :db.type/long}.
 *
 * <pre>{@code
 * try {
 *     schema.ensure(conn);
 * } catch (SchemaException e) {
 *     e.problems().forEach(log::error); // one line per attribute that needs attention
 * }
 * }</pre>
 */
public final class SchemaException extends DatomicKitException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    SchemaException(String context, List<String> problems) {
        super(message(context, problems));
        this.problems = List.copyOf(problems);
    }

    SchemaException(String context, List<String> problems, Throwable cause) {
        super(message(context, problems), cause);
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns the problems, one per line of the message, each naming the ident involved.
     *
     * @return the problems, in the order they were found; never empty
     */
    public List<String> problems() {
        return problems;
    }

    private static String message(String context, List<String> problems) {
        StringBuilder message = new StringBuilder(context).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (String problem : problems) {
            message.append("\n  - ").append(problem);
        }
        return message.toString();
    }
}
