package dev.datomickit.schema;

import clojure.lang.Keyword;
import clojure.lang.Symbol;
import dev.datomickit.core.Kw;
import dev.datomickit.core.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Seeded random entity data valid for a {@link Schema}, for fixtures and property tests.
 *
 * <pre>{@code
 * Generator users = schema.generator(42);
 * List<Map<Keyword, Object>> batch = users.entities("user", 100); // transactable as is
 * Map<Keyword, Object> one = users.entity("user/validate");       // every attribute the spec requires
 * }</pre>
 *
 * <p>A kind is a namespace ({@code "user"}: its attributes) or an entity spec
 * ({@code "user/validate"}: the attributes it requires, including shared ones from other namespaces,
 * plus those of its namespace). Each value fits its attribute's type, cardinality, enum and tuple
 * shape; unique values are never repeated by one generator. Attributes the generator cannot invent
 * values for are left out unless {@link #with given}: refs other than enums and tuples of refs
 * (their target is not in the schema), attributes with predicates (the generator cannot know what they accept), composite
 * tuples (Datomic derives them) and deprecated attributes. Optional attributes are present in
 * about three entities out of four.
 *
 * <p>The same seed and the same calls give the same data. Not thread-safe: use one generator per
 * thread.
 */
public final class Generator {

    private static final long EPOCH_2020 = 1_577_836_800_000L;
    private static final long FIVE_YEARS = 5L * 365 * 24 * 3600 * 1000;
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"};
    private static final int MAX_TRIES = 1000;

    private final Schema schema;
    private final Random random;
    private final Map<Keyword, Function<Random, ?>> custom = new HashMap<>();
    private final Map<Keyword, Set<Object>> used = new HashMap<>();
    private long counter;

    Generator(Schema schema, long seed) {
        this.schema = schema;
        this.random = new Random(seed);
    }

    /**
     * Generates the values of one attribute with {@code values} instead of the default, for refs,
     * attributes with predicates, or values that must look real. The function receives the
     * generator's {@link Random}: use it, not another source, so that the seed still decides everything.
     * For a cardinality-many attribute, the function returns one element at a time.
     *
     * @param attribute the attribute, as a keyword or its text
     * @param values makes one value from the generator's random source
     * @return this generator
     * @throws IllegalArgumentException if the schema has no such attribute
     */
    public Generator with(Object attribute, Function<Random, ?> values) {
        Keyword ident = Kw.from(attribute);
        if (schema.attribute(ident).isEmpty()) {
            throw new IllegalArgumentException("Generator.with: the schema has no attribute " + ident);
        }
        custom.put(ident, Objects.requireNonNull(values, "values"));
        return this;
    }

    /**
     * Generates one entity map of a kind.
     *
     * @param kind a namespace ({@code "user"}) or an entity spec ({@code "user/validate"})
     * @return the entity map, attributes in schema order; card-many values as lists
     * @throws IllegalArgumentException if the kind is neither a namespace of the schema nor an entity spec
     * @throws IllegalStateException if a required attribute cannot be generated without {@link #with},
     *     or no new unique value can be found
     */
    public Map<Keyword, Object> entity(String kind) {
        Map<Keyword, Object> entity = new LinkedHashMap<>();
        Set<Keyword> required = required(kind);
        for (AttributeDef a : attributesOf(kind, required)) {
            boolean mustHave = required.contains(a.ident());
            if (!generatable(a)) {
                if (mustHave) {
                    throw new IllegalStateException("Cannot generate " + a.ident() + ", required by " + kind + ": "
                            + why(a) + "; give its values with Generator.with(\"" + a.ident().toString().substring(1)
                            + "\", random -> …)");
                }
                continue;
            }
            if (mustHave || a.unique().isPresent() || random.nextInt(4) != 0) {
                entity.put(a.ident(), a.isMany() ? many(a) : unique(a));
            }
        }
        return Collections.unmodifiableMap(entity);
    }

    /**
     * Generates entity maps of a kind; the list is transaction data as it is.
     *
     * @param kind a namespace or an entity spec
     * @param count how many entities
     * @return the entity maps
     * @throws IllegalArgumentException if the kind is unknown or {@code count} is negative
     * @throws IllegalStateException as {@link #entity(String)}
     */
    public List<Map<Keyword, Object>> entities(String kind, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("Generator.entities: count is negative: " + count);
        }
        List<Map<Keyword, Object>> entities = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entities.add(entity(kind));
        }
        return Collections.unmodifiableList(entities);
    }

    private Set<Keyword> required(String kind) {
        if (kind != null && kind.contains("/")) {
            EntitySpec spec = schema.entitySpec(kind).orElseThrow(() -> unknownKind(kind));
            return new HashSet<>(spec.requiredAttrs());
        }
        if (!schema.namespaces().contains(kind)) {
            throw unknownKind(kind);
        }
        return Set.of();
    }

    private List<AttributeDef> attributesOf(String kind, Set<Keyword> required) {
        String namespace = kind.contains("/") ? Kw.of(kind).getNamespace() : kind;
        return schema.attributes().stream()
                .filter(a -> a.ident().getNamespace().equals(namespace) || required.contains(a.ident()))
                .toList();
    }

    private IllegalArgumentException unknownKind(String kind) {
        return new IllegalArgumentException("Unknown kind " + (kind == null ? "null" : "\"" + kind + "\"")
                + ": expected a namespace " + schema.namespaces() + " or an entity spec "
                + schema.entitySpecs().stream().map(s -> s.ident().toString().substring(1)).toList());
    }

    private boolean generatable(AttributeDef a) {
        return custom.containsKey(a.ident()) || why(a) == null;
    }

    private static String why(AttributeDef a) {
        if (a.isComposite()) {
            return "it is a composite tuple, which Datomic derives";
        }
        if (a.isDeprecated()) {
            return "it is deprecated";
        }
        if (!a.preds().isEmpty()) {
            return "its predicates " + a.preds() + " decide which values are valid";
        }
        if (a.valueType() == ValueType.REF && !a.isEnum()) {
            return "it refers to entities whose kind the schema does not say";
        }
        if (a.tupleType().filter(t -> t == ValueType.REF).isPresent() || a.tupleTypes().contains(ValueType.REF)) {
            return "its tuples refer to entities whose kind the schema does not say";
        }
        return null;
    }

    private List<Object> many(AttributeDef a) {
        int n = 1 + random.nextInt(3);
        Set<Object> values = new LinkedHashSet<>();
        for (int tries = 0; values.size() < n && tries < MAX_TRIES; tries++) {
            values.add(unique(a));
        }
        return List.copyOf(values);
    }

    /** A value of the attribute, never repeated if the attribute is unique. */
    private Object unique(AttributeDef a) {
        if (a.unique().isEmpty()) {
            return value(a);
        }
        Set<Object> seen = used.computeIfAbsent(a.ident(), k -> new HashSet<>());
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            Object value = value(a);
            if (seen.add(value)) {
                return value;
            }
        }
        throw new IllegalStateException("Cannot generate another unique value of " + a.ident() + " after "
                + MAX_TRIES + " tries (" + seen.size() + " values used)");
    }

    private Object value(AttributeDef a) {
        Function<Random, ?> values = custom.get(a.ident());
        if (values != null) {
            return values.apply(random);
        }
        if (a.isEnum()) {
            List<Keyword> idents = new ArrayList<>(a.enumValues());
            return idents.get(random.nextInt(idents.size()));
        }
        if (a.tupleType().isPresent()) {
            int n = ModelBuilder.MIN_TUPLE + random.nextInt(ModelBuilder.MAX_TUPLE - ModelBuilder.MIN_TUPLE + 1);
            List<Object> tuple = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tuple.add(scalar(a.tupleType().get(), a));
            }
            return List.copyOf(tuple);
        }
        if (!a.tupleTypes().isEmpty()) {
            return a.tupleTypes().stream().map(t -> scalar(t, a)).toList();
        }
        return scalar(a.valueType(), a);
    }

    private Object scalar(ValueType type, AttributeDef a) {
        long n = ++counter;
        return switch (type) {
            case STRING -> a.isFulltext() ? words() : a.ident().getName() + "-" + n + "-" + token();
            case BOOLEAN -> random.nextBoolean();
            case LONG -> (long) random.nextInt(1_000_000);
            case BIGINT -> new BigInteger(64, random);
            case FLOAT -> random.nextInt(100_000) / 100f;
            case DOUBLE -> random.nextInt(100_000_000) / 1000d;
            case BIGDEC -> BigDecimal.valueOf(random.nextInt(10_000_000), 2);
            case INSTANT -> new Date(EPOCH_2020 + (long) (random.nextDouble() * FIVE_YEARS));
            case UUID -> new UUID(random.nextLong(), random.nextLong());
            case URI -> URI.create("https://example.com/" + a.ident().getName() + "/" + n + "-" + token());
            case KEYWORD -> Kw.of("gen", a.ident().getName() + "-" + n);
            case SYMBOL -> Symbol.intern("gen", a.ident().getName() + "-" + n);
            case BYTES -> {
                byte[] bytes = new byte[8 + random.nextInt(9)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case REF, TUPLE -> throw new IllegalStateException("no default value for " + type.ident() + " in " + a.ident());
        };
    }

    private String token() {
        StringBuilder token = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            token.append((char) ('a' + random.nextInt(26)));
        }
        return token.toString();
    }

    private String words() {
        int n = 2 + random.nextInt(5);
        List<String> words = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            words.add(WORDS[random.nextInt(WORDS.length)]);
        }
        return String.join(" ", words);
    }
}
