package dev.datomickit.core.view;

import clojure.lang.BigInt;
import clojure.lang.Keyword;
import datomic.Entity;
import dev.datomickit.core.DatomicKitException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A view method bound to one attribute of one database's schema: reads and converts its value. */
final class Accessor {

    private static final ClassValue<Map<String, Object>> ENUM_CONSTANTS = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            Map<String, Object> constants = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                constants.put(normalise(((Enum<?>) constant).name()), constant);
            }
            return constants;
        }
    };

    final Method method;
    final Keyword attribute;
    private final Shape shape;
    private final boolean many;
    private final boolean tuple;

    Accessor(Method method, Keyword attribute, Shape shape, boolean many, boolean tuple) {
        this.method = method;
        this.attribute = attribute;
        this.shape = shape;
        this.many = many;
        this.tuple = tuple;
    }

    Object read(Entity entity, ViewHandler view) {
        Object raw = entity.get(attribute);
        if (tuple) {
            List<?> list = raw == null ? null : Collections.unmodifiableList(new ArrayList<>((List<?>) raw));
            return shape.container() == Shape.Container.OPTIONAL ? Optional.ofNullable(list) : list;
        }
        if (many) {
            return manyValues(raw, entity, view);
        }
        if (raw == null) {
            return switch (shape.container()) {
                case OPTIONAL -> Optional.empty();
                case PLAIN -> absent(view);
                default -> throw new IllegalStateException("cardinality checked at binding");
            };
        }
        Object value = convert(raw, entity, view);
        return shape.container() == Shape.Container.OPTIONAL ? Optional.of(value) : value;
    }

    private Object absent(ViewHandler view) {
        if (shape.primitive()) {
            throw new DatomicKitException(view + "." + method.getName() + "() found no " + attribute + ", and it returns "
                    + shape.type().getName() + ", which cannot be absent; declare Optional<…> or a boxed type if the"
                    + " attribute is optional");
        }
        return null;
    }

    private Object manyValues(Object raw, Entity entity, ViewHandler view) {
        Collection<?> values = raw == null ? List.of() : raw instanceof Collection<?> c ? c : List.of(raw);
        if (shape.kind() == Shape.Kind.OBJECT && shape.container() == Shape.Container.PLAIN) {
            return raw;
        }
        List<Object> converted = new ArrayList<>(values.size());
        for (Object value : values) {
            converted.add(convert(value, entity, view));
        }
        if (shape.container() == Shape.Container.SET) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(converted));
        }
        // Datomic's sets have no order; a list gets a stable one: by entity id, or by value.
        converted.sort(ORDER);
        return Collections.unmodifiableList(converted);
    }

    private Object convert(Object raw, Entity entity, ViewHandler view) {
        return switch (shape.kind()) {
            case BIGINT -> raw instanceof BigInt big ? big.toBigInteger() : raw;
            case INSTANT -> ((Date) raw).toInstant();
            case ENUM -> constant(identOf(raw, view), view);
            case KEYWORD -> identOf(raw, view);
            case VIEW -> view.wrapNested(shape.type(), toEntity(raw, entity));
            case ENTITY -> toEntity(raw, entity);
            default -> raw;
        };
    }

    /** Entity.get returns a keyword for a ref to an entity that has an ident (an enum). */
    private static Entity toEntity(Object raw, Entity from) {
        return raw instanceof Entity e ? e : from.db().entity(raw);
    }

    private Keyword identOf(Object raw, ViewHandler view) {
        if (raw instanceof Keyword keyword) {
            return keyword;
        }
        throw new DatomicKitException(view + "." + method.getName() + "(): " + attribute + " refers to entity "
                + ((Entity) raw).get(":db/id") + ", which has no :db/ident, so it is not an enum value");
    }

    private Object constant(Keyword ident, ViewHandler view) {
        Object constant = ENUM_CONSTANTS.get(shape.type()).get(normalise(ident.getName()));
        if (constant == null) {
            throw new DatomicKitException(view + "." + method.getName() + "(): " + attribute + " is " + ident
                    + ", which matches no constant of " + shape.type().getName() + " "
                    + List.of(shape.type().getEnumConstants()));
        }
        return constant;
    }

    /** {@code IN_REVIEW}, {@code in-review} and {@code inReview} all normalise to {@code inreview}. */
    private static String normalise(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Comparator<Object> ORDER = (a, b) -> {
        Object ka = ViewHandler.sortKey(a);
        Object kb = ViewHandler.sortKey(b);
        if (ka instanceof Comparable ca && kb != null && ka.getClass() == kb.getClass()) {
            return ca.compareTo(kb);
        }
        return 0;
    };
}
