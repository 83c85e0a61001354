package dev.datomickit.core;

import clojure.lang.BigInt;
import clojure.lang.Keyword;
import clojure.lang.Symbol;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Datomic's attribute value types ({@code :db.type/*}) and the Java values each accepts.
 *
 * <pre>{@code
 * ValueType type = ValueType.of(db.attribute(":user/email").valueType()); // STRING
 * type.accepts("alice@example.com"); // true
 * type.accepts(42L);                 // false
 * }</pre>
 */
public enum ValueType {

    /** {@code :db.type/string}: {@link String}. */
    STRING("string", String.class::isInstance),
    /** {@code :db.type/boolean}: {@link Boolean}. */
    BOOLEAN("boolean", Boolean.class::isInstance),
    /** {@code :db.type/long}: {@link Long}; {@code int}, {@code short} and {@code byte} are widened. */
    LONG("long", v -> v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte),
    /** {@code :db.type/bigint}: {@link BigInteger} or Clojure's {@code BigInt}. */
    BIGINT("bigint", v -> v instanceof BigInteger || v instanceof BigInt),
    /** {@code :db.type/float}: {@link Float}; a {@link Double} is narrowed by Datomic. */
    FLOAT("float", v -> v instanceof Float || v instanceof Double),
    /** {@code :db.type/double}: {@link Double}. */
    DOUBLE("double", Double.class::isInstance),
    /** {@code :db.type/bigdec}: {@link BigDecimal}. */
    BIGDEC("bigdec", BigDecimal.class::isInstance),
    /** {@code :db.type/instant}: {@link Date}. */
    INSTANT("instant", Date.class::isInstance),
    /** {@code :db.type/uuid}: {@link UUID}. */
    UUID("uuid", java.util.UUID.class::isInstance),
    /** {@code :db.type/uri}: {@link URI}. */
    URI("uri", java.net.URI.class::isInstance),
    /** {@code :db.type/keyword}: {@link Keyword}. */
    KEYWORD("keyword", Keyword.class::isInstance),
    /** {@code :db.type/symbol}: Clojure's {@link Symbol}. */
    SYMBOL("symbol", Symbol.class::isInstance),
    /** {@code :db.type/bytes}: {@code byte[]}. */
    BYTES("bytes", byte[].class::isInstance),
    /**
     * {@code :db.type/ref}: an entity id, an ident keyword, a lookup ref, a tempid string, an
     * {@link datomic.Entity} or a nested entity map.
     */
    REF("ref", v -> v instanceof Long || v instanceof Integer || v instanceof Keyword || v instanceof List<?>
            || v instanceof String || v instanceof datomic.Entity || v instanceof Map<?, ?> || v instanceof TxEntity),
    /** {@code :db.type/tuple}: a {@link List} of the tuple's elements. */
    TUPLE("tuple", List.class::isInstance);

    private final Keyword ident;
    private final Predicate<Object> accepts;

    ValueType(String name, Predicate<Object> accepts) {
        this.ident = Keyword.intern("db.type", name);
        this.accepts = accepts;
    }

    /**
     * Returns the type's ident, such as {@code :db.type/string}.
     *
     * @return the ident keyword
     */
    public Keyword ident() {
        return ident;
    }

    /**
     * Tells whether Datomic accepts {@code value} for an attribute of this type.
     *
     * @param value a Java value; {@code null} is never accepted
     * @return {@code true} if the value's class fits this type
     */
    public boolean accepts(Object value) {
        return value != null && accepts.test(value);
    }

    /**
     * Returns the value type named by {@code ident}.
     *
     * @param ident {@code :db.type/string}, {@code "db.type/string"} or the short {@code "string"}
     * @return the value type
     * @throws IllegalArgumentException if no value type has that name, listing the known ones
     */
    public static ValueType of(Object ident) {
        if (ident instanceof Keyword keyword) {
            // What Datomic's attributes return: a map lookup, as schema checks run on every new database value.
            ValueType known = ByIdent.TYPES.get(keyword);
            if (known != null) {
                return known;
            }
        }
        String text = ident instanceof Keyword k ? k.toString() : String.valueOf(ident);
        String name = text.startsWith(":") ? text.substring(1) : text;
        name = name.startsWith("db.type/") ? name.substring("db.type/".length()) : name;
        for (ValueType type : values()) {
            if (type.ident.getName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown value type " + Edn.show(ident) + "; expected one of "
                + Arrays.stream(values()).map(t -> t.ident.toString()).collect(Collectors.joining(", ")));
    }

    /** Holder: the types by their {@code :db.type/…} ident, built once the constants exist. */
    private static final class ByIdent {
        static final Map<Keyword, ValueType> TYPES = Arrays.stream(values())
                .collect(Collectors.toUnmodifiableMap(ValueType::ident, type -> type));
    }
}
