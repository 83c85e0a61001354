package dev.datomickit.deploycheck;

/**
 * A deploy file that cannot be read or understood. The message names the file and, where known, the
 * line or key, so the command line prints it as it is, without a stack trace.
 */
final class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InputException(String message) {
        super(message);
    }
}
