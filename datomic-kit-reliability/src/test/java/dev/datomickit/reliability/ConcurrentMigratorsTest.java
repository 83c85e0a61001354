package dev.datomickit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Tx;
import dev.datomickit.migrations.Migration;
import dev.datomickit.migrations.MigrationException;
import dev.datomickit.migrations.MigrationReport;
import dev.datomickit.migrations.Migrator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Peers race through random migration sets on a real {@code datomic:mem} transactor: random kinds
 * (data, database function calls, Java functions, one batched migration), random requirements,
 * half the peers lagging behind the transactor. In each database one migration is broken first:
 * every peer must stop at it, with nothing of it written; then, fixed, every migration must be
 * applied exactly once. Every migration counts its effect in a counter incremented inside its own
 * transaction, so a migration applied twice would count two.
 */
class ConcurrentMigratorsTest {

    private static final int PEERS = 6;
    private static final int MIGRATIONS = 24;
    private static final int BATCH_ITEMS = 60;

    /** Per database: how many migration runs, and migrations applied. */
    private record Totals(int runs, int applied) {}

    @Test
    void peersRacingThroughRandomMigrationsStopAtTheBrokenOneAndThenApplyEachExactlyOnce() throws Exception {
        int databases = Load.scaled(3);
        Figures.Row row = Figures.open("Concurrent migrators", databases + " databases × " + PEERS + " peers (half lagging) × "
                + MIGRATIONS + " migrations + 1 batched of " + BATCH_ITEMS + " entities");
        Random random = Load.random("concurrent migrators");
        int runs = 0;
        int applied = 0;
        for (int i = 0; i < databases; i++) {
            Totals totals = inOneDatabase(new Random(random.nextLong()), row);
            runs += totals.runs();
            applied += totals.applied();
        }
        row.operations.add(runs);
        row.passed(String.format("%,d migrations applied exactly once by %,d racing runs; every run stopped at the broken"
                + " migration, which wrote nothing", applied, runs));
    }

