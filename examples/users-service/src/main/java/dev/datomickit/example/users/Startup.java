package dev.datomickit.example.users;

import datomic.Connection;
import dev.datomickit.schema.SchemaDiff;

/**
 * What every start of every instance does before it accepts a request: ensure the schema, then
 * run the migrations. Both are quiet on an up-to-date database: no transaction at all.
 */
final class Startup {

    /**
     * What a start did.
     *
     * @param schema what {@code ensure} found and installed
     */
    record Report(SchemaDiff schema) {

        /** Transactions this start issued. */
        int transactions() {
            return schema.transaction().isPresent() ? 1 : 0;
        }
    }

    static Report run(Connection connection) {
        SchemaDiff schema = Model.SCHEMA.ensure(connection);
        return new Report(schema);
    }

    private Startup() {}
}
