package dev.datomickit.schema;

import clojure.lang.Keyword;
import clojure.lang.Symbol;
import dev.datomickit.core.Kw;
import dev.datomickit.core.ValueType;
import dev.datomickit.schema.AttributeDef.Cardinality;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns drafts into a validated {@link Schema}, collecting every problem first.
 *
 * <p>The rules are Datomic's own, each checked against a real database by the tests, plus a few
 * the model adds where Datomic accepts something meaningless (fulltext on a non-string, a composite
 * naming an attribute twice, idents without a namespace or in Datomic's namespaces).
 */
final class ModelBuilder {

    /** Datomic's bounds on composite tuples, heterogeneous tuples and homogeneous tuple values. */
    static final int MIN_TUPLE = 2;
    static final int MAX_TUPLE = 8;

    final List<Drafts.Attribute> attributes = new ArrayList<>();
    final List<Drafts.Ident> idents = new ArrayList<>();
    final List<Drafts.Spec> specs = new ArrayList<>();
    final List<Schema> included = new ArrayList<>();
    /** Problems found before validation, such as an EDN statement that is not a map. */
    final List<String> problems = new ArrayList<>();

    /** What an ident stands for, with where it was declared (for duplicate messages). */
    private record Declared(Object definition, String source) {}

    Schema build(String context) {
        List<String> found = new ArrayList<>(problems);
        Map<Keyword, Declared> declared = new LinkedHashMap<>();

        for (Schema schema : included) {
            schema.attributes().forEach(a -> declare(declared, found, a.ident(), a, "include(…)"));
            schema.idents().forEach(i -> declare(declared, found, i, i, "include(…)"));
            schema.entitySpecs().forEach(s -> declare(declared, found, s.ident(), s, "include(…)"));
        }
        for (Drafts.Attribute draft : attributes) {
            Keyword ident = draft.unreadable ? null : ident(draft.name, found);
            if (ident == null) {
                continue;
            }
            AttributeDef def = attribute(ident, draft, found);
            if (def != null) {
                declare(declared, found, ident, def, draft.source);
            }
            for (String value : draft.enumValues) {
                Keyword enumValue = enumValue(ident, value, found);
                if (enumValue != null) {
                    declare(declared, found, enumValue, enumValue, "enumeration of " + ident);
                }
            }
        }
        for (Drafts.Ident draft : idents) {
            Keyword ident = ident(draft.name(), found);
            if (ident != null) {
                declare(declared, found, ident, ident, draft.source());
            }
        }
        for (Drafts.Spec draft : specs) {
            Keyword ident = draft.unreadable ? null : ident(draft.name, found);
            if (ident != null) {
                EntitySpec spec = spec(ident, draft, found);
                if (spec != null) {
                    declare(declared, found, ident, spec, draft.source);
                }
            }
        }

        TreeMap<Keyword, AttributeDef> attributeDefs = new TreeMap<>(Idents.ORDER);
        TreeSet<Keyword> plainIdents = new TreeSet<>(Idents.ORDER);
        TreeMap<Keyword, EntitySpec> specDefs = new TreeMap<>(Idents.ORDER);
        declared.forEach((ident, d) -> {
            if (d.definition() instanceof AttributeDef a) {
                attributeDefs.put(ident, a);
            } else if (d.definition() instanceof EntitySpec s) {
                specDefs.put(ident, s);
            } else {
                plainIdents.add(ident);
            }
        });
        attributeDefs.values().forEach(a -> checkComposite(a, attributeDefs, found));
        specDefs.values().forEach(s -> checkSpec(s, attributeDefs, found));
        if (!found.isEmpty()) {
            throw new SchemaException(context, found);
        }
        attributeDefs.replaceAll((ident, a) -> a.valueType() == ValueType.REF
                ? a.withEnumValues(enumValuesOf(ident, plainIdents)) : a);
        return new Schema(attributeDefs, plainIdents, specDefs);
    }

    private static Set<Keyword> enumValuesOf(Keyword attribute, Set<Keyword> idents) {
        String namespace = Idents.enumNamespace(attribute);
        Set<Keyword> values = new HashSet<>();
        for (Keyword ident : idents) {
            if (namespace.equals(ident.getNamespace())) {
                values.add(ident);
            }
        }
        return values;
    }

    private static void declare(Map<Keyword, Declared> declared, List<String> found, Keyword ident, Object definition,
            String source) {
        Declared previous = declared.putIfAbsent(ident, new Declared(definition, source));
        if (previous == null || previous.definition().equals(definition)) {
            return;
        }
        found.add(ident + ": declared twice with different definitions: " + describe(previous.definition())
                + " (" + previous.source() + ") and " + describe(definition) + " (" + source + ")");
    }

    private static String describe(Object definition) {
        if (definition instanceof AttributeDef || definition instanceof EntitySpec) {
            return definition.toString();
        }
        return "a plain ident {:db/ident " + definition + "}";
    }

    /** Parses a namespaced ident outside Datomic's namespaces, or records why it cannot. */
    static Keyword ident(String name, List<String> found) {
        Keyword ident;
        try {
            ident = Kw.of(name);
        } catch (IllegalArgumentException e) {
            found.add(show(name) + ": " + e.getMessage());
            return null;
        }
        if (ident.getNamespace() == null) {
            found.add(ident + ": an ident needs a namespace, such as :user/" + ident.getName()
                    + " (the model groups attributes by namespace)");
            return null;
        }
        if (Idents.isReserved(ident.getNamespace())) {
            found.add(ident + ": the namespace " + ident.getNamespace() + " is Datomic's own; choose another");
            return null;
        }
        return ident;
    }

    private static String show(String name) {
        return name == null ? "null" : "\"" + name + "\"";
    }

    private static Keyword enumValue(Keyword attribute, String value, List<String> found) {
        String namespace = Idents.enumNamespace(attribute);
        if (value == null || value.contains("/")) {
            found.add(attribute + ": enum value " + show(value) + " must be a bare name; it becomes :" + namespace
                    + "/<name>");
            return null;
        }
        try {
            return Kw.of(namespace, value);
        } catch (IllegalArgumentException e) {
            found.add(attribute + ": enum value " + show(value) + ": " + e.getMessage());
            return null;
        }
    }

    private static AttributeDef attribute(Keyword ident, Drafts.Attribute d, List<String> found) {
        int before = found.size();
        d.problems.forEach(p -> found.add(ident + ": " + p));
        if (ident.getName().startsWith("_")) {
            found.add(ident + ": a name starting with '_' reads as the reverse of :" + ident.getNamespace() + "/"
                    + ident.getName().substring(1) + " in pull and entity navigation; choose another name");
        }
        ValueType type = d.type;
        if (type == null) {
            found.add(ident + ": no value type; every attribute needs :db/valueType");
            return null;
        }
        checkTuple(ident, d, found);
        if (d.fulltext && type != ValueType.STRING) {
            found.add(ident + ": fulltext needs a :db.type/string attribute, found " + type.ident()
                    + " (Datomic only fulltext-indexes strings)");
        }
        if (d.component && type != ValueType.REF) {
            found.add(ident + ": isComponent needs a :db.type/ref attribute, found " + type.ident());
        }
        if (d.unique != null && type == ValueType.BYTES) {
            found.add(ident + ": " + d.unique.ident() + " on a :db.type/bytes attribute; Datomic refuses unique bytes");
        }
        if (!d.enumValues.isEmpty() && type != ValueType.REF) {
            found.add(ident + ": enum values need a :db.type/ref attribute, found " + type.ident());
        }
        if (d.enumeration && d.enumValues.isEmpty()) {
            found.add(ident + ": an enumeration needs at least one value");
        }
        List<Symbol> preds = symbols(ident, "attribute predicate", d.preds, found);
        if (d.deprecation != null && (d.deprecation.isBlank() || d.deprecation.contains("\n"))) {
            found.add(ident + ": the deprecation note " + show(d.deprecation)
                    + " must be one non-blank line saying what to use instead");
        }
        if (d.doc != null && d.doc.startsWith(AttributeDef.DEPRECATED_PREFIX)) {
            found.add(ident + ": the doc starts with \"" + AttributeDef.DEPRECATED_PREFIX.strip()
                    + "\"; declare the deprecation with deprecated(note) so the model knows it");
        }
        List<Keyword> tupleAttrs = new ArrayList<>();
        for (String attr : d.tupleAttrs) {
            Keyword k = reference(ident, "composite tuple", attr, found);
            if (k != null) {
                tupleAttrs.add(k);
            }
        }
        if (found.size() > before) {
            return null;
        }
        return new AttributeDef(ident, type, d.cardinality, d.unique, d.index, d.component, d.fulltext, d.noHistory,
                d.doc, d.deprecation, tupleAttrs, d.tupleType, d.tupleTypes, preds, Set.of());
    }

    private static void checkTuple(Keyword ident, Drafts.Attribute d, List<String> found) {
        int kinds = (d.composite ? 1 : 0) + (d.tupleType != null ? 1 : 0) + (d.heterogeneous ? 1 : 0);
        if (d.type != ValueType.TUPLE) {
            if (kinds > 0) {
                found.add(ident + ": tuple elements given for a " + d.type.ident() + " attribute");
            }
            return;
        }
        if (kinds == 0) {
            found.add(ident + ": a tuple needs its elements: :db/tupleAttrs (composite), :db/tupleType (homogeneous)"
                    + " or :db/tupleTypes (heterogeneous)");
        } else if (kinds > 1) {
            found.add(ident + ": a tuple takes exactly one of :db/tupleAttrs, :db/tupleType and :db/tupleTypes");
        }
        if (d.composite) {
            int n = d.tupleAttrs.size();
            if (n < MIN_TUPLE || n > MAX_TUPLE) {
                found.add(ident + ": a composite tuple combines " + MIN_TUPLE + " to " + MAX_TUPLE
                        + " attributes (Datomic's limit), found " + n);
            }
            if (new HashSet<>(d.tupleAttrs).size() < n) {
                found.add(ident + ": a composite tuple names an attribute more than once: " + d.tupleAttrs);
            }
            if (d.cardinality == Cardinality.MANY) {
                found.add(ident + ": a composite tuple must be :db.cardinality/one");
            }
        }
        if (d.tupleType != null && (d.tupleType == ValueType.TUPLE || d.tupleType == ValueType.BYTES)) {
            found.add(ident + ": a homogeneous tuple of " + d.tupleType.ident()
                    + "; Datomic does not allow bytes or tuples inside tuples");
        }
        if (d.heterogeneous) {
            int n = d.tupleTypes.size();
            if (n < MIN_TUPLE || n > MAX_TUPLE) {
                found.add(ident + ": a heterogeneous tuple has " + MIN_TUPLE + " to " + MAX_TUPLE
                        + " element types (Datomic's limit), found " + n);
            }
            for (ValueType t : d.tupleTypes) {
                if (t == null || t == ValueType.TUPLE || t == ValueType.BYTES) {
                    found.add(ident + ": a heterogeneous tuple element of " + (t == null ? "null" : t.ident())
                            + "; Datomic does not allow bytes or tuples inside tuples");
                }
            }
        }
    }

    private static Keyword reference(Keyword owner, String role, String name, List<String> found) {
        try {
            return Kw.of(name);
        } catch (IllegalArgumentException e) {
            found.add(owner + ": " + role + " names " + show(name) + ": " + e.getMessage());
            return null;
        }
    }

    private static List<Symbol> symbols(Keyword owner, String role, List<String> names, List<String> found) {
        List<Symbol> symbols = new ArrayList<>();
        for (String name : names) {
            String text = name == null ? "" : name;
            int slash = text.indexOf('/');
            if (slash <= 0 || slash == text.length() - 1 || !Kw.isValid(text)) {
                found.add(owner + ": " + role + " " + show(name)
                        + " must be a fully qualified symbol such as my.app/valid-email?");
            } else {
                symbols.add(Symbol.intern(text));
            }
        }
        return symbols;
    }

    private static EntitySpec spec(Keyword ident, Drafts.Spec d, List<String> found) {
        int before = found.size();
        List<Keyword> required = new ArrayList<>();
        for (String attr : d.requiredAttrs) {
            Keyword k = reference(ident, "entity spec", attr, found);
            if (k != null) {
                required.add(k);
            }
        }
        List<Symbol> preds = symbols(ident, "entity predicate", d.preds, found);
        if (d.requiredAttrs.isEmpty() && d.preds.isEmpty()) {
            found.add(ident + ": an entity spec needs required attributes or entity predicates");
        }
        return found.size() > before ? null : new EntitySpec(ident, required, preds, d.doc);
    }

    private static void checkComposite(AttributeDef a, Map<Keyword, AttributeDef> attributes, List<String> found) {
        for (Keyword constituent : a.tupleAttrs()) {
            AttributeDef c = attributes.get(constituent);
            if (c == null) {
                found.add(a.ident() + ": composite tuple names " + constituent
                        + ", which is not an attribute of this schema");
            } else if (c.isMany()) {
                found.add(a.ident() + ": composite tuple names " + constituent
                        + ", which is cardinality many; Datomic only combines cardinality-one attributes");
            } else if (c.valueType() == ValueType.TUPLE || c.valueType() == ValueType.BYTES) {
                found.add(a.ident() + ": composite tuple names " + constituent + ", a " + c.valueType().ident()
                        + " attribute; Datomic does not allow bytes or tuples inside tuples");
            }
        }
    }

    private static void checkSpec(EntitySpec spec, Map<Keyword, AttributeDef> attributes, List<String> found) {
        for (Keyword required : spec.requiredAttrs()) {
            if (!attributes.containsKey(required)) {
                found.add(spec.ident() + ": entity spec requires " + required + ", which is not an attribute of this schema");
            }
        }
    }
}
