package dev.datomickit.reliability;

import dev.datomickit.core.ValueType;
import dev.datomickit.schema.AttributeBuilder;
import dev.datomickit.schema.Schema;
import dev.datomickit.schema.SchemaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random valid attribute declarations, and the schemas they make. */
final class RandomSchemas {

    private static final List<ValueType> TYPES = List.of(ValueType.STRING, ValueType.LONG, ValueType.KEYWORD,
            ValueType.BOOLEAN, ValueType.INSTANT, ValueType.UUID, ValueType.REF, ValueType.DOUBLE, ValueType.BIGDEC);

    private RandomSchemas() {}

    /** One attribute, as declared in its namespace. */
    record Attr(String namespace, String name, ValueType type, boolean many, boolean identity, boolean index,
            boolean noHistory, String doc) {

        String ident() {
            return ":" + namespace + "/" + name;
        }

        Attr withType(ValueType other) {
            return new Attr(namespace, name, other, many, false, index, noHistory, doc);
        }

        Attr withDoc(String other) {
            return new Attr(namespace, name, type, many, identity, index, noHistory, other);
        }

        /** Declares it on the namespace's builder and returns that attribute's builder for more. */
        AttributeBuilder declare(dev.datomickit.schema.NamespaceBuilder ns) {
            AttributeBuilder attr = ns.attr(name, type);
            if (many) {
                attr.many();
            }
            if (identity) {
                attr.identity();
            }
            if (index) {
                attr.index();
            }
            if (noHistory) {
                attr.noHistory();
            }
            if (doc != null) {
                attr.doc(doc);
            }
            return attr;
        }
    }

    /** {@code count} random attributes named {@code prefix0…}, spread over a few namespaces. */
    static List<Attr> attributes(Random random, String prefix, int count) {
        List<Attr> attrs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ValueType type = TYPES.get(random.nextInt(TYPES.size()));
            boolean many = random.nextInt(4) == 0;
            boolean identity = !many && (type == ValueType.STRING || type == ValueType.UUID || type == ValueType.LONG)
                    && random.nextInt(4) == 0;
            attrs.add(new Attr("ns" + random.nextInt(4), prefix + i, type, many, identity, random.nextBoolean(),
                    random.nextInt(5) == 0, random.nextBoolean() ? "attribute " + prefix + i : null));
        }
        return attrs;
    }

    /** The schema of {@code attrs}, declared namespace by namespace. */
    static Schema schema(List<Attr> attrs) {
        Map<String, List<Attr>> byNamespace = new LinkedHashMap<>();
        attrs.forEach(a -> byNamespace.computeIfAbsent(a.namespace(), k -> new ArrayList<>()).add(a));
        SchemaBuilder builder = Schema.builder();
        byNamespace.forEach((namespace, inNamespace) -> builder.namespace(namespace, ns -> inNamespace.forEach(a -> a.declare(ns))));
        return builder.build();
    }
}
