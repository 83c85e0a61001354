package dev.datomickit.core;

import clojure.lang.Keyword;
import datomic.Database;
import java.util.Optional;

/** A {@link SchemaModel} answering from the attributes installed in a database value. */
final class DatabaseSchemaModel implements SchemaModel {

    private static final Keyword CARDINALITY_MANY = Kw.of("db.cardinality/many");

    private final Database db;

    DatabaseSchemaModel(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Attribute> lookup(Keyword ident) {
        datomic.Attribute attr = db.attribute(ident);
        if (attr == null) {
            return Optional.empty();
        }
        return Optional.of(new Attribute((Keyword) attr.ident(), ValueType.of(attr.valueType()),
                CARDINALITY_MANY.equals(attr.cardinality()), attr.isComponent()));
    }

    @Override
    public String toString() {
        return "database " + db.id() + " at basis t " + db.basisT();
    }
}
