package dev.datomickit.example.users;

import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import java.util.UUID;

/**
 * Sample data: what the embedded in-memory database starts with when no database is configured,
 * and what the tests start from. Stable ids, so that a URL in the README or a test names the same
 * entity on every run.
 *
 * <p>Bob's email was stored before the service normalized emails, in mixed case: the
 * {@linkplain Migrations#LOWERCASE_EMAILS migration} that lowercases emails finds it.
 */
final class Fixtures {

    static final UUID ALICE = UUID.fromString("a11ce000-0000-4000-8000-000000000001");
    static final UUID BOB = UUID.fromString("b0b00000-0000-4000-8000-000000000002");
    static final UUID CAROL = UUID.fromString("ca201000-0000-4000-8000-000000000003");

    static final UUID ENTITIES_ARE_CHEAP = UUID.fromString("b1090000-0000-4000-8000-000000000001");
    static final UUID NOT_AN_EXPEDITION = UUID.fromString("b1090000-0000-4000-8000-000000000002");

    static final UUID BOB_GREAT_POST = UUID.fromString("c0000000-0000-4000-8000-000000000001");
    static final UUID BOB_N_PLUS_ONE = UUID.fromString("c0000000-0000-4000-8000-000000000002");
    static final UUID CAROL_AGREES = UUID.fromString("c0000000-0000-4000-8000-000000000003");
    static final UUID BOB_ON_QUERIES = UUID.fromString("c0000000-0000-4000-8000-000000000004");

    static final TxSource SAMPLE = TxSource.of(Tx.data(
            Tx.entity("alice").set("user/id", ALICE).set("user/email", "alice@example.com").set("user/name", "Alice"),
            Tx.entity("bob").set("user/id", BOB).set("user/email", "Bob@Example.com").set("user/name", "Bob"),
            Tx.entity("carol").set("user/id", CAROL).set("user/email", "carol@example.com").set("user/name", "Carol"),
            Tx.entity("cheap").set("post/id", ENTITIES_ARE_CHEAP).set("post/title", "Entities are cheap")
                    .set("post/author", "alice"),
            Tx.entity("expedition").set("post/id", NOT_AN_EXPEDITION).set("post/title", "A query is not an expedition")
                    .set("post/author", "alice"),
            Tx.entity().set("comment/id", BOB_GREAT_POST).set("comment/content", "Great post")
                    .set("comment/author", "bob").set("comment/post", "cheap"),
            Tx.entity().set("comment/id", BOB_N_PLUS_ONE).set("comment/content", "What about the N+1 problem?")
                    .set("comment/author", "bob").set("comment/post", "cheap"),
            Tx.entity().set("comment/id", CAROL_AGREES).set("comment/content", "Agreed: one finder per resource")
                    .set("comment/author", "carol").set("comment/post", "cheap"),
            Tx.entity().set("comment/id", BOB_ON_QUERIES).set("comment/content", "Many small queries, few round trips")
                    .set("comment/author", "bob").set("comment/post", "expedition")));

    private Fixtures() {}
}
