package dev.datomickit.example.users;

import dev.datomickit.core.Tx;
import java.util.List;

/** Domain logic about users that writes: functions that return transaction data. */
final class Users {

    /**
     * The transaction that creates a user. Datomic refuses it with
     * {@code :db.error/unique-conflict} when the email is taken, also when another sign-up with
     * the same email commits first; {@code :db/ensure} has the transactor check the attributes the
     * entity spec requires, whoever builds the data.
     */
    static List<Object> signUp(SignUp input) {
        return Tx.data(Tx.entity()
                .set("user/id", input.id())
                .set("user/email", input.email())
                .set("user/name", input.name())
                .set("db/ensure", SignUp.USER_SPEC));
    }

    private Users() {}
}
