package dev.datomickit.bench;

import clojure.lang.Keyword;
import datomic.Util;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** The schema and data the benchmarks share. */
final class Fixtures {

    static final Keyword EMAIL = Kw.of("user/email");
    static final Keyword NAME = Kw.of("user/name");
    static final Keyword AGE = Kw.of("user/age");

    static final TxSource SCHEMA = TxSource.of((List<?>) Util.read("""
            [{:db/ident :user/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one
              :db/unique :db.unique/identity}
             {:db/ident :user/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :user/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]
            """));

    private Fixtures() {}

    /** {@code count} users with an email, a name and an age, in one transaction. */
    static TxSource users(int count) {
        return TxSource.of(Tx.dataOf(IntStream.range(0, count)
                .mapToObj(i -> Tx.entity().set(EMAIL, "user" + i + "@example.com").set(NAME, "User " + i)
                        .set(AGE, (long) (20 + i % 50)))
                .toList()));
    }

    /** A transaction adding the {@code n}th new user. */
    static List<Object> newUser(long n) {
        return List.of(Map.of(EMAIL, "new" + n + "@example.com", NAME, "New user " + n));
    }
}
