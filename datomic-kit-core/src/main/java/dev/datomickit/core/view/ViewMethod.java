package dev.datomickit.core.view;

import clojure.lang.Keyword;
import dev.datomickit.core.Kw;
import dev.datomickit.core.SchemaModel;
import dev.datomickit.core.ValueType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One abstract method of a view interface, analysed without a database: its return shape and the
 * attribute it names, or the attributes the naming convention would try.
 */
final class ViewMethod {

    final Method method;
    final Shape shape;
    final Keyword explicit;
    final List<Keyword> candidates;

    private ViewMethod(Method method, Shape shape, Keyword explicit, List<Keyword> candidates) {
        this.method = method;
        this.shape = shape;
        this.explicit = explicit;
        this.candidates = candidates;
    }

    /** Analyses {@code method}, or adds the reason it cannot be a view method to {@code problems}. */
    static ViewMethod analyse(Method method, String namespace, List<String> problems) {
        String where = where(method);
        if (method.getParameterCount() > 0) {
            problems.add(where + " takes parameters; a view method reads one attribute and takes none"
                    + " (write a default method for computed values)");
            return null;
        }
        if (method.getReturnType() == void.class) {
            problems.add(where + " returns void; a view method returns the attribute's value");
            return null;
        }
        Shape shape;
        try {
            shape = Shape.of(method.getGenericReturnType());
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return null;
        }
        Attribute annotation = method.getAnnotation(Attribute.class);
        if (annotation != null) {
            Keyword explicit;
            try {
                explicit = Kw.of(annotation.value());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": @Attribute: " + e.getMessage());
                return null;
            }
            if (explicit.getNamespace() == null) {
                problems.add(where + ": @Attribute(\"" + annotation.value() + "\") has no namespace; write it in full,"
                        + " such as \"" + namespace + "/" + annotation.value() + "\"");
                return null;
            }
            return new ViewMethod(method, shape, explicit, List.of(explicit));
        }
        return new ViewMethod(method, shape, null, conventionalNames(method, namespace, shape));
    }

    /** {@code firstName()} tries {@code :ns/firstName} then {@code :ns/first-name}; booleans also {@code ?} and {@code is…}. */
    private static List<Keyword> conventionalNames(Method method, String namespace, Shape shape) {
        List<String> bases = new ArrayList<>();
        String name = method.getName();
        bases.add(name);
        boolean bool = shape.kind() == Shape.Kind.BOOLEAN;
        if (bool && name.length() > 2 && name.startsWith("is") && Character.isUpperCase(name.charAt(2))) {
            bases.add(Character.toLowerCase(name.charAt(2)) + name.substring(3));
        }
        Set<String> names = new LinkedHashSet<>();
        for (String base : bases) {
            names.add(base);
            names.add(kebab(base));
            if (bool) {
                names.add(base + "?");
                names.add(kebab(base) + "?");
            }
        }
        List<Keyword> keywords = new ArrayList<>();
        for (String n : names) {
            if (Kw.isValid(namespace + "/" + n)) {
                keywords.add(Kw.of(namespace, n));
            }
        }
        return keywords;
    }

    private static String kebab(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Resolves the attribute in {@code model} and checks the return shape against it. */
    Accessor bind(SchemaModel model, List<String> problems) {
        String where = where(method);
        List<Keyword> found = new ArrayList<>();
        List<SchemaModel.Attribute> attributes = new ArrayList<>();
        for (Keyword candidate : candidates) {
            Optional<SchemaModel.Attribute> attribute = model.lookup(forward(candidate));
            if (attribute.isPresent()) {
                found.add(candidate);
                attributes.add(attribute.get());
            }
        }
        if (found.isEmpty()) {
            problems.add(where + ": no attribute " + describe(candidates, " or ") + (explicit != null && isReverse(explicit) ? " (reverse of " + forward(explicit) + ")" : "")
                    + " in " + model + (explicit == null ? "; name it with @Attribute(\"ns/name\")" : ""));
            return null;
        }
        if (found.size() > 1) {
            problems.add(where + ": the naming convention finds both " + describe(found, " and ")
                    + "; say which with @Attribute");
            return null;
        }
        Keyword attribute = found.get(0);
        SchemaModel.Attribute info = attributes.get(0);
        boolean reverse = isReverse(attribute);
        String shown = reverse ? attribute + " (reverse of " + info + ")" : info.toString();
        if (reverse) {
            if (info.valueType() != ValueType.REF) {
                problems.add(where + ": " + attribute + " is the reverse of " + info + ", which is not a ref");
                return null;
            }
            boolean many = !info.component(); // the owner of a component is unique
            if (!acceptsRef(shape.kind())) {
                problems.add(where + " returns " + shape.describe() + ", but " + shown
                        + " leads to entities; return a view interface or Entity");
                return null;
            }
            if (!cardinalityFits(many, false)) {
                problems.add(where + " returns " + shape.describe() + ", but " + shown + (many
                        ? " can lead to many entities; return a Set, List or Collection"
                        : " leads to one owner entity (its component); return a single view, Entity or Optional"));
                return null;
            }
            return new Accessor(method, attribute, shape, many, false);
        }
        boolean tuple = info.valueType() == ValueType.TUPLE && !info.many() && shape.couldBeTuple();
        if (!tuple && !shape.kind().accepts.contains(info.valueType())) {
            problems.add(where + " returns " + shape.describe() + ", but " + shown + " holds "
                    + info.valueType().ident() + " values");
            return null;
        }
        if (!tuple && !cardinalityFits(info.many(), true)) {
            problems.add(where + " returns " + shape.describe() + ", but " + shown + (info.many()
                    ? " is cardinality many; return a Set, List or Collection"
                    : " is cardinality one; return a single value or an Optional"));
            return null;
        }
        return new Accessor(method, attribute, shape, info.many(), tuple);
    }

    private boolean cardinalityFits(boolean many, boolean objectFitsAll) {
        if (objectFitsAll && shape.kind() == Shape.Kind.OBJECT && shape.container() == Shape.Container.PLAIN) {
            return true;
        }
        return many == shape.many();
    }

    private static boolean acceptsRef(Shape.Kind kind) {
        return kind == Shape.Kind.VIEW || kind == Shape.Kind.ENTITY || kind == Shape.Kind.OBJECT;
    }

    static boolean isReverse(Keyword attribute) {
        return attribute.getName().startsWith("_") && attribute.getName().length() > 1;
    }

    static Keyword forward(Keyword attribute) {
        return isReverse(attribute) ? Keyword.intern(attribute.getNamespace(), attribute.getName().substring(1)) : attribute;
    }

    static String where(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
    }

    private static String describe(List<Keyword> keywords, String separator) {
        return String.join(separator, keywords.stream().map(Keyword::toString).toList());
    }
}