    private static Totals inOneDatabase(Random random, Figures.Row row) throws Exception {
        String uri = "datomic:mem://reliability-migrators-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        try {
            Connection conn = Peer.connect(uri);
            Tx.transact(conn, new StressSchema().txData());
            Tx.transact(conn, Tx.dataOf(IntStream.range(0, BATCH_ITEMS)
                    .mapToObj(i -> Tx.entity().set("item/key", "batch-" + i).set("item/n", (long) i)).toList()));

            List<String> names = IntStream.range(0, MIGRATIONS).mapToObj(i -> String.format("m%02d", i)).toList();
            int[] kinds = random.ints(MIGRATIONS, 0, 3).toArray();
            List<List<String>> requires = new ArrayList<>();
            for (int i = 0; i < MIGRATIONS; i++) {
                List<String> required = new ArrayList<>();
                for (int r = random.nextInt(3); r > 0 && i > 0; r--) {
                    String name = names.get(random.nextInt(i));
                    if (!required.contains(name)) {
                        required.add(name);
                    }
                }
                requires.add(required);
            }
            int broken = random.nextInt(MIGRATIONS);
            int chunkSize = 5 + random.nextInt(11);
            Migrator brokenMigrator = migrator(names, kinds, requires, broken, chunkSize);
            Migrator fixedMigrator = migrator(names, kinds, requires, -1, chunkSize);
            String brokenName = names.get(broken);

            // First, with the broken migration: every peer stops at it, and nothing of it is written.
            List<Object> first = race(conn, brokenMigrator);
            for (Object outcome : first) {
                assertThat(outcome).as("a peer's run %s", Load.replay()).isInstanceOf(MigrationException.class);
                assertThat(((MigrationException) outcome).migrations()).containsExactly(brokenName);
                row.faults.increment();
            }
            Database afterFailure = conn.sync().get();
            assertThat(Entities.find(afterFailure, "counter/name", brokenName)).as("effect of the broken migration").isEmpty();
            assertThat(Entities.find(afterFailure, "datomic-kit.migration/name", brokenName)).as("its record").isEmpty();

            // Then fixed: each migration still pending is applied by exactly one peer.
            List<String> pending = fixedMigrator.status(afterFailure).pending();
            assertThat(pending).contains(brokenName);
            List<Object> second = race(conn, fixedMigrator);
            Map<String, Integer> appliedBy = new HashMap<>();
            for (Object outcome : second) {
                assertThat(outcome).as("a peer's run after the fix %s", Load.replay()).isInstanceOf(MigrationReport.class);
                ((MigrationReport) outcome).entries().stream().filter(e -> e.outcome() == MigrationReport.Outcome.APPLIED)
                        .forEach(e -> appliedBy.merge(e.name(), 1, Integer::sum));
            }
            assertThat(appliedBy.keySet()).containsExactlyInAnyOrderElementsOf(pending);
            assertThat(appliedBy).allSatisfy((name, count) -> assertThat(count).as("peers that applied %s", name).isEqualTo(1));

            // Effects: exactly one per migration, one visit per batched entity.
            Database db = conn.sync().get();
            for (String name : names) {
                assertThat(counter(db, name)).as("effect of %s %s", name, Load.replay()).contains(1L);
            }
            for (int i = 0; i < BATCH_ITEMS; i++) {
                long id = (Long) Entities.get(db, "item/key", "batch-" + i).get(":db/id");
                assertThat(counter(db, "visit-" + id)).as("visits of batch item %d", i).contains(1L);
            }
            assertThat(fixedMigrator.status(db).isUpToDate()).isTrue();
            long dataMigrations = Arrays.stream(kinds).filter(k -> k == 0).count();
            assertThat(counter(db, "data").orElse(0L)).as("data migrations applied").isEqualTo(dataMigrations);
            return new Totals(first.size() + second.size(), MIGRATIONS + 1);
        } finally {
            Peer.deleteDatabase(uri);
        }
    }

    private static Optional<Object> counter(Database db, String name) {
        return Entities.find(db, "counter/name", name).map(e -> e.get(":counter/value"));
    }

    /** The migrations; the one at {@code broken} (if any) fails, in a way that depends on its kind. */
    private static Migrator migrator(List<String> names, int[] kinds, List<List<String>> requires, int broken, int chunkSize) {
        List<Migration> migrations = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            boolean fails = i == broken;
            Migration migration = switch (kinds[i]) {
                case 0 -> Migration.data(name, Tx.data(Tx.call("counter/increment", name),
                        fails ? Tx.call("fault/refuse", "injected into " + name, Map.of()) : Tx.call("counter/increment", "data")));
                case 1 -> fails ? Migration.call(name, "fault/crash", "injected into " + name)
                        : Migration.call(name, "counter/increment", name);
                default -> Migration.function(name, fails ? "broken" : "v1", db -> {
                    if (fails) {
                        throw new IllegalStateException("injected into " + name);
                    }
                    return Tx.data(Tx.call("counter/increment", name));
                });
            };
            List<String> required = requires.get(i);
            migrations.add(required.isEmpty() ? migration
                    : migration.requires(required.get(0), required.subList(1, required.size()).toArray(String[]::new)));
        }
        migrations.add(Migration.batched("visit every item", "v1", db -> Entities.withAttribute(db, "item/n"), chunkSize,
                (db, ids) -> Tx.dataOf(ids.stream().map(id -> Tx.call("counter/increment", "visit-" + id)).toList())));
        return Migrator.builder().add(migrations).build();
    }

    /**
     * Runs {@code migrator.migrate} on every peer at once, half through the shared connection and
     * half through lagging views of it; returns each peer's report or exception.
     */
    private static List<Object> race(Connection conn, Migrator migrator) throws InterruptedException {
        return Race.run(conn, PEERS, MigrationException.class, (peer, view) -> migrator.migrate(view));
    }
}
