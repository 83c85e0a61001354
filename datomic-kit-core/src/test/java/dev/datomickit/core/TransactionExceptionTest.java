package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import datomic.Connection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionExceptionTest {

    private final Connection conn = TestDatabases.withSchema();
    private long basisBefore;

    @BeforeEach
    void seed() {
        Tx.transact(conn, Tx.data(
                Tx.entity("alice").set("user/email", "alice@example.com"),
                Tx.entity("bob").set("user/email", "bob@example.com"),
                Tx.entity("acct").set("account/number", "A-1").set("account/balance", 5L)));
        basisBefore = conn.db().basisT();
    }

    @Test
    void uniqueConflictCarriesDatomicsErrorKeyword() {
        TransactionException e = failing(Tx.data(
                Tx.add(Tx.lookup("user/email", "bob@example.com"), "user/email", "alice@example.com")));

        assertThat(e.error()).contains(Kw.of("db.error/unique-conflict"));
        assertThat(e.is("db.error/unique-conflict")).isTrue();
        assertThat(e.is(":db.error/cas-failed")).isFalse();
        assertThat(e).hasMessageStartingWith("Transaction of 1 statement failed: :db.error/unique-conflict Unique conflict:")
                .hasMessageContaining(":user/email").hasMessageContaining("alice@example.com");
        assertThat(e.getCause()).isNotNull();
    }

    @Test
    void uniqueValueConflictOnNewEntity() {
        TransactionException e = failing(Tx.data(Tx.entity("x").set("account/number", "A-1")));

        assertThat(e.error()).contains(Kw.of("db.error/unique-conflict"));
    }

    @Test
    void unknownAttributeNamesTheAttribute() {
        TransactionException e = failing(Tx.data(Tx.entity("x").set("user/emial", "typo@example.com")));

        assertThat(e.error()).contains(Kw.of("db.error/not-an-entity"));
        assertThat(e).hasMessageContaining(":user/emial");
        assertThat(e.data()).containsEntry(Kw.of("entity"), Kw.of("user/emial"));
    }

    @Test
    void wrongValueTypeNamesAttributeAndValue() {
        TransactionException e = failing(Tx.data(Tx.add("x", "user/age", "forty")));

        assertThat(e.error()).contains(Kw.of("db.error/wrong-type-for-attribute"));
        assertThat(e).hasMessageContaining("forty").hasMessageContaining(":user/age");
    }

    @Test
    void missingLookupRefTarget() {
        TransactionException e = failing(Tx.data(Tx.add(Tx.lookup("user/email", "nobody@example.com"), "user/age", 1L)));

        assertThat(e.error()).contains(Kw.of("db.error/not-an-entity"));
        assertThat(e).hasMessageContaining("nobody@example.com");
    }

    @Test
    void exceptionThrownByATransactionFunctionKeepsItsMessageAndData() {
        long account = conn.db().entid(List.of(Kw.of("account/number"), "A-1")) instanceof Long id ? id : -1;

        TransactionException e = failing(Tx.data(Tx.call("account/transfer", account, account, 100L)));

        assertThat(e.error()).isEmpty();
        assertThat(e).hasMessageContaining("Insufficient funds").hasMessageContaining(":amount 100");
        assertThat(e.data()).containsEntry(Kw.of("amount"), 100L);
    }

    @Test
    void unknownTransactionFunction() {
        TransactionException e = failing(Tx.data(Tx.call("account/nope", 1L)));

        assertThat(e.error()).contains(Kw.of("db.error/not-a-data-function"));
        assertThat(e).hasMessageContaining(":account/nope");
    }

    /**
     * Found by the reliability suite (InvalidTransactionDataTest): Datomic refuses a statement too
     * short for its operation with no error keyword and a message from its internals, such as
     * "Index 3 out of bounds for length 3", which named no statement.
     */
    @Test
    void aStatementTooShortForItsOperationIsNamed() {
        Object valid = Tx.entity("x").set("user/email", "x@example.com").toMap();
        for (List<Object> statement : List.<List<Object>>of(List.of(Kw.of("db/add"), "x", Kw.of("user/age")),
                List.of(Kw.of("db/add")), List.of(Kw.of("db/retractEntity")),
                List.of(Kw.of("db/cas"), "x", Kw.of("user/age"), 1L), List.of())) {
            TransactionException e = failing(List.of(valid, statement));

            assertThat(e.error()).isEmpty();
            assertThat(e).hasMessageStartingWith("Transaction of 2 statements failed: statement 1, " + Edn.show(statement)
                    + ", is " + (statement.isEmpty() ? "empty; expected an operation" : "too short; " + statement.get(0) + " takes "))
                    .hasMessageContaining(" (Datomic: ");
        }
        // Longer than needed is accepted by Datomic, and not reported.
        assertThat(Tx.transact(conn, List.of(List.of(Kw.of("db/add"), "y", Kw.of("user/age"), 1L, "extra"))).t())
                .isGreaterThan(basisBefore);
    }

    @Test
    void speculativeWithReportsTheSameWay() {
        TransactionException e = catchThrowableOfType(TransactionException.class,
                () -> Tx.with(conn.db(), Tx.data(Tx.add("x", "user/nope", 1L))));

        assertThat(e.error()).contains(Kw.of("db.error/not-an-entity"));
    }

    /** Runs a transaction that must fail, and checks that it wrote nothing. */
    private TransactionException failing(List<Object> txData) {
        TransactionException e = catchThrowableOfType(TransactionException.class, () -> Tx.transact(conn, txData));
        assertThat(e).as("transaction should fail: %s", txData).isNotNull();
        assertThat(conn.db().basisT()).as("no partial write").isEqualTo(basisBefore);
        return e;
    }
}
