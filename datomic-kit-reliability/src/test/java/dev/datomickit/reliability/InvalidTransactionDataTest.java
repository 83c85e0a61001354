package dev.datomickit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import datomic.Connection;
import datomic.Database;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Kw;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Transactions of valid statements with one bad statement hidden among them, in random order:
 * unknown attributes, values of the wrong type, entity ids and lookup refs that name nothing, a
 * compare-and-set that expects the wrong value, a unique value taken from another entity, malformed
 * statements, and builder calls with malformed keywords or missing values. Each goes to a fork and
 * to a {@code datomic:mem} connection. Datomic must refuse each as a whole, with a
 * {@link TransactionException} (the builders, with an {@link IllegalArgumentException} before
 * anything is sent), the same way on both; the basis t and the datoms must stay as they were.
 * Transactions without a bad statement, in between, must commit on both.
 */
class InvalidTransactionDataTest {

    private static final int SEEDED_ITEMS = 20;

    /**
     * A bad statement, and what it must be refused with: Datomic's error keyword (or none) and a part
     * of the message; or, for a builder, the part of its {@link IllegalArgumentException}'s message.
     */
    private record Bad(String kind, Supplier<Object> statement, String error, String message, boolean byBuilder) {

        static Bad refused(String kind, String error, String message, Supplier<Object> statement) {
            return new Bad(kind, statement, error, message, false);
        }

        static Bad builder(String kind, String message, Supplier<Object> statement) {
            return new Bad(kind, statement, null, message, true);
        }
    }

    @Test
    void aBadStatementRefusesItsWholeTransactionOnForksAndTransactorsAlike() {
        // snippet:case
        int transactions = Load.scaled(300);   // 300 at scale 1, 3,000 with -Dreliability.scale=10
        Figures.Row row = Figures.open("Invalid transaction data", String.format("%,d transactions of 1 to 4 valid"
                + " statements × (fork, datomic:mem), 1 in 6 clean, the others with 1 of 21 kinds of bad statement",
                transactions));
        Random random = Load.random("invalid transaction data");   // from -Dreliability.seed, printed in every failure
        // end-snippet:case
        List<Object> seed = new ArrayList<>();
        for (int i = 0; i < SEEDED_ITEMS; i++) {
            seed.add(Tx.entity().set("item/key", "seeded-" + i).set("item/n", (long) i));
        }
        try (Twins twins = Twins.of(List.of(new StressSchema().txData(), Tx.dataOf(seed)))) {
            Map<String, Integer> refusedByKind = new TreeMap<>();
            int committed = 0;
            for (int i = 0; i < transactions; i++) {
                List<Object> valid = validStatements(random, i);
                if (random.nextInt(6) == 0) {
                    for (Connection conn : twins.both()) {
                        Tx.transact(conn, valid);
                        assertThat(Entities.find(conn.db(), "item/key", "item-" + i)).isPresent();
                    }
                    committed++;
                    row.operations.add(2);
                    continue;
                }
                Bad bad = bad(random, i);
                int index = i;
                List<Object> errors = new ArrayList<>();
                for (Connection conn : twins.both()) {
                    Database before = conn.db();
                    long datoms = count(before.datoms(Database.EAVT));
                    Throwable thrown = catchThrowable(() -> {
                        List<Object> data = new ArrayList<>(valid);
                        data.add(position(index, data.size() + 1), bad.statement().get());
                        Tx.transact(conn, data);
                    });
                    String context = String.format("%s on the %s, transaction %d %s", bad.kind(), Twins.name(conn, twins), i,
                            Load.replay());
                    errors.add(expect(bad, thrown, context));
                    Database after = conn.db();
                    assertThat(after.basisT()).as("basis t after %s", context).isEqualTo(before.basisT());
                    assertThat(count(after.datoms(Database.EAVT))).as("datoms after %s", context).isEqualTo(datoms);
                    assertThat(Entities.find(after, "item/key", "item-" + i)).as("the valid item of %s", context).isEmpty();
                    row.badInputs.increment();
                }
                assertThat(errors.get(0)).as("fork and transactor agree on the error of %s, transaction %d %s",
                        bad.kind(), i, Load.replay()).isEqualTo(errors.get(1));
                refusedByKind.merge(bad.kind(), 1, Integer::sum);
                row.operations.add(2);
            }
            assertThat(items(twins.fork.db())).as("the fork and the transactor end with the same items %s", Load.replay())
                    .isEqualTo(items(twins.mem.db())).hasSize(SEEDED_ITEMS + committed);
            row.passed(String.format("every bad transaction refused whole, the same on fork and transactor, basis t and"
                    + " datoms unchanged (%d kinds, %d to %d times each); %,d clean ones committed on both",
                    refusedByKind.size(), Collections.min(refusedByKind.values()), Collections.max(refusedByKind.values()),
                    committed));
        }
    }

    /** A new item, maybe a second statement about it, maybe a counter increment. */
    private static List<Object> validStatements(Random random, int i) {
        List<Object> data = new ArrayList<>();
        data.add(Tx.entity("new").set("item/key", "item-" + i).set("item/n", (long) i).toMap());
        if (random.nextBoolean()) {
            data.add(Tx.add("new", "item/writer", (long) random.nextInt(10)));
        }
        for (int s = random.nextInt(3); s > 0; s--) {
            data.add(Tx.call("counter/increment", "calls"));
        }
        return data;
    }

    /** The position of the bad statement: derived from the transaction, so that both twins get it in the same place. */
    private static int position(int i, int bound) {
        return Math.floorMod(i * 7919, bound);
    }

