package dev.datomickit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import clojure.lang.Keyword;
import clojure.lang.Symbol;
import dev.datomickit.core.Kw;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link Schema#validate} on random client values: random types everywhere, and a
 * spine of nested maps and lists from 0 to 3,000 levels deep, far past
 * {@link Schema#MAX_VALIDATION_DEPTH}. Whatever the input, validation returns violations (it never
 * throws, never overflows), every violation's path leads to a value of the input, and messages
 * name EDN types, not Java classes.
 */
class ValidationPropertiesTest {

    private static final Schema SCHEMA = Schema.builder().include(Schemas.USERS).include(Schemas.EVERY_TYPE).build();

    /** Keys a client might send: the schema's attributes (as keywords and as text), reverse refs, junk. */
    private static Arbitrary<Object> keys() {
        List<Object> known = new ArrayList<>();
        for (AttributeDef a : SCHEMA.attributes()) {
            known.add(a.ident());
            known.add(a.ident().toString().substring(1));
        }
        known.addAll(List.of("user/_friends", ":user/_address", "db/ensure", "db/id", "user/_name", "x/y", "nope"));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(known)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars("abc/:_. +").ofMaxLength(8).map(s -> (Object) s)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().map(l -> (Object) l)));
    }

    /** Scalars of every type a client or a Java caller might put in an entity map. */
    private static Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.strings().alpha().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.of("user.status/active", "user/validate", "post/validate", "tempid").map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.of(Kw.of("user.status/active"), Kw.of("user.status/deleted"), Kw.of("role/admin"),
                        Kw.of("user/validate"), Kw.of("user/email")).map(k -> (Object) k),
                Arbitraries.just(null),
                Arbitraries.bigIntegers().map(b -> (Object) b),
                Arbitraries.bigIntegers().map(b -> (Object) new BigDecimal(b, 2)),
                Arbitraries.longs().map(l -> (Object) new Date(l)),
                Arbitraries.randomValue(r -> (Object) new UUID(r.nextLong(), r.nextLong())),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(4).map(b -> (Object) b),
                Arbitraries.just(Symbol.intern("my.app/f"))));
    }

    /** Values a few levels deep: scalars, lists (with nils), sets of scalars, maps with random keys. */
    private static Arbitrary<Object> values() {
        return Arbitraries.recursive(ValidationPropertiesTest::scalars, inner -> Arbitraries.oneOf(List.of(
                scalars(),
                inner.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l)),
                scalars().set().ofMaxSize(3).map(s -> (Object) new HashSet<>(s)),
                Arbitraries.maps(keys(), inner).ofMaxSize(4).map(m -> (Object) new LinkedHashMap<>(m)))), 0, 4);
    }

    /** How one level of the spine wraps the level below it. */
    private enum Wrap { ADDRESS, FRIENDS, REVERSE, REF, UNKNOWN_KEY, LIST, TUPLE, ENSURE }

    @Provide
    Arbitrary<Map<Object, Object>> entities() {
        Arbitrary<List<Wrap>> spine = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(Wrap.class).list().ofMaxSize(40)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Wrap.class).list().ofMinSize(40).ofMaxSize(3_000)));
        Arbitrary<Map<Object, Object>> tops = Arbitraries.maps(keys(), values()).ofMaxSize(6).map(LinkedHashMap::new);
        return Combinators.combine(spine, values(), values(), tops).as((wraps, leaf, sibling, top) -> {
            Object value = leaf;
            for (Wrap wrap : wraps) {
                value = wrap(wrap, value, sibling);
            }
            Map<Object, Object> entity = new LinkedHashMap<>(top);
            entity.put(Kw.of("user/address"), value);
            return entity;
        });
    }

    private static Object wrap(Wrap wrap, Object inner, Object sibling) {
        return switch (wrap) {
            case ADDRESS -> map("user/address", inner, "address/city", sibling);
            case FRIENDS -> map(Kw.of("user/friends"), listOf(inner, sibling));
            case REVERSE -> map("user/_friends", listOf(inner));
            case REF -> map(Kw.of("t/ref"), inner, "user/email", "a@example.com");
            case UNKNOWN_KEY -> map("user/nope", inner);
            case LIST -> listOf(inner, sibling);
            case TUPLE -> map("t/pair", listOf(listOf("a", inner)));
            case ENSURE -> map("db/ensure", listOf(inner), "user/address", inner);
        };
    }

    private static Map<Object, Object> map(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static List<Object> listOf(Object... items) {
        List<Object> list = new ArrayList<>();
        for (Object item : items) {
            list.add(item);
        }
        return list;
    }

    @Property(tries = 500)
    void validationReturnsViolationsWhosePathsExistInTheInput(@ForAll("entities") Map<Object, Object> entity) {
        List<Violation> violations = SCHEMA.validate(entity);

        for (Violation v : violations) {
            assertThat(v.path()).as("%s", v).hasSizeLessThanOrEqualTo(Schema.MAX_VALIDATION_DEPTH);
            boolean missing = v.message().startsWith("missing:");
            List<Object> mustExist = missing ? v.path().subList(0, v.path().size() - 1) : v.path();
            assertThat(exists(entity, mustExist)).as("the path of %s exists in the input", v).isTrue();
            assertThat(v.message()).as("%s", v).doesNotContain("java.", "clojure.lang", "Persistent");
            assertThat(v.toString().length()).as("%s", v).isLessThan(1_000);
        }
        List<Violation> bounds = violations.stream()
                .filter(v -> v.message().endsWith("the most validation accepts; it was not checked further")).toList();
        assertThat(bounds).hasSizeLessThanOrEqualTo(1);
        if (!bounds.isEmpty()) {
            assertThat(violations.get(violations.size() - 1)).as("nothing is checked after a bound").isEqualTo(bounds.get(0));
        }
    }

    @Property(tries = 200)
    void aSpineDeeperThanTheBoundIsAlwaysOneDepthViolation(@ForAll("deepChains") Map<Object, Object> entity) {
        List<Violation> violations = SCHEMA.validate(entity);

        assertThat(violations).extracting(Violation::message).containsExactly("nests maps and lists deeper than "
                + Schema.MAX_VALIDATION_DEPTH + " levels, the most validation accepts; it was not checked further");
        assertThat(exists(entity, violations.get(0).path())).isTrue();
    }

    /** Valid entity maps nested through ref attributes, 33 to 5,000 levels of maps and lists. */
    @Provide
    Arbitrary<Map<Object, Object>> deepChains() {
        return Arbitraries.of(Wrap.ADDRESS, Wrap.FRIENDS, Wrap.REVERSE, Wrap.REF).list()
                .ofMinSize(Schema.MAX_VALIDATION_DEPTH).ofMaxSize(5_000).map(wraps -> {
                    Object value = map("user/email", "a@example.com");
                    for (Wrap wrap : wraps) {
                        value = switch (wrap) {
                            case FRIENDS -> map(Kw.of("user/friends"), listOf(value));
                            default -> wrap(wrap, value, "Lyon");
                        };
                    }
                    @SuppressWarnings("unchecked")
                    Map<Object, Object> entity = (Map<Object, Object>) value;
                    return entity;
                });
    }

    /** Whether following {@code path} from {@code value} reaches something: keys by their keyword, positions by iteration. */
    private static boolean exists(Object value, List<Object> path) {
        if (path.isEmpty()) {
            return true;
        }
        Object step = path.get(0);
        List<Object> rest = path.subList(1, path.size());
        if (value instanceof Map<?, ?> map && step instanceof Keyword attr) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (attr.equals(keyword(entry.getKey())) && exists(entry.getValue(), rest)) {
                    return true;
                }
            }
            return false;
        }
        if (value instanceof Collection<?> items && step instanceof Integer index) {
            int i = 0;
            for (Object item : items) {
                if (i++ == index) {
                    return exists(item, rest);
                }
            }
        }
        return false;
    }

    private static Keyword keyword(Object key) {
        if (key instanceof Keyword k) {
            return k;
        }
        return key instanceof String s && Kw.isValid(s) ? Kw.of(s) : null;
    }
}
