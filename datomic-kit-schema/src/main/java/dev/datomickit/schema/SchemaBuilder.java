package dev.datomickit.schema;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Declares a {@link Schema}, one namespace at a time and one line per attribute.
 *
 * <pre>{@code
 * Schema schema = Schema.builder()
 *         .namespace("user", user -> {
 *             user.attr("email", STRING).identity().doc("Login, lower case");
 *             user.attr("name", STRING).fulltext();
 *             user.enumeration("status", "active", "suspended");
 *         })
 *         .build();
 * }</pre>
 *
 * <p>Declarations are checked by {@link #build()}, which reports every problem at once. A builder
 * is mutable and not thread-safe; the schema it builds is immutable.
 */
public final class SchemaBuilder {

    private final ModelBuilder model = new ModelBuilder();

    SchemaBuilder() {}

    /**
     * Declares the attributes, enum idents and entity specs of one namespace. Names given inside
     * {@code declarations} are relative to {@code namespace}: in {@code namespace("user", …)},
     * {@code attr("email", STRING)} declares {@code :user/email}.
     *
     * <p>The same namespace may be declared several times; its declarations add up.
     *
     * @param namespace the namespace, such as {@code "user"} or {@code "order.line"}
     * @param declarations declares the namespace's contents on the builder it is given
     * @return this builder
     * @throws NullPointerException if an argument is {@code null}
     */
    public SchemaBuilder namespace(String namespace, Consumer<NamespaceBuilder> declarations) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(declarations, "declarations");
        declarations.accept(new NamespaceBuilder(namespace, model));
        return this;
    }

    /**
     * Adds every attribute, ident and entity spec of another schema, such as one owned by another
     * module. Declaring the same attribute in both with the same definition is allowed; with
     * different definitions it is reported by {@link #build()}.
     *
     * @param schema the schema to include
     * @return this builder
     * @throws NullPointerException if {@code schema} is {@code null}
     */
    public SchemaBuilder include(Schema schema) {
        model.included.add(Objects.requireNonNull(schema, "schema"));
        return this;
    }

    /**
     * Validates the declarations and returns the schema.
     *
     * @return the immutable schema
     * @throws SchemaException listing every problem, each naming its ident: malformed idents, the
     *     same ident declared twice with different definitions, combinations Datomic refuses
     *     (fulltext on a non-string, unique bytes, components that are not refs, tuples outside
     *     Datomic's limits, composites of cardinality-many attributes, …)
     */
    public Schema build() {
        return model.build("Invalid schema");
    }
}
