package dev.datomickit.schema;

import clojure.lang.Keyword;
import dev.datomickit.core.ValueType;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Writes the Markdown reference of a schema: a table per namespace, then the entity specs. */
final class Markdown {

    private Markdown() {}

    static String write(Schema schema) {
        StringBuilder md = new StringBuilder("# Schema\n\n");
        md.append(schema.attributes().size()).append(" attributes, ").append(schema.idents().size())
                .append(" idents, ").append(schema.entitySpecs().size()).append(" entity specs.\n");
        Set<Keyword> enumValues = new TreeSet<>(Idents.ORDER);
        schema.attributes().forEach(a -> enumValues.addAll(a.enumValues()));
        Set<String> namespaces = new TreeSet<>(schema.namespaces());
        schema.idents().stream().filter(i -> !enumValues.contains(i)).forEach(i -> namespaces.add(i.getNamespace()));
        for (String namespace : namespaces) {
            md.append("\n## `").append(namespace).append("`\n");
            List<AttributeDef> attributes = schema.attributes().stream()
                    .filter(a -> a.ident().getNamespace().equals(namespace)).toList();
            if (!attributes.isEmpty()) {
                md.append("\n| attribute | type | cardinality | unique | flags | doc | deprecated |\n")
                        .append("|---|---|---|---|---|---|---|\n");
                for (AttributeDef a : attributes) {
                    md.append("| `").append(a.ident()).append("` | ").append(cell(type(a))).append(" | ")
                            .append(a.isMany() ? "many" : "one").append(" | ")
                            .append(a.unique().map(u -> u.ident().getName()).orElse("")).append(" | ")
                            .append(cell(flags(a))).append(" | ").append(cell(a.doc().orElse(""))).append(" | ")
                            .append(cell(a.deprecation().orElse(""))).append(" |\n");
                }
            }
            List<String> idents = schema.idents().stream()
                    .filter(i -> i.getNamespace().equals(namespace) && !enumValues.contains(i))
                    .map(i -> "`" + i + "`").toList();
            if (!idents.isEmpty()) {
                md.append("\nIdents: ").append(String.join(", ", idents)).append(".\n");
            }
        }
        if (!schema.entitySpecs().isEmpty()) {
            md.append("\n## Entity specs\n\n| spec | requires | predicates | doc |\n|---|---|---|---|\n");
            for (EntitySpec spec : schema.entitySpecs()) {
                md.append("| `").append(spec.ident()).append("` | ")
                        .append(spec.requiredAttrs().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", ")))
                        .append(" | ").append(spec.preds().stream().map(s -> "`" + s + "`").collect(Collectors.joining(", ")))
                        .append(" | ").append(cell(spec.doc().orElse(""))).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String type(AttributeDef a) {
        if (a.isEnum()) {
            return "enum: " + a.enumValues().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "));
        }
        if (a.isComposite()) {
            return "composite of " + a.tupleAttrs().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "));
        }
        if (a.tupleType().isPresent()) {
            return "tuple of " + a.tupleType().get().ident().getName();
        }
        if (!a.tupleTypes().isEmpty()) {
            return "tuple (" + a.tupleTypes().stream().map(ValueType::ident).map(Keyword::getName)
                    .collect(Collectors.joining(", ")) + ")";
        }
        return a.valueType().ident().getName();
    }

    private static String flags(AttributeDef a) {
        List<String> flags = new java.util.ArrayList<>(a.flags());
        if (!a.preds().isEmpty()) {
            flags.add("preds " + a.preds().stream().map(s -> "`" + s + "`").collect(Collectors.joining(" ")));
        }
        return String.join(", ", flags);
    }

    /** Text safe inside a table cell: pipes escaped, line breaks as {@code <br>}. */
    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>");
    }
}
