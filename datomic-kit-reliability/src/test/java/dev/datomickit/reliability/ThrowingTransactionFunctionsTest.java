package dev.datomickit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import clojure.lang.Keyword;
import datomic.Connection;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Kw;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import dev.datomickit.migrations.Migration;
import dev.datomickit.migrations.MigrationException;
import dev.datomickit.migrations.Migrator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Transactions whose database function throws, in every way one can: {@code ex-info} with an
 * error keyword, a plain Java exception, a condition on the database, a function that returns
 * something other than transaction data, a function that calls a throwing one. Each is hidden
 * among valid statements, sent to a fork and to a {@code datomic:mem} connection, and through a
 * migration: each is refused as a whole with the function's error, the same on both, and nothing
 * of it is written. Transactions without a fault, in between, must commit on both.
 */
class ThrowingTransactionFunctionsTest {

    private static final String LIMITED = "limited";
    private static final int LIMIT = 3;

    @Test
    void aThrowingFunctionRefusesTheWholeTransactionWithItsErrorOnForksAndTransactorsAlike() {
        int transactions = Load.scaled(250);
        Figures.Row row = Figures.open("Transaction functions that throw", transactions
                + " random transactions × (fork, datomic:mem), 5 ways to throw, 1 in 5 without a fault; then through migrations");
        Random random = Load.random("throwing transaction functions");
        try (Twins twins = Twins.of(List.of(new StressSchema().txData(),
                Tx.data(Tx.entity().set("counter/name", LIMITED).set("counter/value", (long) LIMIT))))) {
            int committed = 0;
            for (int i = 0; i < transactions; i++) {
                int fault = random.nextInt(6);
                List<Object> valid = validStatements(random, i);
                List<Object> data = new ArrayList<>(Tx.dataOf(valid));
                if (fault < 5) {
                    data.add(random.nextInt(data.size() + 1), throwing(fault, i));
                }
                for (Connection conn : twins.both()) {
                    long t = conn.db().basisT();
                    if (fault == 5) {
                        Tx.transact(conn, data);
                        assertThat(Entities.find(conn.db(), "item/key", "item-" + i)).isPresent();
                        continue;
                    }
                    TransactionException e = catchThrowableOfType(TransactionException.class, () -> Tx.transact(conn, data));
                    assertThat(e).as("%s, fault %d in %s %s", Twins.name(conn, twins), fault, data, Load.replay()).isNotNull();
                    expect(e, fault, i);
                    assertThat(conn.db().basisT()).as("nothing written on the %s", Twins.name(conn, twins)).isEqualTo(t);
                    assertThat(conn.log().txRange(t + 1, null).iterator().hasNext()).isFalse();
                    assertThat(Entities.find(conn.db(), "item/key", "item-" + i)).isEmpty();
                    row.faults.increment();
                }
                if (fault == 5) {
                    committed++;
                } else {
                    // Speculatively too: Tx.with refuses with the same error.
                    expect(catchThrowableOfType(TransactionException.class, () -> Tx.with(twins.fork.db(), data)), fault, i);
                }
                row.operations.add(2);
            }
            assertThat(Entities.get(twins.fork.db(), "counter/name", "calls").get(":counter/value"))
                    .isEqualTo(Entities.get(twins.mem.db(), "counter/name", "calls").get(":counter/value"));

            int migrations = throughMigrations(twins, random, Load.scaled(20), row);
            row.passed(String.format("every faulty transaction refused whole with the function's error, the same on fork and"
                    + " transactor; %,d clean ones committed on both; %,d failing migrations not recorded", committed, migrations));
        }
    }

    /** A new item, maybe a second statement about it, and up to three counter increments. */
    private static List<Object> validStatements(Random random, int i) {
        List<Object> data = new ArrayList<>();
        data.add(Tx.entity("new").set("item/key", "item-" + i).set("item/n", (long) i));
        if (random.nextBoolean()) {
            data.add(Tx.add("new", "item/writer", (long) random.nextInt(10)));
        }
        for (int s = random.nextInt(4); s > 0; s--) {
            data.add(Tx.call("counter/increment", "calls"));
        }
        return data;
    }

