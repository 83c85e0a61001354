package dev.datomickit.testing.guide;

import clojure.lang.Keyword;
import datomic.Connection;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxResult;

/** The "application code" the guide's tests exercise. */
final class Users {

    private Users() {}

    static long register(Connection conn, String email, String name) {
        if (Entities.find(conn.db(), "user/email", email).isPresent()) {
            throw new IllegalArgumentException("Email " + email + " is taken");
        }
        TxResult result = Tx.transact(conn, Tx.data(Tx.entity("user").set("user/email", email).set("user/name", name)));
        return result.id("user");
    }

    static TxResult promote(Connection conn, String email, Keyword role) {
        return Tx.transact(conn, Tx.data(Tx.add(Tx.lookup("user/email", email), "user/roles", role)));
    }

    static TxResult demote(Connection conn, String email, Keyword role) {
        return Tx.transact(conn, Tx.data(Tx.retract(Tx.lookup("user/email", email), "user/roles", role)));
    }
}
