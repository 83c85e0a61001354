package dev.datomickit.bench;

import static dev.datomickit.core.ValueType.BOOLEAN;
import static dev.datomickit.core.ValueType.DOUBLE;
import static dev.datomickit.core.ValueType.INSTANT;
import static dev.datomickit.core.ValueType.KEYWORD;
import static dev.datomickit.core.ValueType.LONG;
import static dev.datomickit.core.ValueType.REF;
import static dev.datomickit.core.ValueType.STRING;
import static dev.datomickit.core.ValueType.UUID;

import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxResult;
import dev.datomickit.schema.Schema;
import dev.datomickit.schema.SchemaBuilder;
import dev.datomickit.schema.SchemaDiff;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an application pays for its schema at every start, once the database is up to date:
 * {@link Schema#ensure} (compare, transact nothing) against re-transacting the whole schema, which
 * Datomic accepts but records as one more transaction each time.
 *
 * <p>The schema has 300 attributes in 30 namespaces (identity, indexed, many, component, enum,
 * fulltext, unique-value, …) and 90 enum idents, installed once in a {@code datomic:mem} database.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(2)
public class SchemaEnsureBench {

    static final int NAMESPACES = 30;

    Schema schema;
    Connection conn;
    String uri;

    /** A representative 300-attribute schema: ten attributes of different shapes per namespace. */
    static Schema schema() {
        SchemaBuilder builder = Schema.builder();
        for (int i = 0; i < NAMESPACES; i++) {
            builder.namespace(String.format("entity%02d", i), ns -> {
                ns.attr("id", UUID).identity().doc("Stable identifier");
                ns.attr("name", STRING).fulltext().doc("Display name");
                ns.attr("code", STRING).uniqueValue();
                ns.attr("rank", LONG).index();
                ns.attr("tags", KEYWORD).many();
                ns.attr("parts", REF).many().component();
                ns.enumeration("state", "draft", "live", "archived");
                ns.attr("created", INSTANT);
                ns.attr("active", BOOLEAN);
                ns.attr("score", DOUBLE).noHistory();
            });
        }
        return builder.build();
    }

    @Setup(Level.Trial)
    public void install() {
        schema = schema();
        if (schema.attributes().size() != 300) {
            throw new IllegalStateException("expected 300 attributes, built " + schema.attributes().size());
        }
        uri = "datomic:mem://schema-bench-" + java.util.UUID.randomUUID();
        Peer.createDatabase(uri);
        conn = Peer.connect(uri);
        schema.ensure(conn);
        if (!schema.diff(conn.db()).isUpToDate()) {
            throw new IllegalStateException("the schema did not install");
        }
    }

    @TearDown(Level.Trial)
    public void delete() {
        Peer.deleteDatabase(uri);
    }

    /** datomic-kit: compare with the database, transact nothing. */
    @Benchmark
    public SchemaDiff kitEnsure() {
        SchemaDiff diff = schema.ensure(conn);
        if (diff.transaction().isPresent()) {
            throw new IllegalStateException("an up-to-date database got a transaction");
        }
        return diff;
    }

    /** The alternative: transact the whole schema again; each call adds a transaction to the log. */
    @Benchmark
    public TxResult naiveRetransact() {
        return Tx.transact(conn, schema.txData());
    }
}
