package dev.datomickit.schema;

import datomic.Connection;
import datomic.Peer;
import java.util.UUID;

/**
 * Fresh, uniquely named {@code datomic:mem} databases for the schema tests. The one place to switch
 * to forked connections once the testing module is available.
 */
final class TestDatabases {

    private TestDatabases() {}

    /** Creates a new empty in-memory database and returns a connection to it. */
    static Connection empty() {
        return Peer.connect(emptyUri());
    }

    /** Creates a new empty in-memory database and returns its URI, for tests that connect several times. */
    static String emptyUri() {
        String uri = "datomic:mem://schema-test-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        return uri;
    }
}
