package dev.datomickit.reliability;

import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.Forks;
import dev.datomickit.core.Tx;
import java.util.List;
import java.util.UUID;

/**
 * The same database twice: a fork, and a {@code datomic:mem} connection with a real transactor,
 * given the same transactions. What one accepts or refuses, the other must too.
 */
final class Twins implements AutoCloseable {

    final Connection fork;
    final Connection mem;
    private final String uri;

    private Twins(Connection fork, Connection mem, String uri) {
        this.fork = fork;
        this.mem = mem;
        this.uri = uri;
    }

    /** Both connections, each given {@code transactions} in order. */
    static Twins of(List<List<?>> transactions) {
        String uri = "datomic:mem://reliability-twin-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        Twins twins = new Twins(Forks.mock(), Peer.connect(uri), uri);
        for (List<?> transaction : transactions) {
            Tx.transact(twins.fork, transaction);
            Tx.transact(twins.mem, transaction);
        }
        return twins;
    }

    /** The connections, fork first. */
    List<Connection> both() {
        return List.of(fork, mem);
    }

    static String name(Connection conn, Twins twins) {
        return conn == twins.fork ? "fork" : "datomic:mem";
    }

    @Override
    public void close() {
        Peer.deleteDatabase(uri);
    }
}
