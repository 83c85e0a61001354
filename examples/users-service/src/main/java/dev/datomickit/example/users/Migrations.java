package dev.datomickit.example.users;

import dev.datomickit.migrations.DatabaseFunction;
import dev.datomickit.migrations.Migration;
import dev.datomickit.migrations.Migrator;

/**
 * The service's data migrations, run at every start after the schema is ensured; each is applied
 * once per database, however many instances start together.
 */
final class Migrations {

    /**
     * Lower-cases every {@code :user/email}: emails were once stored as typed, and sign-up now
     * stores them in lower case, so that {@code :user/email}'s uniqueness holds whatever the case.
     *
     * <p>A database function, so that it runs on the transactor inside the migration's transaction
     * and sees every email registered until that moment, also by instances still running the
     * previous version. Two emails that differ only by case cannot both be kept: the function then
     * aborts, naming them, and nothing is written.
     */
    static final DatabaseFunction LOWERCASE_EMAILS = DatabaseFunction.clojure("users-service.migrations/lowercase-emails")
            .params("db")
            .requires("[datomic.api :as d]")
            .doc("Lower-cases every :user/email, refusing emails that differ only by case")
            .code("""
                  (let [lower (fn [^String email] (.toLowerCase email java.util.Locale/ROOT))
                        users (d/q '[:find ?user ?email :where [?user :user/email ?email]] db)
                        clashes (->> users
                                     (group-by (comp lower second))
                                     (vals)
                                     (filter #(> (count %) 1))
                                     (map #(sort (map second %)))
                                     (sort-by first))]
                    (when (seq clashes)
                      (throw (ex-info (str "Cannot lower-case emails: these differ only by case, and :user/email"
                                           " is unique: " (pr-str clashes) ". Merge or rename those users first.")
                                      {:clashes clashes})))
                    (for [[user email] users
                          :when (not= email (lower email))]
                      [:db/add user :user/email (lower email)]))""")
            .build();

    static final Migrator MIGRATOR = Migrator.builder()
            .add(Migration.data("2026-11-20 install lowercase-emails", LOWERCASE_EMAILS.txData()))
            .add(Migration.call("2026-11-20 lowercase emails", LOWERCASE_EMAILS.ident())
                    .requires("2026-11-20 install lowercase-emails"))
            .build();

    private Migrations() {}
}