    private static Bad bad(Random random, int i) {
        String seeded = "seeded-" + random.nextInt(SEEDED_ITEMS);
        String other = "seeded-" + ((Integer.parseInt(seeded.substring(7)) + 1) % SEEDED_ITEMS);
        long seededN = Long.parseLong(seeded.substring(7));
        // Drawn here, not in the suppliers, which run once per twin.
        long nowhere = (4L << 42) + 1_000_000_000L + random.nextInt(1_000_000);
        String malformed = List.of("item key", "item/", "/n", "9item/n", "item//n").get(random.nextInt(5));
        boolean nullInEntity = random.nextBoolean();
        List<Bad> all = List.of(
                Bad.refused("unknown attribute", "db.error/not-an-entity", ":item/colour" + i,
                        () -> Tx.add("new", "item/colour" + i, "red")),
                Bad.refused("unknown attribute in a map", "db.error/not-an-entity", ":nothing/here",
                        () -> Tx.entity().set("item/key", "other-" + i).set("nothing/here", 1L).toMap()),
                Bad.refused("string for a long", "db.error/wrong-type-for-attribute", ":item/writer",
                        () -> Tx.add("new", "item/writer", "seven")),
                Bad.refused("long for a string", "db.error/wrong-type-for-attribute", ":item/key",
                        () -> Tx.entity().set("item/key", (long) i).toMap()),
                Bad.refused("list for a cardinality-one value", "db.error/wrong-type-for-attribute", ":item/n",
                        () -> Tx.entity().set("item/key", "several-" + i).set("item/n", List.of(1L, 2L)).toMap()),
                Bad.refused("nonexistent entity id", "db.error/invalid-entity-id", String.valueOf(nowhere),
                        () -> Tx.add(nowhere, "item/n", 1L)),
                Bad.refused("nonexistent lookup ref", "db.error/not-an-entity", "missing-" + i,
                        () -> Tx.add(Tx.lookup("item/key", "missing-" + i), "item/n", 1L)),
                Bad.refused("lookup ref on a non-unique attribute", "db.error/lookup-ref-attr-not-unique", ":item/n",
                        () -> Tx.add(Tx.lookup("item/n", seededN), "item/writer", 1L)),
                Bad.refused("compare-and-set of a wrong value", "db.error/cas-failed", String.valueOf(seededN + 1000),
                        () -> Tx.cas(Tx.lookup("item/key", seeded), "item/n", seededN + 1000, 0L)),
                Bad.refused("unique value of another entity", "db.error/unique-conflict", seeded,
                        () -> Tx.add(Tx.lookup("item/key", other), "item/key", seeded)),
                Bad.refused("unknown operation", "db.error/not-a-data-function", ":db/assert",
                        () -> List.of(Kw.of("db/assert"), "new", Kw.of("item/n"), 1L)),
                Bad.refused("null in a map", "db.error/nil-value", "Nil is not a legal value", () -> {
                    Map<Object, Object> map = new HashMap<>();
                    map.put(Kw.of("item/key"), "null-" + i);
                    map.put(Kw.of("item/n"), null);
                    return map;
                }),
                Bad.refused("text where a keyword belongs", "db.error/not-a-keyword", "item/n",
                        () -> List.of(Kw.of("db/add"), "new", "item/n", 1L)),
                Bad.refused("not a statement", "db.error/not-transaction-data", "must be a List or Map", () -> (long) i),
                // Datomic gives no error keyword for these, and a message of its internals; the library names the statement.
                Bad.refused("statement without a value", null, "is too short; :db/add takes",
                        () -> List.of(Kw.of("db/add"), "new", Kw.of("item/n"))),
                Bad.refused(":db/retractEntity without an entity", null, "is too short; :db/retractEntity takes",
                        () -> List.of(Kw.of("db/retractEntity"))),
                Bad.refused("empty statement", null, "is empty; expected an operation", List::of),
                Bad.builder("malformed keyword", "Malformed keyword", () -> Tx.add("new", malformed, 1L)),
                Bad.builder("null value", "is null",
                        () -> nullInEntity ? Tx.entity("new").set("item/n", null) : Tx.lookup("item/key", null)),
                Bad.builder(":db/id set as an attribute", "Set :db/id through Tx.entity(id)",
                        () -> Tx.entity().set("db/id", "new")),
                Bad.builder("statement of another type", "expected a map, a list or a Tx.entity",
                        () -> Tx.data("[:db/add \"new\" :item/n 1]")));
        return all.get(random.nextInt(all.size()));
    }

    /** Checks the failure is the one this kind of bad statement must produce, and returns what fork and transactor must agree on. */
    private static Object expect(Bad bad, Throwable thrown, String context) {
        if (bad.byBuilder()) {
            assertThat(thrown).as("refused by the builder: %s", context).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.message());
            return thrown.getMessage();
        }
        assertThat(thrown).as("refused by Datomic: %s", context).isInstanceOf(TransactionException.class)
                .hasMessageStartingWith("Transaction of ").hasMessageContaining(bad.message());
        TransactionException e = (TransactionException) thrown;
        assertThat(e.error()).as("error keyword of %s: %s", context, e.getMessage())
                .isEqualTo(Optional.ofNullable(bad.error()).map(Kw::of));
        return e.error();
    }

    private static long count(Iterable<?> datoms) {
        long n = 0;
        for (Object ignored : datoms) {
            n++;
        }
        return n;
    }

    /** Every item's key, with its number and writer. */
    private static Map<String, List<Object>> items(Database db) {
        Map<String, List<Object>> items = new TreeMap<>();
        for (datomic.Entity e : Entities.withAttribute(db, "item/key")) {
            items.put((String) e.get(":item/key"), Arrays.asList(e.get(":item/n"), e.get(":item/writer")));
        }
        return items;
    }
}