    private static List<Object> throwing(int fault, int i) {
        return switch (fault) {
            case 0 -> Tx.call("fault/refuse", "refused " + i, Map.of(Kw.of("attempt"), (long) i));
            case 1 -> Tx.call("fault/crash", "crashed " + i);
            case 2 -> Tx.call("fault/refuse-at", LIMITED, (long) LIMIT);
            case 3 -> Tx.call("fault/garbage");
            default -> Tx.call("fault/nested", "nested " + i);
        };
    }

    /** The error each way of throwing must surface as. */
    private static void expect(TransactionException e, int fault, int i) {
        assertThat(e).isNotNull();
        switch (fault) {
            case 0 -> {
                assertThat(e.error()).contains(Kw.of("fault/refused"));
                assertThat(e.data()).containsEntry(Kw.of("attempt"), (long) i);
                assertThat(e.getMessage()).contains(":fault/refused refused " + i);
            }
            case 1 -> {
                assertThat(e.error()).isEmpty();
                assertThat(e.getMessage()).contains("crashed " + i);
            }
            case 2 -> {
                assertThat(e.error()).contains(Kw.of("fault/limit"));
                assertThat(e.data()).containsEntry(Kw.of("value"), (long) LIMIT);
            }
            case 3 -> assertThat(e.getMessage()).startsWith("Transaction of ");
            default -> {
                assertThat(e.error()).contains(Kw.of("fault/refused"));
                assertThat(e.data()).containsEntry(Keyword.intern("nested"), true);
            }
        }
    }

    /** Call migrations of throwing functions: each fails naming itself, and is not recorded. */
    private static int throughMigrations(Twins twins, Random random, int count, Figures.Row row) {
        // Installs the library's schema and functions, so that a failing migration has nothing else to write;
        // listed again below, so that the migrator does not warn about a recorded migration it does not know.
        Migration first = Migration.data("first", List.of());
        for (Connection conn : twins.both()) {
            Migrator.of(first).migrate(conn);
        }
        for (int i = 0; i < count; i++) {
            String name = "throwing migration " + i;
            int fault = random.nextInt(5);
            Migration migration = Migration.call(name, throwingFunction(fault), throwingArgs(fault, i));
            for (Connection conn : twins.both()) {
                long t = conn.db().basisT();
                MigrationException e = catchThrowableOfType(MigrationException.class, () -> Migrator.of(first, migration).migrate(conn));
                assertThat(e).as("migration with fault %d %s", fault, Load.replay()).isNotNull();
                assertThat(e.migrations()).containsExactly(name);
                assertThat(e.getMessage()).startsWith("Migration \"" + name + "\" failed");
                assertThat(e.getCause()).isInstanceOf(TransactionException.class);
                expect((TransactionException) e.getCause(), fault, i);
                assertThat(Entities.find(conn.db(), "datomic-kit.migration/name", name)).isEmpty();
                assertThat(conn.db().basisT()).as("nothing written").isEqualTo(t);
                row.faults.increment();
            }
        }
        assertThatThrownBy(() -> Tx.transact(twins.fork, Tx.data(Tx.call("fault/no-such-function"))))
                .isInstanceOf(TransactionException.class);
        return count;
    }

    private static String throwingFunction(int fault) {
        return switch (fault) {
            case 0 -> "fault/refuse";
            case 1 -> "fault/crash";
            case 2 -> "fault/refuse-at";
            case 3 -> "fault/garbage";
            default -> "fault/nested";
        };
    }

    private static Object[] throwingArgs(int fault, int i) {
        List<Object> call = throwing(fault, i);
        return call.subList(1, call.size()).toArray();
    }
}
