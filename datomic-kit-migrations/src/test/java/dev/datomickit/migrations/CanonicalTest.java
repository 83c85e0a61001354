package dev.datomickit.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Peer;
import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Checksums depend on the definition only: not on the JVM, the map implementation or the tempid counter. */
class CanonicalTest {

    private static String text(Object value) {
        return Canonical.text(value, "the value");
    }

    /** Computed once by this implementation; see theChecksumOfAFixedDefinitionNeverChanges. */
    private static final String GOLDEN = "fad191476ed30bc2fa31f8ac5dc42393b4f9dd8496ca9b2ed6aefd12b13e44b4";

    @Test
    void writesEveryValueTypeAsStableText() {
        Map<Object, Object> entity = new LinkedHashMap<>();
        entity.put(Kw.of("user/name"), "Al \"the\" \\ \n");
        entity.put(Kw.of("user/age"), 42);
        entity.put(Kw.of("user/score"), 1.5d);
        entity.put(Kw.of("user/ratio"), 0.25f);
        entity.put(Kw.of("user/big"), new BigInteger("123"));
        entity.put(Kw.of("user/dec"), new BigDecimal("1.50"));
        entity.put(Kw.of("user/at"), new Date(0));
        entity.put(Kw.of("user/id"), UUID.fromString("00000000-0000-0000-0000-000000000001"));
        entity.put(Kw.of("user/site"), URI.create("https://example.com"));
        entity.put(Kw.of("user/raw"), new byte[] {1, (byte) 0xff});
        entity.put(Kw.of("user/ok"), true);
        entity.put(Kw.of("user/tags"), Set.of("b", "a"));

        assertThat(text(List.of(entity))).isEqualTo("[{"
                + ":user/age 42, :user/at #inst \"1970-01-01T00:00:00Z\", :user/big 123N, :user/dec 1.50M, "
                + ":user/id #uuid \"00000000-0000-0000-0000-000000000001\", :user/name \"Al \\\"the\\\" \\\\ \\n\", "
                + ":user/ok true, :user/ratio 0.25F, :user/raw #bytes \"01ff\", :user/score 1.5, "
                + ":user/site #uri \"https://example.com\", :user/tags #{\"a\" \"b\"}}]");
    }

    @Test
    void theChecksumOfAFixedDefinitionNeverChanges() {
        // Computed once and written here: a different value means checksums recorded in databases
        // would no longer match, and every applied migration would be reported as changed.
        Migration migration = Migration.data("any name", Tx.data(
                Tx.entity().set("db/ident", Kw.of("user/email")).set("db/valueType", Kw.of("db.type/string"))
                        .set("db/cardinality", Kw.of("db.cardinality/one")),
                Tx.add(Tx.lookup("user/email", "a@example.com"), "user/name", "A")));

        assertThat(migration.checksum()).isEqualTo(GOLDEN);
    }

    @Test
    void mapOrderDoesNotMatter() {
        Map<Object, Object> linked = new LinkedHashMap<>();
        linked.put(Kw.of("b/x"), 1L);
        linked.put(Kw.of("a/x"), List.of(Map.of(Kw.of("z"), 1L, Kw.of("y"), 2L)));
        Map<Object, Object> reversed = new LinkedHashMap<>();
        reversed.put(Kw.of("a/x"), List.of(new TreeMap<>(Map.of(Kw.of("y"), 2L, Kw.of("z"), 1L))));
        reversed.put(Kw.of("b/x"), 1L);

        assertThat(text(linked)).isEqualTo(text(reversed)).isEqualTo(text(new HashMap<>(linked)));
    }

    @Test
    void integersOfEveryWidthAreTheSameLong() {
        assertThat(text(List.of(1, (short) 1, (byte) 1))).isEqualTo(text(List.of(1L, 1L, 1L)));
        assertThat(text(1L)).isNotEqualTo(text(1.0d)).isNotEqualTo(text("1"));
    }

