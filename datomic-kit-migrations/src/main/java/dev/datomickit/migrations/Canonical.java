package dev.datomickit.migrations;

import clojure.lang.BigInt;
import clojure.lang.Keyword;
import clojure.lang.Symbol;
import datomic.functions.Fn;
import dev.datomickit.core.Edn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The canonical text of a migration's definition, and its SHA-256 checksum.
 *
 * <p>The text is EDN-like and depends on the values only, never on the JVM: map entries and set
 * elements are sorted by their own canonical text (a {@code Map.of} iterates in an order that changes
 * from one JVM run to the next), integers of every width print alike (as Datomic stores them), and
 * tempids made with {@code Peer.tempid} print by partition and order of first appearance, since their
 * numbers come from a counter of the running peer. Values of any other type are refused rather than
 * printed with a {@code toString} that could differ between runs.
 */
final class Canonical {

    private static final Keyword LANG = Keyword.intern("lang");
    private static final Keyword PARAMS = Keyword.intern("params");
    private static final Keyword CODE = Keyword.intern("code");
    private static final Keyword REQUIRES = Keyword.intern("requires");
    private static final Keyword IMPORTS = Keyword.intern("imports");
    private static final Keyword PART = Keyword.intern("part");
    private static final String DB_ID_CLASS = "datomic.db.DbId";

    /** Tempids seen so far (by their printed form), numbered by first appearance. */
    private final Map<String, Integer> tempids;

    private Canonical(Map<String, Integer> tempids) {
        this.tempids = tempids;
    }

    /**
     * The canonical text of {@code value}.
     *
     * @param what what the value is, for messages ("its transaction data")
     * @throws IllegalArgumentException naming {@code what} if the value nests deeper than
     *     {@link Migration#MAX_DEPTH} levels or contains itself (the writer recurses), or holds a
     *     value without a stable text, naming its type
     */
    static String text(Object value, String what) {
        Edn.checkDepth(value, Migration.MAX_DEPTH, what);
        StringBuilder out = new StringBuilder();
        new Canonical(new HashMap<>()).write(value, out);
        return out.toString();
    }

    /** The lower-case hex SHA-256 of the UTF-8 text. */
    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }

    private void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("nil");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Boolean || value instanceof Keyword || value instanceof Symbol) {
            out.append(value);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Double d) {
            out.append(Double.toString(d));
        } else if (value instanceof Float f) {
            out.append(Float.toString(f)).append('F');
        } else if (value instanceof BigInteger || value instanceof BigInt) {
            out.append(value).append('N');
        } else if (value instanceof BigDecimal d) {
            out.append(d.toString()).append('M');
        } else if (value instanceof Character c) {
            out.append("\\u").append(String.format("%04x", (int) c));
        } else if (value instanceof Date date) {
            out.append("#inst \"").append(Instant.ofEpochMilli(date.getTime())).append('"');
        } else if (value instanceof UUID || value instanceof URI) {
            out.append(value instanceof UUID ? "#uuid " : "#uri ");
            string(value.toString(), out);
        } else if (value instanceof byte[] bytes) {
            out.append("#bytes \"").append(HexFormat.of().formatHex(bytes)).append('"');
        } else if (value.getClass().getName().equals(DB_ID_CLASS)) {
            tempid((Map<?, ?>) value, out);
        } else if (value instanceof Fn fn) {
            function(fn, out);
        } else if (value instanceof datomic.Entity entity) {
            out.append("#entity ").append(entity.get(":db/id"));
        } else if (value instanceof Map<?, ?> map) {
            map(map, out);
        } else if (value instanceof Set<?> set) {
            out.append("#{");
            sorted(set, out);
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            String separator = "";
            for (Object element : list) {
                out.append(separator);
                write(element, out);
                separator = " ";
            }
            out.append(']');
        } else if (value instanceof Object[] array) {
            write(List.of(array), out);
        } else {
            throw new IllegalArgumentException("Cannot compute a stable checksum of a value of type "
                    + Edn.typeName(value) + ", which has no stable text; transaction data may hold strings, keywords,"
                    + " symbols, numbers, booleans, instants, UUIDs, URIs, bytes, tempids, database functions, maps,"
                    + " lists and sets");
        }
    }

    private void map(Map<?, ?> map, StringBuilder out) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<?, ?> e) -> blind(e.getKey()))
                .thenComparing(e -> blind(e.getValue())));
        out.append('{');
        String separator = "";
        for (Map.Entry<?, ?> entry : entries) {
            out.append(separator);
            write(entry.getKey(), out);
            out.append(' ');
            write(entry.getValue(), out);
            separator = ", ";
        }
        out.append('}');
    }

    private void sorted(Collection<?> values, StringBuilder out) {
        List<Object> elements = new ArrayList<>(values);
        elements.sort(Comparator.comparing(Canonical::blind));
        String separator = "";
        for (Object element : elements) {
            out.append(separator);
            write(element, out);
            separator = " ";
        }
    }

    /**
     * The text used to sort map entries and set elements: tempids print without their number, so
     * that the order, and hence the numbering by first appearance, never depends on iteration order.
     */
    private static String blind(Object value) {
        StringBuilder text = new StringBuilder();
        new Canonical(null).write(value, text);
        return text.toString();
    }

    private void tempid(Map<?, ?> id, StringBuilder out) {
        out.append("#db/id [").append(id.get(PART));
        if (tempids != null) {
            // Equal tempids (the same partition and number) are one entity: number them once.
            out.append(' ').append(tempids.computeIfAbsent(String.valueOf(id), k -> tempids.size() + 1));
        }
        out.append(']');
    }

    private void function(Fn fn, StringBuilder out) {
        // Datomic's functions are records; requires and imports are only reachable as map entries.
        Map<?, ?> definition = fn instanceof Map<?, ?> m ? m : Map.of();
        Map<Keyword, Object> parts = new HashMap<>();
        parts.put(LANG, fn.lang());
        parts.put(PARAMS, List.copyOf(fn.params()));
        parts.put(CODE, fn.code());
        parts.put(REQUIRES, definition.get(REQUIRES));
        parts.put(IMPORTS, definition.get(IMPORTS));
        out.append("#db/fn ");
        map(parts, out);
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
