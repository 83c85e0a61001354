package dev.datomickit.core;

/**
 * Base class of every exception datomic-kit throws on purpose.
 *
 * <p>Messages name what was involved (attribute, entity, migration, URI), what was expected and
 * what was found, so that the message alone says what to fix. Catch this type to handle any
 * library failure in one place.
 */
public class DatomicKitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, naming the thing involved
     */
    public DatomicKitException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what went wrong, naming the thing involved
     * @param cause the failure that caused this one
     */
    public DatomicKitException(String message, Throwable cause) {
        super(message, cause);
    }
}
