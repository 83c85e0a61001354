package dev.datomickit.core.testmodel;

import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import datomic.Util;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The user / post / comment model of the "Using Datomic in your app" article, with fixtures: a
 * real {@code datomic:mem} database shared by the tests that only read it.
 */
public final class Blog {

    public static final UUID ALICE = UUID.fromString("579ef389-525e-4017-bdd7-3eebb4a1f484");
    public static final UUID BOB = UUID.fromString("579ef39b-13af-4acd-b3c9-3fb63a42d2ef");
    public static final UUID CAROL = UUID.fromString("6d2f7a0e-9b1c-4c55-8a3e-0f6b2b1d9e21");
    public static final UUID POST_1 = UUID.fromString("a1b2c3d4-0000-4000-8000-000000000001");
    public static final UUID POST_2 = UUID.fromString("a1b2c3d4-0000-4000-8000-000000000002");
    public static final UUID COMMENT_1 = UUID.fromString("c0000000-0000-4000-8000-000000000001");
    public static final UUID COMMENT_2 = UUID.fromString("c0000000-0000-4000-8000-000000000002");
    public static final UUID COMMENT_3 = UUID.fromString("c0000000-0000-4000-8000-000000000003");
    public static final UUID COMMENT_4 = UUID.fromString("c0000000-0000-4000-8000-000000000004");
    public static final UUID REPLY_1 = UUID.fromString("c0000000-0000-4000-8000-0000000000f1");

    public static final String PASSWORD_HASH = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";
    public static final Date ALICE_JOINED = Date.from(java.time.Instant.parse("2016-07-24T10:15:30Z"));

    public static final String SCHEMA = """
            [{:db/ident :user/id            :db/valueType :db.type/uuid    :db/cardinality :db.cardinality/one
              :db/unique :db.unique/identity}
             {:db/ident :user/email         :db/valueType :db.type/string  :db/cardinality :db.cardinality/one
              :db/unique :db.unique/identity}
             {:db/ident :user/name          :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
             {:db/ident :user/password-hash :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
             {:db/ident :user/role          :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one}
             {:db/ident :user/joined        :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}
             {:db/ident :user/friends       :db/valueType :db.type/ref     :db/cardinality :db.cardinality/many}
             {:db/ident :user/active?       :db/valueType :db.type/boolean :db/cardinality :db.cardinality/one}
             {:db/ident :user/profile       :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one
              :db/isComponent true}
             {:db/ident :profile/bio        :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
             {:db/ident :profile/private-note :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
             {:db/ident :role/admin}
             {:db/ident :role/member}

             {:db/ident :post/id            :db/valueType :db.type/uuid    :db/cardinality :db.cardinality/one
              :db/unique :db.unique/identity}
             {:db/ident :post/title         :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
             {:db/ident :post/author        :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one}
             {:db/ident :post/status        :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one}
             {:db/ident :post/tags          :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}
             {:db/ident :post/rating        :db/valueType :db.type/bigdec  :db/cardinality :db.cardinality/one}
             {:db/ident :post/views         :db/valueType :db.type/bigint  :db/cardinality :db.cardinality/one}
             {:db/ident :post/score         :db/valueType :db.type/double  :db/cardinality :db.cardinality/one}
             {:db/ident :post/published-at  :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}
             {:db/ident :post/url           :db/valueType :db.type/uri     :db/cardinality :db.cardinality/one}
             {:db/ident :post/edition       :db/valueType :db.type/tuple   :db/cardinality :db.cardinality/one
              :db/tupleTypes [:db.type/string :db.type/long]}
             {:db/ident :post.status/draft}
             {:db/ident :post.status/published}
             {:db/ident :post.status/in-review}

             {:db/ident :comment/id         :db/valueType :db.type/uuid    :db/cardinality :db.cardinality/one
              :db/unique :db.unique/identity}
             {:db/ident :comment/content    :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
             {:db/ident :comment/author     :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one}
             {:db/ident :comment/post       :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one}
             {:db/ident :comment/replies    :db/valueType :db.type/ref     :db/cardinality :db.cardinality/many
              :db/isComponent true}
             {:db/ident :comment/flagged    :db/valueType :db.type/boolean :db/cardinality :db.cardinality/one}]
            """;

    private static final Database DB = build();

    private Blog() {}

    /** The fixture database: read it, never write through it. */
    public static Database db() {
        return DB;
    }

    /** A fresh database with the schema and the fixtures, for tests that write. */
    public static Connection freshConnection() {
        String uri = "datomic:mem://blog-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        Connection conn = Peer.connect(uri);
        Tx.transact(conn, (List<?>) Util.read(SCHEMA));
        Tx.transact(conn, fixtures());
        return conn;
    }

    public static List<Object> fixtures() {
        return Tx.data(
                Tx.entity("alice").set("user/id", ALICE).set("user/email", "alice@example.com").set("user/name", "Alice")
                        .set("user/password-hash", PASSWORD_HASH).set("user/role", Kw.of("role/admin"))
                        .set("user/joined", ALICE_JOINED).set("user/friends", List.of("bob")).set("user/active?", true)
                        .set("user/profile", Tx.entity().set("profile/bio", "Writes about Datomic")
                                .set("profile/private-note", "owes Bob lunch")),
                Tx.entity("bob").set("user/id", BOB).set("user/email", "bob@example.com").set("user/name", "Bob")
                        .set("user/password-hash", PASSWORD_HASH).set("user/role", Kw.of("role/member"))
                        .set("user/friends", List.of("alice", "carol")),
                Tx.entity("carol").set("user/id", CAROL).set("user/email", "carol@example.com").set("user/name", "Carol")
                        .set("user/role", Kw.of("role/member")),
                Tx.entity("post1").set("post/id", POST_1).set("post/title", "Entities are cheap").set("post/author", "alice")
                        .set("post/status", Kw.of("post.status/published"))
                        .set("post/tags", List.of(Kw.of("topic/datomic"), Kw.of("topic/clojure")))
                        .set("post/rating", new BigDecimal("4.25000000000000000001"))
                        .set("post/views", new BigInteger("123456789012345678901234567890"))
                        .set("post/score", 0.5).set("post/published-at", Date.from(java.time.Instant.parse("2016-07-25T08:00:00.123Z")))
                        .set("post/url", URI.create("https://example.com/posts/entities-are-cheap"))
                        .set("post/edition", List.of("second", 2L)),
                Tx.entity("post2").set("post/id", POST_2).set("post/title", "A query is not an expedition")
                        .set("post/author", "alice").set("post/status", Kw.of("post.status/in-review")),
                Tx.entity("c1").set("comment/id", COMMENT_1).set("comment/content", "Great post")
                        .set("comment/author", "bob").set("comment/post", "post1")
                        .set("comment/replies", List.of(Tx.entity().set("comment/id", REPLY_1)
                                .set("comment/content", "Thanks!").set("comment/author", "alice"))),
                Tx.entity("c2").set("comment/id", COMMENT_2).set("comment/content", "What about the N+1 problem?")
                        .set("comment/author", "bob").set("comment/post", "post1").set("comment/flagged", false),
                Tx.entity("c3").set("comment/id", COMMENT_3).set("comment/content", "Agreed")
                        .set("comment/author", "bob").set("comment/post", "post2"),
                Tx.entity("c4").set("comment/id", COMMENT_4).set("comment/content", "Indeed")
                        .set("comment/author", "carol").set("comment/post", "post1"));
    }

    private static Database build() {
        return freshConnection().db();
    }
}
