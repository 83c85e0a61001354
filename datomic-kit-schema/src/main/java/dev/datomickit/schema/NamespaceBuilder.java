package dev.datomickit.schema;

import dev.datomickit.core.ValueType;
import java.util.Arrays;
import java.util.Objects;

/**
 * Declares the contents of one namespace of a {@link Schema}: given to the lambda of
 * {@link SchemaBuilder#namespace(String, java.util.function.Consumer)}.
 *
 * <p>Each method declares one ident, by its name relative to the namespace, and returns a builder
 * for its optional properties, so that each attribute fits on one line:
 *
 * <pre>{@code
 * user.attr("email", STRING).identity().doc("Login, lower case");
 * user.composite("org+email", "org", "email").identity();
 * user.enumeration("status", "active", "suspended");
 * user.entity("validate").requires("email", "time/created");
 * }</pre>
 *
 * <p>References to other attributes (in {@link #composite} and {@link EntitySpecBuilder#requires})
 * are relative to the namespace too, unless they contain a {@code /}: {@code "email"} is
 * {@code :user/email}, {@code "time/created"} is {@code :time/created}.
 */
public final class NamespaceBuilder {

    private final String namespace;
    private final ModelBuilder model;

    NamespaceBuilder(String namespace, ModelBuilder model) {
        this.namespace = namespace;
        this.model = model;
    }

    /**
     * Declares an attribute of a scalar or ref type: {@code attr("email", STRING)}.
     *
     * @param name the attribute's name in this namespace, such as {@code "email"}
     * @param type its value type; for tuples use {@link #composite}, {@link #tupleOf} or {@link #tuple}
     * @return the attribute's builder, for its optional properties
     */
    public AttributeBuilder attr(String name, ValueType type) {
        return new AttributeBuilder(draft(name, type));
    }

    /**
     * Declares a composite tuple: Datomic combines the current values of 2 to 8 cardinality-one
     * attributes into it, typically to make their combination unique.
     *
     * <pre>{@code
     * user.composite("org+email", "org", "email").identity();
     * }</pre>
     *
     * @param name the attribute's name in this namespace
     * @param attrs the constituent attributes, in order, relative to this namespace unless qualified
     * @return the attribute's builder
     */
    public AttributeBuilder composite(String name, String... attrs) {
        Drafts.Attribute draft = draft(name, ValueType.TUPLE);
        draft.composite = true;
        for (String attr : attrs) {
            draft.tupleAttrs.add(qualify(attr));
        }
        return new AttributeBuilder(draft);
    }

    /**
     * Declares a homogeneous tuple: each value is a list of 2 to 8 elements of one type.
     *
     * @param name the attribute's name in this namespace
     * @param elementType the type of every element; not bytes or tuple
     * @return the attribute's builder
     */
    public AttributeBuilder tupleOf(String name, ValueType elementType) {
        Drafts.Attribute draft = draft(name, ValueType.TUPLE);
        draft.tupleType = Objects.requireNonNull(elementType, "elementType");
        return new AttributeBuilder(draft);
    }

    /**
     * Declares a heterogeneous tuple: each value is a list with one element of each type, in order.
     *
     * @param name the attribute's name in this namespace
     * @param elementTypes 2 to 8 element types; not bytes or tuple
     * @return the attribute's builder
     */
    public AttributeBuilder tuple(String name, ValueType... elementTypes) {
        Drafts.Attribute draft = draft(name, ValueType.TUPLE);
        draft.heterogeneous = true;
        draft.tupleTypes.addAll(Arrays.asList(elementTypes));
        return new AttributeBuilder(draft);
    }

    /**
     * Declares an enum: a ref attribute whose values are idents, declared with it in the namespace
     * {@code <namespace>.<name>}. In namespace {@code user}, {@code enumeration("status", "active")}
     * declares the attribute {@code :user/status} and the ident {@code :user.status/active}.
     *
     * @param name the attribute's name in this namespace
     * @param values the enum values' names; at least one
     * @return the attribute's builder
     */
    public AttributeBuilder enumeration(String name, String... values) {
        Drafts.Attribute draft = draft(name, ValueType.REF);
        draft.enumeration = true;
        draft.enumValues.addAll(Arrays.asList(values));
        return new AttributeBuilder(draft);
    }

    /**
     * Declares plain idents in this namespace, such as the values of an enumeration shared by
     * several attributes, or named entities referred to by ident.
     *
     * @param names the idents' names in this namespace
     * @return this builder
     */
    public NamespaceBuilder idents(String... names) {
        for (String name : names) {
            model.idents.add(new Drafts.Ident(local(name), source()));
        }
        return this;
    }

    /**
     * Declares an entity spec, which transactions name with {@code :db/ensure} to require attributes
     * and run entity predicates.
     *
     * @param name the spec's name in this namespace, such as {@code "validate"}
     * @return the spec's builder
     */
    public EntitySpecBuilder entity(String name) {
        Drafts.Spec draft = new Drafts.Spec(local(name), source());
        model.specs.add(draft);
        return new EntitySpecBuilder(draft, this::qualify);
    }

    private Drafts.Attribute draft(String name, ValueType type) {
        Drafts.Attribute draft = new Drafts.Attribute(local(name), source());
        draft.type = type;
        model.attributes.add(draft);
        return draft;
    }

    /** The qualified text of a name declared here; a name with a '/' is kept as given, and reported. */
    private String local(String name) {
        if (name == null) {
            return null;
        }
        if (name.contains("/")) {
            model.problems.add("\"" + name + "\": declared in namespace(\"" + namespace + "\", …) with a '/';"
                    + " give the bare name, or declare it in its own namespace");
            return name;
        }
        return namespace + "/" + name;
    }

    String qualify(String reference) {
        if (reference == null) {
            return null;
        }
        String text = reference.startsWith(":") ? reference.substring(1) : reference;
        return text.contains("/") ? text : namespace + "/" + text;
    }

    private String source() {
        return "namespace(\"" + namespace + "\")";
    }
}
