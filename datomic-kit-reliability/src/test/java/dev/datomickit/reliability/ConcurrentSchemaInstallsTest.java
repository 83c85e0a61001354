package dev.datomickit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.Entities;
import dev.datomickit.core.ValueType;
import dev.datomickit.schema.Schema;
import dev.datomickit.schema.SchemaDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Peers start together and each ensures its version of a random schema on a real
 * {@code datomic:mem} transactor, half of them lagging. Growing versions of one schema all succeed
 * and leave the database equal to the newest version installed, in at most one transaction per
 * peer. Two versions that disagree on an attribute's type cannot both win: the peers of the
 * version the database ends up with succeed, the others fail, and none of what only the losing
 * version declares is installed.
 */
class ConcurrentSchemaInstallsTest {

    private static final int PEERS = 6;
    private static final int VERSIONS = 4;

    @Test
    void growingVersionsAllInstallAndConflictingVersionsNeverHalfInstall() throws Exception {
        int databases = Load.scaled(4);
        Figures.Row row = Figures.open("Concurrent schema installs", databases + " × 2 databases × " + PEERS
                + " peers (half lagging): " + VERSIONS + " growing versions of up to 40 attributes, then 2 conflicting versions");
        Random random = Load.random("concurrent schema installs");
        int ensures = 0;
        for (int i = 0; i < databases; i++) {
            ensures += growingVersions(new Random(random.nextLong()), row);
            ensures += conflictingVersions(new Random(random.nextLong()), row);
        }
        row.operations.add(ensures);
        row.passed(String.format("%,d racing ensures: growing versions all installed, at most one transaction each;"
                + " conflicting versions: one won whole, the other wrote nothing", ensures));
    }

    private static int growingVersions(Random random, Figures.Row row) throws Exception {
        List<RandomSchemas.Attr> attrs = RandomSchemas.attributes(random, "a", 10 * VERSIONS);
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; v <= VERSIONS; v++) {
            versions.add(RandomSchemas.schema(attrs.subList(0, 10 * v)));
        }
        return inNewDatabase(conn -> {
            long start = conn.db().basisT();
            List<Schema> chosen = new ArrayList<>();
            for (int i = 0; i < PEERS; i++) {
                chosen.add(versions.get(random.nextInt(VERSIONS)));
            }
            List<Object> outcomes = race(conn, chosen);
            int transactions = 0;
            for (Object outcome : outcomes) {
                assertThat(outcome).as("an ensure %s", Load.replay()).isInstanceOf(SchemaDiff.class);
                transactions += ((SchemaDiff) outcome).transaction().isPresent() ? 1 : 0;
            }
            Database db = conn.sync().get();
            Schema newest = versions.get(chosen.stream().mapToInt(versions::indexOf).max().orElseThrow());
            assertThat(Schema.read(db)).as("the database's schema %s", Load.replay()).isEqualTo(newest);
            assertThat(count(conn.log().txRange(start + 1, null))).isEqualTo(transactions).isBetween(1, PEERS);
            assertThat(newest.ensure(conn).transaction()).as("ensuring it again").isEmpty();
            assertThat(conn.db().basisT()).isEqualTo(db.basisT());
            return outcomes.size() + 1;
        });
    }

    private static int conflictingVersions(Random random, Figures.Row row) throws Exception {
        List<RandomSchemas.Attr> base = RandomSchemas.attributes(random, "b", 10);
        RandomSchemas.Attr contested = new RandomSchemas.Attr("contested", "value", ValueType.STRING, false, false, false, false, null);
        List<RandomSchemas.Attr> onlyA = RandomSchemas.attributes(random, "onlyA", 5);
        List<RandomSchemas.Attr> onlyB = RandomSchemas.attributes(random, "onlyB", 5);
        List<RandomSchemas.Attr> a = new ArrayList<>(base);
        a.add(contested);
        a.addAll(onlyA);
        List<RandomSchemas.Attr> b = new ArrayList<>(base);
        b.add(contested.withType(ValueType.LONG));
        b.addAll(onlyB);
        Schema versionA = RandomSchemas.schema(a);
        Schema versionB = RandomSchemas.schema(b);
        return inNewDatabase(conn -> {
            RandomSchemas.schema(base).ensure(conn);
            List<Schema> chosen = new ArrayList<>();
            for (int i = 0; i < PEERS; i++) {
                chosen.add(i == 0 ? versionA : i == 1 ? versionB : random.nextBoolean() ? versionA : versionB);
            }
            List<Object> outcomes = race(conn, chosen);
            Database db = conn.sync().get();
            Object installed = Entities.attribute(db, ":contested/value").valueType();
            Schema winner = installed.toString().equals(":db.type/string") ? versionA : versionB;
            List<RandomSchemas.Attr> losersOwn = winner == versionA ? onlyB : onlyA;
            for (int i = 0; i < PEERS; i++) {
                if (chosen.get(i) == winner) {
                    assertThat(outcomes.get(i)).as("peer %d, of the winning version %s", i, Load.replay()).isInstanceOf(SchemaDiff.class);
                } else {
                    assertThat(outcomes.get(i)).as("peer %d, of the losing version %s", i, Load.replay())
                            .isInstanceOf(DatomicKitException.class);
                    row.faults.increment();
                }
            }
            for (RandomSchemas.Attr attr : losersOwn) {
                assertThat(db.entid(attr.ident())).as("%s, only in the losing version", attr.ident()).isNull();
            }
            assertThat(winner.diff(db).isUpToDate()).isTrue();
            return outcomes.size() + 1;
        });
    }

    private interface InDatabase {
        int run(Connection conn) throws Exception;
    }

    private static int inNewDatabase(InDatabase body) throws Exception {
        String uri = "datomic:mem://reliability-schema-" + UUID.randomUUID();
        Peer.createDatabase(uri);
        try {
            return body.run(Peer.connect(uri));
        } finally {
            Peer.deleteDatabase(uri);
        }
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }

    /** Every peer ensures its schema at once, even ones through the connection, odd ones lagging; reports or exceptions. */
    private static List<Object> race(Connection conn, List<Schema> schemas) throws InterruptedException {
        return Race.run(conn, schemas.size(), DatomicKitException.class, (peer, view) -> schemas.get(peer).ensure(view));
    }
}
