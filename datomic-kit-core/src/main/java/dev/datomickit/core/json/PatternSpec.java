package dev.datomickit.core.json;

import clojure.lang.Keyword;
import clojure.lang.Symbol;
import dev.datomickit.core.Edn;
import dev.datomickit.core.Kw;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pull pattern parsed into fields, independent of any database: what a clientizer may show.
 *
 * <p>Only the forms that name attributes explicitly are accepted. The wildcard is refused because
 * it copies every attribute an entity holds, including ones never meant for clients.
 */
final class PatternSpec {

    static final Keyword DB_ID = Kw.of("db/id");
    static final Object UNSET = new Object();
    /** Recursion written as {@code ...}: bounded by the clientizer's maximum depth. */
    static final int UNBOUNDED = -1;

    private static final Keyword AS = Kw.of("as");
    private static final Keyword LIMIT = Kw.of("limit");
    private static final Keyword DEFAULT = Kw.of("default");
    private static final Keyword XFORM = Kw.of("xform");

    final List<Field> fields;

    private PatternSpec(List<Field> fields) {
        this.fields = Collections.unmodifiableList(fields);
    }

    /** One attribute of a pattern, with its pull options and what to do with a ref's value. */
    static final class Field {
        final Keyword attribute;      // as written, :comment/_post for a reverse ref
        final Keyword forward;        // :comment/post for a reverse ref, else the attribute
        final boolean reverse;
        final String alias;           // from :as, or null
        final Object limit;           // UNSET, null (no limit) or a Long
        final Object defaultValue;    // UNSET or the :default value
        final PatternSpec nested;     // sub-pattern, or null
        final int recursion;          // 0 when none, UNBOUNDED for ..., else the depth

        Field(Keyword attribute, String alias, Object limit, Object defaultValue, PatternSpec nested, int recursion) {
            this.attribute = attribute;
            String name = attribute.getName();
            this.reverse = name.startsWith("_") && name.length() > 1 && attribute.getNamespace() != null;
            this.forward = reverse ? Keyword.intern(attribute.getNamespace(), name.substring(1)) : attribute;
            this.alias = alias;
            this.limit = limit;
            this.defaultValue = defaultValue;
            this.nested = nested;
            this.recursion = recursion;
        }

        Field withNested(PatternSpec nested, int recursion) {
            return new Field(attribute, alias, limit, defaultValue, nested, recursion);
        }

        boolean hasOptions() {
            return limit != UNSET || defaultValue != UNSET;
        }
    }

    /**
     * Parses a pattern given as EDN text or as data. The nesting is bounded before the recursive
     * parse: {@value Edn#MAX_DEPTH} levels of EDN in all (text and data alike, checked without
     * recursion), then {@value Clientizer#MAX_PATTERN_DEPTH} levels of sub-patterns.
     */
    static PatternSpec parse(Object pattern) {
        Object data = pattern;
        if (pattern instanceof String text) {
            data = Edn.read(text, "Pull pattern " + Edn.show(text));
        } else {
            Edn.checkDepth(pattern, Edn.MAX_DEPTH, "Pull pattern " + Edn.show(pattern));
        }
        if (!(data instanceof List<?> items)) {
            throw new IllegalArgumentException("A pull pattern is a vector of attributes, such as [:user/email {:user/friends [:user/email]}];"
                    + " found " + Edn.describe(data));
        }
        String whole = Edn.show(data);
        return parse(items, whole, whole, 1);
    }

