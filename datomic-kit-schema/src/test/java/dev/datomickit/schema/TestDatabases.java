package dev.datomickit.schema;

import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.Forks;
import java.util.UUID;

/**
 * Databases for the schema tests. Most tests get a fork of the empty database: Datomic applies
 * schema transactions with {@code Database.with} exactly as it does through the transactor,
 * refusals included, and a fork costs nothing to make. Tests about several peers sharing a
 * transactor need a real {@code datomic:mem} database.
 */
final class TestDatabases {

    private TestDatabases() {}

    /** A connection to a new, empty database of its own. */
    static Connection empty() {
        return Forks.mock();
    }

    /** Creates a new empty {@code datomic:mem} database and returns its URI, for tests that connect several times. */
    static String emptyUri() {
        String uri = "datomic:mem://schema-test-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        return uri;
    }
}
