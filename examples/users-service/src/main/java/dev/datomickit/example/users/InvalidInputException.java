package dev.datomickit.example.users;

import java.util.List;

/** A client's input breaks one or more rules; the HTTP layer answers 400 with every error. */
final class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    InvalidInputException(List<FieldError> errors) {
        super(errors.size() + (errors.size() == 1 ? " field is invalid" : " fields are invalid"), null, false, false);
        this.errors = List.copyOf(errors);
    }

    List<FieldError> errors() {
        return errors;
    }
}
