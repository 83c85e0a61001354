package dev.datomickit.schema;

import clojure.lang.Keyword;
import clojure.lang.Symbol;
import dev.datomickit.core.Kw;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;

/** The idents of Datomic's schema attributes, and the order the model sorts idents in. */
final class Idents {

    static final Keyword DB_ID = Kw.of("db/id");
    static final Keyword DB_IDENT = Kw.of("db/ident");
    static final Keyword VALUE_TYPE = Kw.of("db/valueType");
    static final Keyword CARDINALITY = Kw.of("db/cardinality");
    static final Keyword UNIQUE = Kw.of("db/unique");
    static final Keyword INDEX = Kw.of("db/index");
    static final Keyword IS_COMPONENT = Kw.of("db/isComponent");
    static final Keyword FULLTEXT = Kw.of("db/fulltext");
    static final Keyword NO_HISTORY = Kw.of("db/noHistory");
    static final Keyword DOC = Kw.of("db/doc");
    static final Keyword TUPLE_ATTRS = Kw.of("db/tupleAttrs");
    static final Keyword TUPLE_TYPE = Kw.of("db/tupleType");
    static final Keyword TUPLE_TYPES = Kw.of("db/tupleTypes");
    static final Keyword ATTR_PREDS = Kw.of("db.attr/preds");
    static final Keyword ENTITY_ATTRS = Kw.of("db.entity/attrs");
    static final Keyword ENTITY_PREDS = Kw.of("db.entity/preds");
    static final Keyword ENSURE = Kw.of("db/ensure");
    static final Keyword FN = Kw.of("db/fn");
    static final Keyword INSTALL_ATTRIBUTE = Kw.of("db.install/_attribute");
    static final Keyword INSTALL_PARTITION = Kw.of("db.install/partition");
    static final Keyword PART_DB = Kw.of("db.part/db");
    static final Keyword DB_ADD = Kw.of("db/add");
    static final Keyword DB_RETRACT = Kw.of("db/retract");

    /** By namespace, then name: the order of every list of idents the model returns. */
    static final Comparator<Keyword> ORDER = Comparator
            .comparing((Keyword k) -> k.getNamespace() == null ? "" : k.getNamespace())
            .thenComparing(Keyword::getName);

    static final Comparator<Symbol> SYMBOL_ORDER = Comparator.comparing(Symbol::toString);

    private Idents() {}

    /** Tells whether a namespace is Datomic's own ({@code db}, {@code db.*}, {@code fressian}). */
    static boolean isReserved(String namespace) {
        return namespace != null
                && (namespace.equals("db") || namespace.startsWith("db.") || namespace.equals("fressian"));
    }

    static Set<Keyword> sortedSet(Collection<Keyword> idents) {
        TreeSet<Keyword> sorted = new TreeSet<>(ORDER);
        sorted.addAll(idents);
        return Collections.unmodifiableSet(sorted);
    }

    /** The namespace of the enum values of a ref attribute: {@code :user/status} gives {@code user.status}. */
    static String enumNamespace(Keyword attribute) {
        return attribute.getNamespace() + "." + attribute.getName();
    }
}
