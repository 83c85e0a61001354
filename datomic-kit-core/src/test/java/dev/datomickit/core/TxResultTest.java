package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import datomic.Datom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TxResultTest {

    private final Connection conn = TestDatabases.withSchema();

    @Test
    void exposesTheReportTyped() {
        TxResult result = Tx.transact(conn, Tx.data(Tx.entity("alice").set("user/email", "a@example.com")));

        assertThat(result.t()).isEqualTo(conn.db().basisT()).isGreaterThan(result.dbBefore().basisT());
        assertThat(result.txData()).extracting(Datom::tx).containsOnly(result.tx());
        assertThat(result.txData()).extracting(Datom::e).contains(result.id("alice"), result.tx());
        assertThat(result.report().keySet()).contains(Connection.DB_BEFORE, Connection.DB_AFTER, Connection.TX_DATA,
                Connection.TEMPIDS);
        assertThat(result.tempids()).containsEntry("alice", result.id("alice"));
        assertThat(result.toString()).isEqualTo("TxResult{t=" + result.t() + ", datoms=2, tempids={\"alice\" " + result.id("alice") + "}}");
    }

    @Test
    void unknownTempidListsTheKnownOnes() {
        TxResult result = Tx.transact(conn, Tx.data(
                Tx.entity("alice").set("user/email", "a@example.com"),
                Tx.entity("bob").set("user/email", "b@example.com")));

        assertThatThrownBy(() -> result.id("carol"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Tempid \"carol\" was not resolved by this transaction; its tempids are [\"alice\", \"bob\"]");
    }

    @Test
    void rejectsAMapThatIsNotAReport() {
        assertThatThrownBy(() -> new TxResult(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":db-before is missing");
    }
}
