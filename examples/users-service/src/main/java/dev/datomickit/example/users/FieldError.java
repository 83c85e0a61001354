package dev.datomickit.example.users;

/**
 * One problem with one field of a client's input.
 *
 * @param field the field's name as the client sent it, or {@code ""} for the input as a whole
 * @param message what was expected and what was found
 */
record FieldError(String field, String message) {}
