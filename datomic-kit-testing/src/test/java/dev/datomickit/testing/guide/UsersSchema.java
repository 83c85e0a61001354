package dev.datomickit.testing.guide;

import datomic.Util;
import dev.datomickit.core.TxSource;
import java.util.List;

// snippet:schema-source
/** The users schema, as a fixture class: concrete, with a no-argument constructor. */
public class UsersSchema implements TxSource {
    @Override
    public List<?> txData() {
        return (List<?>) Util.read("""
                [{:db/ident :user/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one
                  :db/unique :db.unique/identity}
                 {:db/ident :user/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
                 {:db/ident :user/roles :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}
                 {:db/ident :user/manager :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}]
                """);
    }
}
// end-snippet:schema-source
