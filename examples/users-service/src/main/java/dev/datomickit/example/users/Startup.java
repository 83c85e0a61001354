package dev.datomickit.example.users;

import datomic.Connection;
import dev.datomickit.migrations.MigrationReport;
import dev.datomickit.schema.SchemaDiff;

/**
 * What every start of every instance does before it accepts a request: ensure the schema, then
 * run the migrations. On an up-to-date database both are quiet: no transaction at all.
 */
final class Startup {

    /**
     * What a start did.
     *
     * @param schema what {@code ensure} found and installed
     * @param migrations the migrations that were pending, and who applied them
     */
    record Report(SchemaDiff schema, MigrationReport migrations) {

        /** Transactions this start issued. */
        int transactions() {
            return (schema.transaction().isPresent() ? 1 : 0) + migrations.transactions();
        }

        /** For the log: the schema's diff, and the migrations (the migrator logs each one). */
        @Override
        public String toString() {
            int applied = migrations.applied().size();
            return transactions() + " transaction(s). " + schema + ". Migrations: " + (migrations.isEmpty() ? "none pending"
                    : applied + " applied, " + (migrations.entries().size() - applied) + " applied by another instance");
        }
    }

    static Report run(Connection connection) {
        SchemaDiff schema = Model.SCHEMA.ensure(connection);
        MigrationReport migrations = Migrations.MIGRATOR.migrate(connection);
        return new Report(schema, migrations);
    }

    private Startup() {}
}
