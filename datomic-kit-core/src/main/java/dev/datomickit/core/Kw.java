package dev.datomickit.core;

import clojure.lang.Keyword;
import java.util.regex.Pattern;

/**
 * Creates Datomic keywords ({@code :user/email}) from Java strings, rejecting malformed names.
 *
 * <pre>{@code
 * Keyword email = Kw.of("user/email");       // :user/email
 * Keyword same  = Kw.of(":user/email");      // the leading colon is optional
 * Keyword type  = Kw.of("db.type", "string"); // :db.type/string
 * }</pre>
 *
 * <p>Keywords are interned, so {@code Kw.of("user/email") == Kw.of(":user/email")}. The accepted
 * syntax is the one Datomic idents use: an optional dotted namespace, a slash and a name, where
 * each part starts with a letter or one of {@code _ * + ! ? < > = $ % & -} and continues with
 * letters, digits, those characters, dots and apostrophes. Reverse attribute names such as
 * {@code comment/_post} are accepted.
 */
public final class Kw {

    private static final String PART = "[\\p{L}_*+!?<>=$%&-][\\p{L}\\p{N}_*+!?<>=$%&.'-]*";
    private static final Pattern VALID_PART = Pattern.compile(PART);

    private Kw() {}

    /**
     * Returns the keyword for a name such as {@code "user/email"} or {@code ":user/email"}.
     *
     * @param name the keyword's text, with or without the leading colon
     * @return the interned keyword
     * @throws IllegalArgumentException if {@code name} is not a well-formed keyword, naming what is
     *     wrong with it
     */
    public static Keyword of(String name) {
        if (name == null) {
            throw new IllegalArgumentException("Malformed keyword: null; expected a name such as \"user/email\"");
        }
        String text = name.startsWith(":") ? name.substring(1) : name;
        int slash = text.indexOf('/');
        if (slash < 0) {
            checkPart(name, text, "name");
            return Keyword.intern(null, text);
        }
        if (text.indexOf('/', slash + 1) >= 0) {
            throw malformed(name, "more than one '/'");
        }
        String namespace = text.substring(0, slash);
        String local = text.substring(slash + 1);
        checkPart(name, namespace, "namespace");
        checkPart(name, local, "name");
        return Keyword.intern(namespace, local);
    }

    /**
     * Returns the keyword {@code :namespace/name}.
     *
     * @param namespace the namespace, such as {@code "db.type"}; {@code null} for a keyword without one
     * @param name the name, such as {@code "string"}
     * @return the interned keyword
     * @throws IllegalArgumentException if either part is malformed
     */
    public static Keyword of(String namespace, String name) {
        String display = (namespace == null ? "" : namespace + "/") + name;
        if (namespace != null) {
            checkPart(display, namespace, "namespace");
        }
        checkPart(display, name, "name");
        return Keyword.intern(namespace, name);
    }

    /**
     * Returns {@code value} as a keyword: a {@link Keyword} is returned unchanged, a string is parsed
     * with {@link #of(String)}.
     *
     * <p>Methods across datomic-kit accept attributes this way, so callers may pass
     * {@code "user/email"} or a keyword constant interchangeably.
     *
     * @param value a keyword or its text
     * @return the keyword
     * @throws IllegalArgumentException if {@code value} is neither, or is a malformed string
     */
    public static Keyword from(Object value) {
        if (value instanceof Keyword keyword) {
            return keyword;
        }
        if (value instanceof String text) {
            return of(text);
        }
        throw new IllegalArgumentException("Expected a keyword or a string such as \"user/email\", found "
                + Edn.describe(value));
    }

    /**
     * Tells whether {@code name} would be accepted by {@link #of(String)}.
     *
     * @param name the text to check, with or without the leading colon
     * @return {@code true} if it is a well-formed keyword
     */
    public static boolean isValid(String name) {
        try {
            of(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void checkPart(String whole, String part, String role) {
        if (part.isEmpty()) {
            throw malformed(whole, "the " + role + " is empty");
        }
        if (!VALID_PART.matcher(part).matches()) {
            throw malformed(whole, "the " + role + " \"" + part + "\" " + explain(part));
        }
        if (part.startsWith(".") || part.endsWith(".") || part.contains("..")) {
            throw malformed(whole, "the " + role + " \"" + part + "\" has an empty segment between dots");
        }
    }

    private static String explain(String part) {
        char first = part.charAt(0);
        if (Character.isDigit(first)) {
            return "starts with a digit";
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (Character.isWhitespace(c)) {
                return "contains whitespace";
            }
            String one = String.valueOf(c);
            boolean allowedHere = i == 0 ? one.matches("[\\p{L}_*+!?<>=$%&-]") : one.matches("[\\p{L}\\p{N}_*+!?<>=$%&.'-]");
            if (!allowedHere) {
                return "contains '" + c + "' at position " + i;
            }
        }
        return "is not a valid keyword part";
    }

    private static IllegalArgumentException malformed(String name, String reason) {
        return new IllegalArgumentException("Malformed keyword \"" + name + "\": " + reason
                + "; expected [namespace/]name such as \"user/email\"");
    }
}
