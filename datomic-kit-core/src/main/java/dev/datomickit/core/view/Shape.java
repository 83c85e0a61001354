package dev.datomickit.core.view;

import clojure.lang.Keyword;
import clojure.lang.Symbol;
import datomic.Entity;
import dev.datomickit.core.ValueType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What a view method returns: a container (none, Optional, a collection) around one kind of value. */
record Shape(Container container, Kind kind, Class<?> type, boolean primitive) {

    enum Container { PLAIN, OPTIONAL, SET, LIST, COLLECTION }

    /** Kinds of values, with the attribute value types each can hold. */
    enum Kind {
        STRING(ValueType.STRING), LONG(ValueType.LONG), BOOLEAN(ValueType.BOOLEAN), DOUBLE(ValueType.DOUBLE),
        FLOAT(ValueType.FLOAT), BIGDEC(ValueType.BIGDEC), BIGINT(ValueType.BIGINT), DATE(ValueType.INSTANT),
        INSTANT(ValueType.INSTANT), UUID(ValueType.UUID), URI(ValueType.URI), BYTES(ValueType.BYTES),
        SYMBOL(ValueType.SYMBOL), KEYWORD(ValueType.KEYWORD, ValueType.REF), ENUM(ValueType.KEYWORD, ValueType.REF),
        VIEW(ValueType.REF), ENTITY(ValueType.REF), TUPLE(ValueType.TUPLE), OBJECT(ValueType.values());

        final Set<ValueType> accepts;

        Kind(ValueType first, ValueType... rest) {
            this.accepts = EnumSet.of(first, rest);
        }

        Kind(ValueType[] all) {
            this.accepts = EnumSet.of(all[0], all);
        }
    }

    boolean many() {
        return container == Container.SET || container == Container.LIST || container == Container.COLLECTION;
    }

    /** A list of plain values, which for a cardinality-one tuple attribute is the tuple itself. */
    boolean couldBeTuple() {
        return kind == Kind.TUPLE && !many() || kind == Kind.OBJECT && (container == Container.LIST
                || container == Container.COLLECTION);
    }

    /** Describes the shape as Java source writes it, for messages. */
    String describe() {
        String element = type.getSimpleName();
        return switch (container) {
            case PLAIN -> element;
            case OPTIONAL -> "Optional<" + element + ">";
            case SET -> "Set<" + element + ">";
            case LIST -> "List<" + element + ">";
            case COLLECTION -> "Collection<" + element + ">";
        };
    }

    /** Analyses a method's generic return type; throws with the reason if no attribute could fill it. */
    static Shape of(Type returnType) {
        try {
            return analyse(returnType);
        } catch (Unsupported e) {
            throw unsupported(returnType); // name the whole type, not the part that failed
        }
    }

    private static Shape analyse(Type returnType) {
        if (returnType instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type argument = parameterized.getActualTypeArguments()[0];
            if (raw == Optional.class) {
                Shape inner = element(argument);
                return new Shape(Container.OPTIONAL, inner.kind, inner.type, false);
            }
            Container container = container(raw);
            if (container != null) {
                Shape inner = element(argument);
                return new Shape(container, inner.kind, inner.type, false);
            }
            throw unsupported(returnType);
        }
        if (returnType instanceof Class<?> raw) {
            Container container = container(raw);
            if (raw == Optional.class) {
                throw new IllegalArgumentException("raw Optional: declare its type, such as Optional<String>");
            }
            if (container != null) {
                return new Shape(container, Kind.OBJECT, Object.class, false);
            }
            Shape plain = element(raw);
            return new Shape(Container.PLAIN, plain.kind, plain.type, raw.isPrimitive());
        }
        throw unsupported(returnType);
    }

    private static Container container(Class<?> raw) {
        if (raw == Set.class) {
            return Container.SET;
        }
        if (raw == List.class) {
            return Container.LIST;
        }
        if (raw == Collection.class) {
            return Container.COLLECTION;
        }
        return null;
    }

    /** The kind of one value: a scalar, an enum, another view, an entity, or a tuple (a list). */
    private static Shape element(Type type) {
        if (type instanceof WildcardType wildcard && wildcard.getUpperBounds().length == 1
                && wildcard.getLowerBounds().length == 0) {
            return element(wildcard.getUpperBounds()[0]);
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            return new Shape(Container.PLAIN, Kind.TUPLE, List.class, false);
        }
        if (!(type instanceof Class<?> c)) {
            throw unsupported(type);
        }
        Kind kind = scalar(c);
        if (kind != null) {
            return new Shape(Container.PLAIN, kind, c, false);
        }
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class || c == byte.class
                || c == Byte.class) {
            throw new IllegalArgumentException(c.getSimpleName() + " cannot hold a :db.type/long, which is 64-bit;"
                    + " declare long or Long");
        }
        if (c.isEnum()) {
            return new Shape(Container.PLAIN, Kind.ENUM, c, false);
        }
        if (c.isInterface() && !c.isAnnotation() && !isPlatformType(c)) {
            return new Shape(Container.PLAIN, Kind.VIEW, c, false);
        }
        throw unsupported(type);
    }

    private static Kind scalar(Class<?> c) {
        if (c == String.class) {
            return Kind.STRING;
        } else if (c == long.class || c == Long.class) {
            return Kind.LONG;
        } else if (c == boolean.class || c == Boolean.class) {
            return Kind.BOOLEAN;
        } else if (c == double.class || c == Double.class) {
            return Kind.DOUBLE;
        } else if (c == float.class || c == Float.class) {
            return Kind.FLOAT;
        } else if (c == BigDecimal.class) {
            return Kind.BIGDEC;
        } else if (c == BigInteger.class) {
            return Kind.BIGINT;
        } else if (c == Date.class) {
            return Kind.DATE;
        } else if (c == Instant.class) {
            return Kind.INSTANT;
        } else if (c == UUID.class) {
            return Kind.UUID;
        } else if (c == URI.class) {
            return Kind.URI;
        } else if (c == byte[].class) {
            return Kind.BYTES;
        } else if (c == Symbol.class) {
            return Kind.SYMBOL;
        } else if (c == Keyword.class) {
            return Kind.KEYWORD;
        } else if (c == Entity.class) {
            return Kind.ENTITY;
        } else if (c == List.class) {
            return Kind.TUPLE;
        } else if (c == Object.class) {
            return Kind.OBJECT;
        }
        return null;
    }

    private static boolean isPlatformType(Class<?> c) {
        String name = c.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("clojure.")
                || name.startsWith("datomic.");
    }

    /** A type no attribute can fill, reported with the method's whole return type. */
    private static final class Unsupported extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }

    private static IllegalArgumentException unsupported(Type type) {
        return new Unsupported("return type " + type.getTypeName() + " cannot hold Datomic values;"
                + " use a scalar (String, long, BigDecimal, Instant, UUID, …), Keyword, an enum, another view"
                + " interface, Entity, Optional of one of those, or a Set, List or Collection of them");
    }
}
