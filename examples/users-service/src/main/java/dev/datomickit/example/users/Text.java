package dev.datomickit.example.users;

/** Client text quoted in messages, kept short. */
final class Text {

    private static final int MAX = 100;

    static String abbreviate(String text) {
        return text.length() <= MAX ? text : text.substring(0, MAX) + "…";
    }

    private Text() {}
}
