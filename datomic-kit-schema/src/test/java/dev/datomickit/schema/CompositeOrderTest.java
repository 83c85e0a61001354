package dev.datomickit.schema;

import static dev.datomickit.core.ValueType.REF;
import static dev.datomickit.core.ValueType.STRING;
import static dev.datomickit.core.ValueType.UUID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import clojure.lang.Keyword;
import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.Kw;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Composite tuples whose name sorts before one of their attributes: Datomic refuses
 * {@code :db/tupleAttrs} naming an attribute not installed yet, even later in the same transaction,
 * so every way of installing a schema sends the parts first.
 */
class CompositeOrderTest {

    /** {@code :comment/author+post} sorts between its parts; {@code :enrollment/key} before both namespaces. */
    static final Schema SCHOOL = Schema.builder()
            .namespace("comment", c -> {
                c.attr("author", REF);
                c.composite("author+post", "author", "post").identity();
                c.attr("post", REF);
                c.attr("text", STRING);
            })
            .namespace("enrollment", e -> {
                e.composite("key", "student/id", "course/id").identity();
                e.attr("grade", STRING);
                e.entity("validate").requires("key");
            })
            .namespace("student", s -> s.attr("id", UUID).identity())
            .namespace("course", c -> c.attr("id", UUID).identity())
            .build();

    private static List<Keyword> idents(List<?> txData) {
        List<Keyword> idents = new ArrayList<>();
        for (Object statement : txData) {
            if (statement instanceof Map<?, ?> map) {
                idents.add((Keyword) map.get(Kw.of("db/ident")));
            } else {
                idents.add((Keyword) ((List<?>) statement).get(1));
            }
        }
        return idents;
    }

    private static Connection freshMem() {
        return Peer.connect(TestDatabases.emptyUri());
    }

    @Test
    void txDataPutsEachCompositeAfterItsPartsAndKeepsNamespacesTogether() {
        assertThat(idents(SCHOOL.txData())).containsExactly(
                Kw.of("comment/author"), Kw.of("comment/post"), Kw.of("comment/author+post"), Kw.of("comment/text"),
                Kw.of("course/id"),
                Kw.of("student/id"),
                Kw.of("enrollment/grade"), Kw.of("enrollment/key"), Kw.of("enrollment/validate"));
    }

    @Test
    void txDataIsAcceptedByAFreshDatomicMemDatabase() {
        Connection conn = freshMem();

        Tx.transact(conn, SCHOOL.txData());

        assertThat(Schema.read(conn.db())).isEqualTo(SCHOOL);
    }

    @Test
    void theEdnTextIsTransactableAndReadsBackEqual() {
        Connection conn = freshMem();

        Tx.transact(conn, (List<?>) datomic.Util.read(SCHOOL.toEdn()));

        assertThat(Schema.fromEdn(SCHOOL.toEdn())).isEqualTo(SCHOOL);
        assertThat(SCHOOL.toEdn()).containsOnlyOnce(";; enrollment").containsOnlyOnce(";; comment");
        assertThat(Schema.read(conn.db())).isEqualTo(SCHOOL);
    }

    @Test
    void ensureInstallsTheSchemaOnAnEmptyDatabase() {
        Connection conn = freshMem();

        SchemaDiff applied = SCHOOL.ensure(conn);

        assertThat(applied.transaction()).isPresent();
        assertThat(Schema.read(conn.db())).isEqualTo(SCHOOL);
        assertThat(SCHOOL.ensure(conn).isUpToDate()).isTrue();
    }

    @Test
    void aDiffAgainstADatabaseWithSomePartsInstallsTheMissingPartBeforeTheComposite() {
        Connection conn = TestDatabases.empty();
        Schema before = Schema.builder()
                .namespace("comment", c -> c.attr("author", REF))
                .namespace("course", c -> c.attr("id", UUID).identity())
                .build();
        before.ensure(conn);

        SchemaDiff diff = SCHOOL.diff(conn.db());
        List<Keyword> order = idents(diff.txData());

        assertThat(order.indexOf(Kw.of("comment/post"))).isLessThan(order.indexOf(Kw.of("comment/author+post")));
        assertThat(order.indexOf(Kw.of("student/id"))).isLessThan(order.indexOf(Kw.of("enrollment/key")));
        // What a schema migration does: transact the diff's statements as they are.
        Tx.transact(conn, diff.txData());
        assertThat(Schema.read(conn.db())).isEqualTo(SCHOOL);
    }

    @Test
    void aDiffWhoseOnlyChangeIsTheCompositeInstallsIt() {
        Connection conn = TestDatabases.empty();
        Schema parts = Schema.builder()
                .namespace("comment", c -> {
                    c.attr("author", REF);
                    c.attr("post", REF);
                    c.attr("text", STRING);
                })
                .namespace("enrollment", e -> e.attr("grade", STRING))
                .namespace("student", s -> s.attr("id", UUID).identity())
                .namespace("course", c -> c.attr("id", UUID).identity())
                .build();
        parts.ensure(conn);

        SchemaDiff applied = SCHOOL.ensure(conn);

        assertThat(applied.changes()).extracting(SchemaDiff.Change::ident).containsExactly(
                Kw.of("comment/author+post"), Kw.of("enrollment/key"), Kw.of("enrollment/validate"));
        assertThat(Schema.read(conn.db())).isEqualTo(SCHOOL);
    }

    @Test
    void whenDatomicRefusesACompositeAnywayTheExceptionNamesIt() {
        Connection conn = TestDatabases.empty();
        Schema parts = Schema.builder().namespace("comment", c -> {
            c.attr("author", REF);
            c.attr("post", REF);
        }).build();
        parts.ensure(conn);
        Schema withComposite = Schema.builder().namespace("comment", c -> {
            c.attr("author", REF);
            c.composite("author+post", "author", "post");
            c.attr("post", REF);
        }).build();
        // Between the diff and its transaction, another writer makes a part cardinality many.
        Connection raced = RacingWriter.before(conn,
                List.of(List.of(Kw.of("db/add"), Kw.of("comment/post"), Kw.of("db/cardinality"), Kw.of("db.cardinality/many"))));
        long before = conn.db().basisT();

        SchemaException refused = catchThrowableOfType(SchemaException.class, () -> withComposite.ensure(raced));

        assertThat(refused.problems()).singleElement().satisfies(problem -> assertThat(problem)
                .startsWith(":comment/author+post: Datomic refused its :db/tupleAttrs [:comment/author :comment/post]")
                .contains(":db.error/invalid-tuple-attrs"));
        assertThat(refused).hasMessageContaining("nothing was written").hasCauseInstanceOf(TransactionException.class);
        assertThat(conn.db().entid(Kw.of("comment/author+post"))).isNull();
        assertThat(conn.db().basisT()).isEqualTo(before + 1); // the other writer's transaction only
    }
}
