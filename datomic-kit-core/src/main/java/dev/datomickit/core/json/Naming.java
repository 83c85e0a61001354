package dev.datomickit.core.json;

import clojure.lang.Keyword;

/**
 * How a keyword becomes a string for clients: map keys of clientized entities, and keyword or
 * enum values.
 *
 * <table>
 *   <caption>The keyword {@code :user/first-name} under each naming</caption>
 *   <tr><th>naming</th><th>text</th></tr>
 *   <tr><td>{@link #KEEP_NAMESPACE}</td><td>{@code user/first-name}</td></tr>
 *   <tr><td>{@link #STRIP_NAMESPACE}</td><td>{@code first-name}</td></tr>
 *   <tr><td>{@link #CAMEL_CASE}</td><td>{@code firstName}</td></tr>
 * </table>
 *
 * <p>A reverse attribute such as {@code :comment/_post} keeps its underscore ({@code _post});
 * give it a name of its own with the pull option {@code :as} ({@code [:comment/_post :as "comments"]}).
 */
public enum Naming {

    /** The whole keyword without its colon: {@code user/first-name}. */
    KEEP_NAMESPACE {
        @Override
        public String apply(Keyword keyword) {
            String namespace = keyword.getNamespace();
            return namespace == null ? keyword.getName() : namespace + "/" + keyword.getName();
        }
    },

    /** The name alone: {@code first-name}. */
    STRIP_NAMESPACE {
        @Override
        public String apply(Keyword keyword) {
            return keyword.getName();
        }
    },

    /**
     * The name in camelCase, as JavaScript clients expect: {@code first-name}, {@code first_name}
     * and {@code firstName} all give {@code firstName}; {@code active?} gives {@code active}.
     */
    CAMEL_CASE {
        @Override
        public String apply(Keyword keyword) {
            return camelCase(keyword.getName());
        }
    };

    /**
     * Returns the text of {@code keyword} under this naming.
     *
     * @param keyword the keyword, such as {@code :user/first-name}
     * @return its text for clients
     */
    public abstract String apply(Keyword keyword);

    static String camelCase(String name) {
        StringBuilder out = new StringBuilder(name.length());
        int start = 0;
        if (name.startsWith("_")) {
            out.append('_'); // a reverse attribute stays recognisable
            start = 1;
        }
        boolean upperNext = false;
        for (int i = start; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(upperNext && out.length() > start ? Character.toUpperCase(c) : c);
                upperNext = false;
            } else {
                upperNext = true;
            }
        }
        // A name made only of symbols ("+", "?") has no camelCase form; keep it.
        return out.length() == start ? name : out.toString();
    }
}
