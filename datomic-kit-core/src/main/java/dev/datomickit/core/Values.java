package dev.datomickit.core;

import clojure.lang.RT;

/** Formats values for messages the way Datomic prints them (EDN), so strings show their quotes. */
final class Values {

    private static final int MAX_LENGTH = 200;

    private Values() {}

    static String show(Object value) {
        String text;
        try {
            text = RT.printString(value);
        } catch (RuntimeException e) {
            text = String.valueOf(value);
        }
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "…";
    }

    /** The value's class and EDN text, for messages about a value of an unexpected type. */
    static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName() + " " + show(value);
    }
}
