package dev.datomickit.core.json;

import clojure.lang.BigInt;
import clojure.lang.Keyword;
import clojure.lang.Symbol;
import datomic.Entity;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.Edn;
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

    /**
     * The converter for values of one attribute type; chosen once per attribute, not per value.
     * Whatever the type, an entity or a map is never passed through: the plan was compiled for
     * scalars, so a map here means the schema is not what the plan was compiled against.
     */
    static Function<Object, Object> forType(ValueType type, Naming keywords, Keyword attribute) {
        return switch (type) {
            case STRING, BOOLEAN, LONG, DOUBLE, FLOAT, BIGDEC -> value -> {
                if (value instanceof Map<?, ?> || value instanceof Entity) {
                    throw refuseEntity(attribute);
                }
                return value;
            };
            default -> value -> convert(value, keywords, attribute);
        };
    }

    /**
     * Converts any value Datomic returns, by its class.
     *
     * @param attribute the attribute the value was read from, for messages
     */
    static Object convert(Object value, Naming keywords, Keyword attribute) {
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
        if (value instanceof Map<?, ?> || value instanceof Entity) {
            throw refuseEntity(attribute);
        }
        if (value instanceof Collection<?> values) {
            // Many-valued attributes and tuples.
            List<Object> out = new ArrayList<>(values.size());
            for (Object v : values) {
                out.add(convert(v, keywords, attribute));
            }
            return out;
        }
        throw new DatomicKitException("Cannot show a value of " + attribute + " to clients: it is of type "
                + Edn.typeName(value) + ", which is none of Datomic's value types");
    }

    /** Never copy an entity or a pulled map wholesale: it may hold attributes not meant for clients. */
    private static DatomicKitException refuseEntity(Keyword attribute) {
        // The message shows neither the entity's attributes nor their values: they are what is withheld.
        return new DatomicKitException("Refusing to show an entity or a map as the value of " + attribute
                + ": an entity reaches clients only through a sub-pattern that names its attributes, or reduced to"
                + " its identifier");
    }
}