    private static PatternSpec parse(List<?> items, String whole, String root, int level) {
        if (level > Clientizer.MAX_PATTERN_DEPTH) {
            throw new IllegalArgumentException("Pull pattern " + root + " nests sub-patterns more than "
                    + Clientizer.MAX_PATTERN_DEPTH + " levels deep, the most a clientizer accepts; use recursion such as"
                    + " {:user/friends ...} for data of unknown depth");
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("Pull pattern " + whole + " is empty; name at least one attribute");
        }
        Map<Keyword, Field> fields = new LinkedHashMap<>();
        for (Object item : items) {
            if (item instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    Field field = attributeExpression(entry.getKey(), whole);
                    add(fields, nestedField(field, entry.getValue(), whole, root, level), whole);
                }
            } else {
                add(fields, attributeExpression(item, whole), whole);
            }
        }
        return new PatternSpec(new ArrayList<>(fields.values()));
    }

    private static void add(Map<Keyword, Field> fields, Field field, String whole) {
        if (fields.putIfAbsent(field.attribute, field) != null) {
            throw new IllegalArgumentException("Pull pattern " + whole + " names " + field.attribute
                    + " more than once; give it one specification");
        }
    }

    private static Field nestedField(Field field, Object value, String whole, String root, int level) {
        if (value instanceof List<?> sub) {
            return field.withNested(parse(sub, Edn.show(sub), root, level + 1), 0);
        }
        if (isSymbol(value, "...")) {
            return field.withNested(null, UNBOUNDED);
        }
        if (value instanceof Long || value instanceof Integer) {
            long depth = ((Number) value).longValue();
            if (depth < 1) {
                throw new IllegalArgumentException("Pull pattern " + whole + ": recursion depth of " + field.attribute
                        + " is " + depth + "; expected a positive number or ...");
            }
            return field.withNested(null, (int) Math.min(depth, Integer.MAX_VALUE));
        }
        throw new IllegalArgumentException("Pull pattern " + whole + ": " + field.attribute + " maps to " + Edn.describe(value)
                + "; expected a sub-pattern such as [:user/email], a recursion depth or ...");
    }

    /** An attribute name, {@code [attr :as x :limit n :default v]}, or legacy {@code (limit attr n)}. */
    private static Field attributeExpression(Object item, String whole) {
        if (isWildcard(item)) {
            throw new IllegalArgumentException("Pull pattern " + whole + " uses the wildcard *, which would show every"
                    + " attribute of the entity, including ones never meant for clients (a password hash next to the"
                    + " email); name the attributes to show instead");
        }
        if (item instanceof List<?> expr && !expr.isEmpty()) {
            Object head = expr.get(0);
            if (isSymbol(head, "limit") || isSymbol(head, "default") || "limit".equals(head) || "default".equals(head)) {
                return legacyExpression(expr, whole);
            }
            Keyword attribute = attributeName(head, whole);
            if (expr.size() % 2 == 0) {
                throw new IllegalArgumentException("Pull pattern " + whole + ": options of " + attribute
                        + " must come in pairs such as :as \"name\" or :limit 10; found " + Edn.show(expr));
            }
            String alias = null;
            Object limit = UNSET;
            Object defaultValue = UNSET;
            for (int i = 1; i < expr.size(); i += 2) {
                Keyword option = optionName(expr.get(i), attribute, whole);
                Object value = expr.get(i + 1);
                if (option.equals(AS)) {
                    alias = alias(value, attribute, whole);
                } else if (option.equals(LIMIT)) {
                    limit = limit(value, attribute, whole);
                } else if (option.equals(DEFAULT)) {
                    defaultValue = value;
                } else if (option.equals(XFORM)) {
                    throw new IllegalArgumentException("Pull pattern " + whole + ": :xform on " + attribute
                            + " is not supported by clientizers; convert the value in Java after clientizing");
                } else {
                    throw new IllegalArgumentException("Pull pattern " + whole + ": unknown option " + option + " on "
                            + attribute + "; expected :as, :limit or :default");
                }
            }
            return new Field(attribute, alias, limit, defaultValue, null, 0);
        }
        return new Field(attributeName(item, whole), null, UNSET, UNSET, null, 0);
    }

    private static Field legacyExpression(List<?> expr, String whole) {
        if (expr.size() != 3) {
            throw new IllegalArgumentException("Pull pattern " + whole + ": " + Edn.show(expr)
                    + " should be (limit :attr n) or (default :attr value)");
        }
        Keyword attribute = attributeName(expr.get(1), whole);
        boolean isLimit = isSymbol(expr.get(0), "limit") || "limit".equals(expr.get(0));
        return isLimit
                ? new Field(attribute, null, limit(expr.get(2), attribute, whole), UNSET, null, 0)
                : new Field(attribute, null, UNSET, expr.get(2), null, 0);
    }

    private static Keyword attributeName(Object item, String whole) {
        if (item instanceof Keyword keyword) {
            return keyword;
        }
        if (item instanceof String text) {
            try {
                return Kw.of(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Pull pattern " + whole + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("Pull pattern " + whole + ": expected an attribute such as :user/email, found "
                + Edn.describe(item));
    }

    private static Keyword optionName(Object option, Keyword attribute, String whole) {
        if (option instanceof Keyword keyword) {
            return keyword;
        }
        if (option instanceof String text && Kw.isValid(text)) {
            return Kw.of(text);
        }
        throw new IllegalArgumentException("Pull pattern " + whole + ": expected an option keyword (:as, :limit, :default)"
                + " after " + attribute + ", found " + Edn.describe(option));
    }

    private static String alias(Object value, Keyword attribute, String whole) {
        if (value instanceof String text && !text.isEmpty()) {
            return text;
        }
        if (value instanceof Keyword keyword) {
            return Naming.KEEP_NAMESPACE.apply(keyword);
        }
        throw new IllegalArgumentException("Pull pattern " + whole + ": :as of " + attribute
                + " must be a non-empty string or a keyword, found " + Edn.describe(value));
    }

    private static Object limit(Object value, Keyword attribute, String whole) {
        if (value == null) {
            return null;
        }
        if ((value instanceof Long || value instanceof Integer) && ((Number) value).longValue() > 0) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException("Pull pattern " + whole + ": :limit of " + attribute
                + " must be a positive number or nil, found " + Edn.describe(value));
    }

    private static boolean isWildcard(Object item) {
        return "*".equals(item) || isSymbol(item, "*");
    }

    private static boolean isSymbol(Object item, String name) {
        return item instanceof Symbol symbol && symbol.getNamespace() == null && symbol.getName().equals(name)
                || "...".equals(name) && "...".equals(item);
    }
}
