package dev.datomickit.example.users;

import clojure.lang.Keyword;
import dev.datomickit.core.Kw;
import dev.datomickit.core.ValueType;
import dev.datomickit.core.json.Naming;
import dev.datomickit.schema.AttributeDef;
import dev.datomickit.schema.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The input of {@code POST /users}, validated: a JSON object whose fields are the user attributes
 * under the names clients see in responses ({@code email}, {@code name}).
 *
 * <p>The schema model does most of the checking: unknown fields, types, and the attributes its
 * entity spec {@code :user/validate} requires. Two rules it cannot express are checked here: an
 * email's shape and length, and a name that is not blank. Every problem is collected, so the client
 * learns all of them from one response.
 *
 * @param id the new user's id, assigned by the service
 * @param email the email, stripped and in lower case: the same address always has the same text,
 *     so {@code :user/email}'s uniqueness holds whatever case the client typed
 * @param name the name, stripped
 */
record SignUp(UUID id, String email, String name) {

    static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_NAME_LENGTH = 200;

    private static final Keyword USER_ID = Kw.of("user/id");
    private static final Keyword USER_EMAIL = Kw.of("user/email");
    private static final Keyword USER_NAME = Kw.of("user/name");
    private static final Keyword DB_ENSURE = Kw.of("db/ensure");
    static final Keyword USER_SPEC = Kw.of("user/validate");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    /** Client field name to attribute, derived from the schema with the clientizers' naming. */
    private static final Map<String, Keyword> FIELDS = fields();

    /**
     * Validates a client's JSON object.
     *
     * @throws InvalidInputException listing every problem, each with its field
     */
    static SignUp from(Map<String, ?> json) {
        List<FieldError> errors = new ArrayList<>();
        Map<Keyword, Object> entity = new LinkedHashMap<>();
        for (Map.Entry<String, ?> field : json.entrySet()) {
            Keyword attribute = FIELDS.get(field.getKey());
            if (attribute == null) {
                errors.add(new FieldError(field.getKey(), "unknown field; expected " + String.join(", ", clientFields())));
            } else if (attribute.equals(USER_ID)) {
                errors.add(new FieldError(field.getKey(), "assigned by the service; leave it out"));
            } else if (field.getValue() != null) { // null is absent, as in most JSON APIs
                String expected = jsonType(attribute, field.getValue());
                if (expected != null) {
                    errors.add(new FieldError(field.getKey(), "expects " + expected + ", found "
                            + Json.kind(field.getValue())));
                } else {
                    entity.put(attribute, normalized(attribute, field.getValue()));
                }
            }
        }
        UUID id = UUID.randomUUID();
        entity.put(USER_ID, id);
        entity.put(DB_ENSURE, USER_SPEC);
        List<String> mistyped = errors.stream().map(FieldError::field).toList();
        for (Violation violation : Model.SCHEMA.validate(entity)) {
            String field = fieldOf(violation);
            if (!mistyped.contains(field)) { // a value of the wrong JSON type was left out: not "missing" too
                errors.add(new FieldError(field, violation.message()));
            }
        }
        if (entity.get(USER_EMAIL) instanceof String email) {
            if (email.length() > MAX_EMAIL_LENGTH) {
                errors.add(new FieldError("email", "longer than " + MAX_EMAIL_LENGTH + " characters"));
            } else if (!EMAIL.matcher(email).matches()) {
                errors.add(new FieldError("email", "not an email address: expected local-part@domain.tld"));
            }
        }
        if (entity.get(USER_NAME) instanceof String name) {
            if (name.isEmpty()) {
                errors.add(new FieldError("name", "blank"));
            } else if (name.length() > MAX_NAME_LENGTH) {
                errors.add(new FieldError("name", "longer than " + MAX_NAME_LENGTH + " characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new SignUp(id, (String) entity.get(USER_EMAIL), (String) entity.get(USER_NAME));
    }

    /**
     * The JSON type the attribute's values have, if {@code value} is not of it: the client is told
     * in JSON's words ("expects a string, found an object"). Types JSON has no word for are left to
     * the schema's validation.
     */
    private static String jsonType(Keyword attribute, Object value) {
        ValueType type = Model.SCHEMA.attribute(attribute).map(AttributeDef::valueType).orElse(null);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case STRING -> value instanceof String ? null : "a string";
            case BOOLEAN -> value instanceof Boolean ? null : "true or false";
            case LONG -> value instanceof Long ? null : "an integer";
            default -> null;
        };
    }

    private static Object normalized(Keyword attribute, Object value) {
        if (value instanceof String text) {
            String stripped = text.strip();
            return attribute.equals(USER_EMAIL) ? stripped.toLowerCase(Locale.ROOT) : stripped;
        }
        return value; // the schema reports the wrong type
    }

    private static String fieldOf(Violation violation) {
        return violation.attribute().map(Naming.CAMEL_CASE::apply).orElse("");
    }

    private static Map<String, Keyword> fields() {
        Map<String, Keyword> fields = new LinkedHashMap<>();
        for (AttributeDef attribute : Model.SCHEMA.attributes()) {
            if ("user".equals(attribute.ident().getNamespace())) {
                fields.put(Naming.CAMEL_CASE.apply(attribute.ident()), attribute.ident());
            }
        }
        return Map.copyOf(fields);
    }

    private static List<String> clientFields() {
        return FIELDS.entrySet().stream().filter(f -> !f.getValue().equals(USER_ID)).map(Map.Entry::getKey).sorted().toList();
    }
}
