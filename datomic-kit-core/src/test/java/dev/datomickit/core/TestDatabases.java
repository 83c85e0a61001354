package dev.datomickit.core;

import datomic.Connection;
import datomic.Peer;
import datomic.Util;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The small schema core's tests share, installed once in a {@code datomic:mem} database; each test
 * gets a fork of it (dogfooding {@link Forks}: a fork costs microseconds, a new database milliseconds).
 */
final class TestDatabases {

    static final String SCHEMA = """
            [{:db/ident :user/email    :db/valueType :db.type/string  :db/cardinality :db.cardinality/one
              :db/unique :db.unique/identity}
             {:db/ident :user/name     :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
             {:db/ident :user/age      :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
             {:db/ident :user/roles    :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}
             {:db/ident :user/friends  :db/valueType :db.type/ref     :db/cardinality :db.cardinality/many}
             {:db/ident :user/address  :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one
              :db/isComponent true}
             {:db/ident :address/city  :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
             {:db/ident :account/number :db/valueType :db.type/string :db/cardinality :db.cardinality/one
              :db/unique :db.unique/value}
             {:db/ident :account/balance :db/valueType :db.type/long  :db/cardinality :db.cardinality/one}]
            """;

    /** A transaction function that moves an amount between accounts, refusing overdrafts. */
    static final String TRANSFER_CODE = """
            (let [balance (fn [e] (or (:account/balance (datomic.api/entity db e)) 0))]
              (when (< (balance from) amount)
                (throw (ex-info "Insufficient funds" {:account from :amount amount})))
              [[:db/add from :account/balance (- (balance from) amount)]
               [:db/add to :account/balance (+ (balance to) amount)]])
            """;

    private static final class Shared {
        static final Connection SCHEMA_CONNECTION = createWithSchema();
    }

    private TestDatabases() {}

    /** Creates a new empty in-memory database and returns a connection to it. */
    static Connection empty() {
        String uri = "datomic:mem://core-test-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        return Peer.connect(uri);
    }

    /**
     * Returns a real peer connection to the shared database holding the test schema (two
     * transactions: the attributes, then the transfer function). Never write to it: fork it.
     */
    static Connection schemaConnection() {
        return Shared.SCHEMA_CONNECTION;
    }

    /** Returns a fresh fork of the shared database holding the test schema. */
    static Connection withSchema() {
        return Forks.fork(schemaConnection());
    }

    /** Creates a new in-memory database with the shared test schema installed. */
    static Connection createWithSchema() {
        Connection conn = empty();
        Tx.transact(conn, (List<?>) Util.read(SCHEMA));
        Object transfer = Peer.function(Map.of(Kw.of("lang"), "clojure",
                Kw.of("params"), Util.read("[db from to amount]"), Kw.of("code"), TRANSFER_CODE));
        Tx.transact(conn, Tx.data(Tx.entity().set("db/ident", Kw.of("account/transfer")).set("db/fn", transfer)));
        return conn;
    }
}