    @Test
    void tempidsAreNumberedByFirstAppearanceNotByThePeersCounter() {
        Object alice = Peer.tempid(":db.part/user");
        Object bob = Peer.tempid(":db.part/user");
        List<Object> first = List.of(Map.of(Kw.of("db/id"), alice, Kw.of("user/friend"), bob), Map.of(Kw.of("db/id"), bob));

        Object alice2 = Peer.tempid(":db.part/user");
        Object bob2 = Peer.tempid(":db.part/user");
        List<Object> second = List.of(Map.of(Kw.of("db/id"), alice2, Kw.of("user/friend"), bob2), Map.of(Kw.of("db/id"), bob2));
        List<Object> merged = List.of(Map.of(Kw.of("db/id"), alice2, Kw.of("user/friend"), alice2), Map.of(Kw.of("db/id"), bob2));

        assertThat(text(first)).isEqualTo(text(second))
                .isEqualTo("[{:db/id #db/id [:db.part/user 1], :user/friend #db/id [:db.part/user 2]} {:db/id #db/id [:db.part/user 2]}]");
        assertThat(text(merged)).isNotEqualTo(text(second));
    }

    @Test
    void databaseFunctionsAreWrittenByTheirDefinition() {
        DatabaseFunction one = DatabaseFunction.clojure("my/fn").params("db", "x").code("[[:db/add x :item/n 1]]").build();
        DatabaseFunction same = DatabaseFunction.clojure("my/fn").params("db", "x").code("[[:db/add x :item/n 1]]").build();
        DatabaseFunction other = DatabaseFunction.clojure("my/fn").params("db", "x").code("[[:db/add x :item/n 2]]").build();

        assertThat(text(one.function())).isEqualTo(text(same.function()))
                .isEqualTo("#db/fn {:code \"[[:db/add x :item/n 1]]\", :imports [], :lang \"clojure\", :params [\"db\" \"x\"],"
                        + " :requires []}")
                .isNotEqualTo(text(other.function()));
    }

    @Test
    void refusesValuesWithoutAStableTextNamingTheirTypeNotTheirJavaClass() {
        assertThatThrownBy(() -> text(List.of(Map.of(Kw.of("item/n"), new Object()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot compute a stable checksum of a value of type Object, which has no stable"
                        + " text; transaction data may hold strings, keywords");
        assertThatThrownBy(() -> Migration.data("2024-01-01 odd", List.of(List.of(Kw.of("db/add"), 1L, Kw.of("item/n"), Thread.currentThread()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Migration \"2024-01-01 odd\": Cannot compute a stable checksum of a value of type"
                        + " Thread,")
                .hasMessageNotContaining("java.");
    }

    @Test
    void refusesDataNestedDeeperThanTheBoundOrContainingItselfInsteadOfOverflowingTheStack() {
        assertThat(text(MigrationTest.nested(Migration.MAX_DEPTH))).startsWith("[[[");
        assertThatThrownBy(() -> text(MigrationTest.nested(Migration.MAX_DEPTH + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the value nests deeper than 100 levels, the most datomic-kit accepts; flatten it");
        assertThatThrownBy(() -> text(MigrationTest.nested(100_000))).isInstanceOf(IllegalArgumentException.class);

        List<Object> itself = new java.util.ArrayList<>();
        itself.add(itself);
        assertThatThrownBy(() -> text(itself)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the value nests deeper than 100 levels");
        Map<Object, Object> deepMap = new HashMap<>();
        Map<Object, Object> inner = deepMap;
        for (int i = 0; i < 4_000; i++) {
            Map<Object, Object> next = new HashMap<>();
            inner.put(Kw.of("item/sub"), next);
            inner = next;
        }
        assertThatThrownBy(() -> text(Set.of(deepMap))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nests deeper than 100 levels");
    }

    @Test
    void sha256IsLowerCaseHex() {
        assertThat(Canonical.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
