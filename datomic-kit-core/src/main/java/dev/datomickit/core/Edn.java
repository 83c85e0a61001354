package dev.datomickit.core;

import clojure.lang.IPersistentSet;
import clojure.lang.Keyword;
import clojure.lang.RT;
import clojure.lang.Symbol;
import datomic.Util;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Date;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * EDN text and data as Datomic reads them, with stated bounds: every module reads EDN, checks the
 * nesting of data it is about to walk, and quotes values in messages through this class.
 *
 * <ul>
 *   <li>{@link #read(String, String)} reads exactly one form, refuses text after it, and refuses
 *       nesting deeper than {@value #MAX_DEPTH} levels before the reader starts (Clojure's reader
 *       recurses, so deep text would otherwise overflow the stack). Time and memory are linear in
 *       the text's length.
 *   <li>{@link #checkDepth(Object, int, String)} checks how deep lists, sets, maps and arrays
 *       nest before a recursive walker sees them, in time linear in the number of distinct
 *       collections (shared sub-collections are measured once; a collection that contains itself
 *       is refused).
 *   <li>{@link #show(Object)} and {@link #describe(Object)} quote a value for a message: at most
 *       {@value #MAX_SHOWN} characters, whatever the value's size, depth or cycles, with EDN type
 *       names instead of Java class names.
 * </ul>
 *
 * <pre>{@code
 * Object pattern = Edn.read("[:user/email {:user/friends 2}]", "pull pattern");
 * Edn.checkDepth(body, 32, "request body");   // throws if body nests deeper than 32
 * }</pre>
 */
public final class Edn {

    /** The deepest nesting {@link #read(String, String)} accepts. */
    public static final int MAX_DEPTH = 100;
    /** The most characters {@link #show(Object)} returns (an ellipsis marks a cut). */
    public static final int MAX_SHOWN = 200;

    private Edn() {}

    /**
     * Reads one EDN form, with Datomic's tagged literals ({@code #db/id}, {@code #db/fn},
     * {@code #inst}, {@code #uuid}).
     *
     * @param text the EDN text
     * @param what what the text is, in the caller's terms, for messages ({@code "schema EDN"},
     *     {@code "pull pattern"})
     * @return the form read: Clojure's persistent collections, keywords, symbols, strings, numbers
     * @throws IllegalArgumentException naming {@code what} if the text is empty, is not valid EDN,
     *     holds more than one form, or nests deeper than {@value #MAX_DEPTH} levels
     */
    public static Object read(String text, String what) {
        Objects.requireNonNull(text, what);
        checkTextDepth(text, what);
        List<?> forms;
        try {
            forms = Util.readAll(new StringReader(text));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " is not valid EDN: " + readerMessage(e), e);
        }
        if (forms.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty; expected one EDN form");
        }
        if (forms.size() > 1) {
            throw new IllegalArgumentException(what + " holds " + forms.size() + " EDN forms where one is expected;"
                    + " the second is " + show(forms.get(1)) + " (remove the text after the first form)");
        }
        return forms.get(0);
    }

    /**
     * Checks that {@code value} nests lists, sets, maps and arrays at most {@code maxDepth} levels
     * deep: a flat vector is depth 1, a vector of maps depth 2. Scalars are depth 0.
     *
     * @param value the data to check, typically before a recursive walk
     * @param maxDepth the deepest nesting accepted, at least 1
     * @param what what the value is, in the caller's terms, for the message
     * @throws IllegalArgumentException naming {@code what} and the bound if the value nests deeper,
     *     or contains itself
     */
    public static void checkDepth(Object value, int maxDepth, String what) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, not " + maxDepth);
        }
        if (depth(value, maxDepth) > maxDepth) {
            throw new IllegalArgumentException(what + " nests deeper than " + maxDepth
                    + " levels, the most datomic-kit accepts; flatten it");
        }
    }

    /**
     * Quotes a value for a message, as EDN: strings keep their quotes, keywords their colon.
     *
     * @param value any value, possibly huge, deep or cyclic
     * @return at most {@value #MAX_SHOWN} characters, ending in {@code …} when cut
     */
    public static String show(Object value) {
        Printer printer = new Printer();
        printer.print(value, 0);
        return printer.text();
    }

    /**
     * Names a value's EDN type and quotes it, for messages about a value of an unexpected type.
     *
     * @param value any value
     * @return for example {@code string "42"}, {@code integer 42}, {@code map {:a 1}} or {@code nil}
     */
    public static String describe(Object value) {
        return value == null ? "nil" : typeName(value) + " " + show(value);
    }

    /**
     * Names a value's type the way EDN and Datomic do, never as a Java class.
     *
     * @param value any value
     * @return {@code nil}, {@code string}, {@code keyword}, {@code symbol}, {@code boolean},
     *     {@code integer}, {@code float}, {@code bigint}, {@code bigdec}, {@code uuid},
     *     {@code instant}, {@code uri}, {@code bytes}, {@code character}, {@code map}, {@code set},
     *     {@code list}; for other objects their simple class name
     */
    public static String typeName(Object value) {
        if (value == null) {
            return "nil";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof Keyword) {
            return "keyword";
        } else if (value instanceof Symbol) {
            return "symbol";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            return "integer";
        } else if (value instanceof Double || value instanceof Float) {
            return "float";
        } else if (value instanceof BigInteger || value instanceof clojure.lang.BigInt) {
            return "bigint";
        } else if (value instanceof BigDecimal) {
            return "bigdec";
        } else if (value instanceof UUID) {
            return "uuid";
        } else if (value instanceof Date || value instanceof java.time.Instant) {
            return "instant";
        } else if (value instanceof URI) {
            return "uri";
        } else if (value instanceof byte[]) {
            return "bytes";
        } else if (value instanceof Character) {
            return "character";
        } else if (value instanceof Map<?, ?>) {
            return "map";
        } else if (value instanceof Set<?> || value instanceof IPersistentSet) {
            return "set";
        } else if (value instanceof Collection<?> || value instanceof Object[]) {
            return "list";
        }
        return value.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------- text depth

    /**
     * Scans EDN text for its deepest nesting without reading it: strings, character literals and
     * comments are skipped, so a bracket inside them does not count.
     */
    private static void checkTextDepth(String text, String what) {
        int depth = 0;
        int line = 1;
        int column = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            column++;
            switch (c) {
                case '\n' -> {
                    line++;
                    column = 0;
                }
                case '"' -> {
                    // A string: skip to its closing quote, past escaped characters.
                    for (i++; i < n && text.charAt(i) != '"'; i++) {
                        if (text.charAt(i) == '\\') {
                            i++;
                        } else if (text.charAt(i) == '\n') {
                            line++;
                            column = 0;
                        }
                    }
                }
                case '\\' -> i++; // a character literal such as \( or \": its character is not syntax
                case ';' -> {
                    while (i + 1 < n && text.charAt(i + 1) != '\n') {
                        i++;
                    }
                }
                case '(', '[', '{' -> {
                    if (++depth > MAX_DEPTH) {
                        throw new IllegalArgumentException(what + " nests deeper than " + MAX_DEPTH
                                + " levels (line " + line + ", column " + column + "), the most datomic-kit reads");
                    }
                }
                case ')', ']', '}' -> depth = Math.max(0, depth - 1);
                default -> { }
            }
        }
    }

    /** The reader's own words, without the Java exception class Clojure prefixes them with. */
    private static String readerMessage(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() != null
                && cause.getMessage().startsWith("java.lang.")) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "unreadable text" : cause.getMessage();
        message = message.replaceFirst("^(java\\.lang\\.|clojure\\.lang\\.)[\\w.$]*(Exception|Error): ", "");
        return message.length() <= MAX_SHOWN ? message : message.substring(0, MAX_SHOWN) + "…";
    }

    // ---------------------------------------------------------------- data depth

    /**
     * The nesting depth of {@code root}, computed without recursion, or {@code limit + 1} as soon
     * as it is known to exceed {@code limit}. Each distinct collection is measured once.
     */
    private static int depth(Object root, int limit) {
        if (!isContainer(root)) {
            return 0;
        }
        IdentityHashMap<Object, Integer> measured = new IdentityHashMap<>();
        IdentityHashMap<Object, Boolean> onPath = new IdentityHashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(root));
        onPath.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            if (stack.size() > limit) {
                return limit + 1;
            }
            Frame top = stack.peek();
            if (top.children.hasNext()) {
                Object child = top.children.next();
                if (!isContainer(child)) {
                    continue;
                }
                Integer known = measured.get(child);
                if (known != null) {
                    top.height = Math.max(top.height, known + 1);
                    if (stack.size() + known > limit) {
                        return limit + 1;
                    }
                } else if (onPath.containsKey(child)) {
                    return limit + 1; // contains itself: infinitely deep
                } else {
                    onPath.put(child, Boolean.TRUE);
                    stack.push(new Frame(child));
                }
            } else {
                stack.pop();
                onPath.remove(top.value);
                measured.put(top.value, top.height);
                if (!stack.isEmpty()) {
                    Frame parent = stack.peek();
                    parent.height = Math.max(parent.height, top.height + 1);
                }
            }
        }
        return measured.get(root);
    }

    private static boolean isContainer(Object value) {
        return value instanceof Collection<?> || value instanceof Map<?, ?> || value instanceof Object[];
    }

    /** A collection being measured: the children still to visit and the height seen so far. */
    private static final class Frame {
        final Object value;
        final Iterator<?> children;
        int height = 1;

        Frame(Object value) {
            this.value = value;
            this.children = children(value);
        }

        private static Iterator<?> children(Object value) {
            if (value instanceof Map<?, ?> map) {
                Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
                return new Iterator<Object>() {
                    private Object pendingValue;
                    private boolean hasPending;

                    @Override
                    public boolean hasNext() {
                        return hasPending || entries.hasNext();
                    }

                    @Override
                    public Object next() {
                        if (hasPending) {
                            hasPending = false;
                            return pendingValue;
                        }
                        Map.Entry<?, ?> entry = entries.next();
                        pendingValue = entry.getValue();
                        hasPending = true;
                        return entry.getKey();
                    }
                };
            }
            if (value instanceof Object[] array) {
                return List.of(array).iterator();
            }
            return ((Collection<?>) value).iterator();
        }
    }

    // ---------------------------------------------------------------- bounded printing

    /** Prints EDN into a buffer that stops growing at {@link #MAX_SHOWN} characters. */
    private static final class Printer {
        private static final int MAX_PRINT_DEPTH = 8;
        private final StringBuilder out = new StringBuilder();
        private boolean cut;

        String text() {
            return cut || out.length() > MAX_SHOWN ? out.substring(0, MAX_SHOWN) + "…" : out.toString();
        }

        private boolean full() {
            if (out.length() > MAX_SHOWN) {
                cut = true;
            }
            return cut;
        }

        void print(Object value, int depth) {
            if (full()) {
                return;
            }
            if (value instanceof Map<?, ?> map) {
                if (depth >= MAX_PRINT_DEPTH) {
                    out.append("{…}");
                    return;
                }
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (full()) {
                        return;
                    }
                    if (!first) {
                        out.append(", ");
                    }
                    first = false;
                    print(entry.getKey(), depth + 1);
                    out.append(' ');
                    print(entry.getValue(), depth + 1);
                }
                out.append('}');
            } else if (value instanceof Collection<?> || value instanceof Object[]) {
                boolean set = value instanceof Set<?>;
                String open = set ? "#{" : "[";
                String close = set ? "}" : "]";
                if (depth >= MAX_PRINT_DEPTH) {
                    out.append(open).append('…').append(close);
                    return;
                }
                Iterable<?> items = value instanceof Object[] array ? List.of(array) : (Collection<?>) value;
                out.append(open);
                boolean first = true;
                for (Object item : items) {
                    if (full()) {
                        return;
                    }
                    if (!first) {
                        out.append(' ');
                    }
                    first = false;
                    print(item, depth + 1);
                }
                out.append(close);
            } else if (value instanceof String text) {
                // Quote at most what can be shown: a huge string costs no more than a short one.
                String head = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN + 1) : text;
                out.append(RT.printString(head));
            } else if (value instanceof byte[] bytes) {
                out.append("#bytes[").append(bytes.length).append(']');
            } else {
                String text;
                try {
                    text = RT.printString(value);
                } catch (RuntimeException e) {
                    text = String.valueOf(value);
                }
                out.append(text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN + 1) : text);
            }
        }
    }
}
