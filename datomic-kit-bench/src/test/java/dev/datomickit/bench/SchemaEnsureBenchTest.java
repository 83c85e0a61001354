package dev.datomickit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmark measures what it says: one side transacts nothing, the other a transaction per call. */
class SchemaEnsureBenchTest {

    private final SchemaEnsureBench bench = new SchemaEnsureBench();

    @BeforeEach
    void setUp() {
        bench.install();
    }

    @AfterEach
    void tearDown() {
        bench.delete();
    }

    @Test
    void ensuringAnUpToDateSchemaTransactsNothing() {
        long basis = bench.conn.db().basisT();

        assertThat(bench.kitEnsure().isUpToDate()).isTrue();
        assertThat(bench.kitEnsure().transaction()).isEmpty();

        assertThat(bench.conn.db().basisT()).isEqualTo(basis);
    }

    @Test
    void reTransactingTheSchemaAddsATransactionEachTime() {
        long basis = bench.conn.db().basisT();

        long first = bench.naiveRetransact().t();
        long second = bench.naiveRetransact().t();

        assertThat(first).isGreaterThan(basis);
        assertThat(second).isGreaterThan(first);
        assertThat(bench.schema.diff(bench.conn.db()).isUpToDate()).isTrue();
    }

    @Test
    void theSchemaHasThreeHundredAttributes() {
        assertThat(bench.schema.attributes()).hasSize(300);
        assertThat(bench.schema.idents()).hasSize(90);
    }
}
