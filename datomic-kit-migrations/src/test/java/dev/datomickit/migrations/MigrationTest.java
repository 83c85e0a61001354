package dev.datomickit.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datomickit.core.Kw;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import dev.datomickit.core.ValueType;
import dev.datomickit.schema.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The migration value: factories, what its checksum covers, requirements, equality. */
class MigrationTest {

    private static final List<Object> DATA = Tx.data(Tx.entity().set("item/key", "a"));

    @Test
    void eachFactoryMakesItsKind() {
        assertThat(Migration.data("d", DATA).kind()).isEqualTo(Migration.Kind.DATA);
        assertThat(Migration.data("s", TxSource.of(DATA)).kind()).isEqualTo(Migration.Kind.DATA);
        assertThat(Migration.function("f", "v1", db -> List.of()).kind()).isEqualTo(Migration.Kind.FUNCTION);
        assertThat(Migration.call("c", "counter/increment", "x").kind()).isEqualTo(Migration.Kind.CALL);
        assertThat(Migration.schema("s", TestSchema.SCHEMA).kind()).isEqualTo(Migration.Kind.SCHEMA);
        assertThat(Migration.batched("b", "v1", db -> List.of(), 10, (db, ids) -> List.of()).kind())
                .isEqualTo(Migration.Kind.BATCH);
    }

    @Test
    void theChecksumCoversTheDefinitionButNotTheNameOrRequirements() {
        Migration data = Migration.data("one", DATA);

        assertThat(Migration.data("two", DATA).checksum()).isEqualTo(data.checksum());
        assertThat(data.requires("zero").checksum()).isEqualTo(data.checksum());
        assertThat(Migration.data("one", TxSource.of(DATA)).checksum()).isEqualTo(data.checksum());
        assertThat(Migration.data("one", Tx.data(Tx.entity().set("item/key", "b"))).checksum()).isNotEqualTo(data.checksum());
        assertThat(data.checksum()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void functionAndBatchChecksumsFollowTheDeclaredVersion() {
        Migration v1 = Migration.function("f", "v1", db -> List.of());

        assertThat(Migration.function("f", "v1", db -> DATA).checksum()).isEqualTo(v1.checksum());
        assertThat(Migration.function("f", "v2", db -> List.of()).checksum()).isNotEqualTo(v1.checksum());
        assertThat(Migration.batched("f", "v1", db -> List.of(), 5, (db, ids) -> List.of()).checksum())
                .as("another kind with the same version").isNotEqualTo(v1.checksum());
    }

    @Test
    void callAndSchemaChecksumsCoverTheirContent() {
        assertThat(Migration.call("c", "counter/increment", "x").checksum())
                .isEqualTo(Migration.call("c", Kw.of("counter/increment"), "x").checksum())
                .isNotEqualTo(Migration.call("c", "counter/increment", "y").checksum());
        assertThat(Migration.call("c", "counter/increment", 1).checksum())
                .as("ints are transacted as longs").isEqualTo(Migration.call("c", "counter/increment", 1L).checksum());
        Schema smaller = Schema.builder().namespace("item", item -> item.attr("key", ValueType.STRING)).build();
        assertThat(Migration.schema("s", TestSchema.SCHEMA).checksum())
                .isEqualTo(Migration.schema("s2", Schema.fromEdn(TestSchema.SCHEMA.toEdn())).checksum())
                .isNotEqualTo(Migration.schema("s", smaller).checksum())
                .as("the kind is part of the checksum").isNotEqualTo(Migration.data("s", TestSchema.SCHEMA.txData()).checksum());
    }

    @Test
    void requirementsReplaceEarlierOnesAndDropDuplicates() {
        Migration migration = Migration.data("c", DATA).requires("a").requires("b", "a", "b");

        assertThat(migration.requires()).containsExactly("b", "a");
        assertThat(Migration.data("c", DATA).requires()).isEmpty();
    }

    @Test
    void refusesBadNamesVersionsAndSizes() {
        assertThatThrownBy(() -> Migration.data(" padded", DATA)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The migration name \" padded\" has leading or trailing whitespace, which would make two names look alike");
        assertThatThrownBy(() -> Migration.data("", DATA)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The migration name is blank");
        assertThatThrownBy(() -> Migration.function("f", null, db -> DATA)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The version of function migration \"f\" is null");
        assertThatThrownBy(() -> Migration.batched("b", "v1", db -> List.of(), 0, (db, ids) -> List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Chunk size of batched migration \"b\" must be at least 1, was 0");
        assertThatThrownBy(() -> Migration.data("a", DATA).requires("a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Migration \"a\" cannot require itself");
        assertThatThrownBy(() -> Migration.call("c", "not a keyword")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Malformed keyword \"not a keyword\"");
    }

    @Test
    void isAValue() {
        Migration a = Migration.data("a", DATA).requires("z");

        assertThat(a).isEqualTo(Migration.data("a", Tx.data(Tx.entity().set("item/key", "a"))).requires("z"))
                .hasSameHashCodeAs(Migration.data("a", DATA).requires("z"))
                .isNotEqualTo(Migration.data("a", DATA))
                .isNotEqualTo(Migration.data("b", DATA).requires("z"));
        assertThat(a.toString()).isEqualTo("Migration[a, DATA, requires [z], checksum " + a.checksum().substring(0, 8) + "…]");
        assertThat(Map.of(a, 1)).containsKey(Migration.data("a", DATA).requires("z"));
    }

    /** A list nested {@code depth} levels deep: {@code [[[…]]]} around {@code "leaf"}. */
    static List<Object> nested(int depth) {
        Object value = "leaf";
        for (int i = 0; i < depth; i++) {
            value = List.of(value);
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) value;
        return list;
    }

    @Test
    void dataNestedDeeperThanTheBoundIsRefusedWhenTheMigrationIsDefinedNamingItAndTheBound() {
        // 4,000 levels overflowed the stack while computing the checksum.
        List<Object> deep = List.of(List.of(Kw.of("db/add"), "x", Kw.of("item/key"), nested(4_000)));

        assertThatThrownBy(() -> Migration.data("2024-01-01 deep", deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Migration \"2024-01-01 deep\": its transaction data nests deeper than 100 levels, the most"
                        + " datomic-kit accepts; flatten it");
        assertThatThrownBy(() -> Migration.data("2024-01-01 deep", TxSource.of(deep)))
                .hasMessageStartingWith("Migration \"2024-01-01 deep\": its transaction data nests deeper than 100 levels");
        assertThatThrownBy(() -> Migration.call("2024-01-01 deep call", "counter/increment", nested(4_000)))
                .hasMessage("Migration \"2024-01-01 deep call\": its call nests deeper than 100 levels, the most"
                        + " datomic-kit accepts; flatten it");
        assertThat(Migration.data("at the bound", List.of(nested(Migration.MAX_DEPTH - 1))).checksum()).hasSize(64);
    }
}
