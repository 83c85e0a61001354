package dev.datomickit.core.json;

import clojure.lang.BigInt;
import clojure.lang.Keyword;
import clojure.lang.Symbol;
import datomic.Entity;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Converts Datomic values to the plain values a JSON client reads: strings, numbers, booleans and
 * lists of them. Instants become ISO-8601 text, keywords and uuids strings, bigdec and bigint stay
 * exact ({@link BigDecimal}, {@link BigInteger}).
 */
final class ClientValues {

    private ClientValues() {}

    /** The converter for values of one attribute type; chosen once per attribute, not per value. */
    static Function<Object, Object> forType(ValueType type, Naming keywords) {
        return switch (type) {
            case STRING, BOOLEAN, LONG, DOUBLE, FLOAT, BIGDEC -> Function.identity();
            default -> value -> convert(value, keywords);
        };
    }

    /** Converts any value Datomic returns, by its class. */
    static Object convert(Object value, Naming keywords) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double || value instanceof BigDecimal || value instanceof BigInteger
                || value instanceof Integer || value instanceof Float) {
            return value;
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof Keyword keyword) {
            return keywords.apply(keyword);
        }
        if (value instanceof UUID || value instanceof URI || value instanceof Symbol) {
            return value.toString();
        }
        if (value instanceof BigInt big) {
            return big.toBigInteger();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Collection<?> values) {
            // Many-valued attributes and tuples.
            List<Object> out = new ArrayList<>(values.size());
            for (Object v : values) {
                out.add(convert(v, keywords));
            }
            return out;
        }
        if (value instanceof Map<?, ?> || value instanceof Entity) {
            // Never copy an entity or a pulled map wholesale: it may hold attributes not meant for clients.
            throw new DatomicKitException("Refusing to clientize " + value.getClass().getName()
                    + " as a value: an entity is shown only through a sub-pattern or reduced to its identifier");
        }
        throw new DatomicKitException("Cannot clientize a value of " + value.getClass().getName()
                + "; expected one of Datomic's value types");
    }
}
