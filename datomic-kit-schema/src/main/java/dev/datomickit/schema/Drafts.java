package dev.datomickit.schema;

import dev.datomickit.core.ValueType;
import dev.datomickit.schema.AttributeDef.Cardinality;
import dev.datomickit.schema.AttributeDef.Unique;
import java.util.ArrayList;
import java.util.List;

/**
 * Declarations as given (by the DSL, an EDN text or a database), before {@link ModelBuilder}
 * validates them. Everything is kept raw so that every problem can be reported at once.
 */
final class Drafts {

    private Drafts() {}

    /** An attribute as declared. References ({@code tupleAttrs}) are already namespace-qualified text. */
    static final class Attribute {
        final String name;
        final String source;
        ValueType type;
        Cardinality cardinality = Cardinality.ONE;
        Unique unique;
        boolean index;
        boolean component;
        boolean fulltext;
        boolean noHistory;
        String doc;
        String deprecation;
        final List<String> tupleAttrs = new ArrayList<>();
        boolean composite;
        ValueType tupleType;
        final List<ValueType> tupleTypes = new ArrayList<>();
        boolean heterogeneous;
        final List<String> preds = new ArrayList<>();
        final List<String> enumValues = new ArrayList<>();
        boolean enumeration;
        /** Problems found while declaring, such as two kinds of uniqueness. */
        final List<String> problems = new ArrayList<>();
        /** Its statement could not be read; already reported, so it is not validated further. */
        boolean unreadable;

        Attribute(String name, String source) {
            this.name = name;
            this.source = source;
        }
    }

    /** A plain ident (an enum value, for instance). */
    record Ident(String name, String source) {}

    /** An entity spec as declared; required attributes are namespace-qualified text. */
    static final class Spec {
        final String name;
        final String source;
        final List<String> requiredAttrs = new ArrayList<>();
        final List<String> preds = new ArrayList<>();
        String doc;
        boolean unreadable;

        Spec(String name, String source) {
            this.name = name;
            this.source = source;
        }
    }
}
