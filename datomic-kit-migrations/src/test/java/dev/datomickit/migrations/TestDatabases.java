package dev.datomickit.migrations;

import datomic.Connection;
import datomic.Database;
import datomic.Datom;
import datomic.Peer;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fresh {@code datomic:mem} databases, for the tests that need a real transactor rather than a fork. */
final class TestDatabases {

    private TestDatabases() {}

    /** Creates an empty in-memory database and returns its URI. */
    static String newUri() {
        String uri = "datomic:mem://migrations-test-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        return uri;
    }

    /** Creates an in-memory database holding the test schema and returns a connection to it. */
    static Connection withSchema() {
        Connection conn = Peer.connect(newUri());
        Tx.transact(conn, new TestSchema().txData());
        return conn;
    }

    /** How many transactions the connection's log holds after {@code t}. */
    static int transactionsAfter(Connection conn, long t) {
        int count = 0;
        for (Object ignored : conn.log().txRange(t + 1, null)) {
            count++;
        }
        return count;
    }

    /** The transactions the connection's log holds after {@code t}, as {@code Log.txRange} gives them. */
    static List<Map<?, ?>> log(Connection conn, long t) {
        List<Map<?, ?>> transactions = new ArrayList<>();
        for (Object tx : conn.log().txRange(t + 1, null)) {
            transactions.add((Map<?, ?>) tx);
        }
        return transactions;
    }

    /** The values of {@code attribute} in {@code db}, one per datom, so duplicates show. */
    static List<Object> values(Database db, String attribute) {
        List<Object> values = new ArrayList<>();
        for (Datom datom : db.datoms(Database.AEVT, Kw.of(attribute))) {
            values.add(datom.v());
        }
        return values;
    }
}
