package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clojure.lang.Keyword;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EdnTest {

    @Test
    void readsOneFormWithDatomicsTaggedLiterals() {
        Object form = Edn.read("[:user/email {:user/friends 2} #uuid \"5b0a2c7e-0000-4000-8000-000000000000\"]", "pattern");

        assertThat((List<Object>) form).hasSize(3).startsWith(Kw.of("user/email"));
        assertThat(((List<?>) form).get(2)).isInstanceOf(UUID.class);
    }

    @Test
    void refusesTextAfterTheFirstForm() {
        assertThatThrownBy(() -> Edn.read("[{:db/ident :a/b}] [{:db/ident :c/d}]", "schema EDN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema EDN holds 2 EDN forms where one is expected")
                .hasMessageContaining("[{:db/ident :c/d}]");
        assertThatThrownBy(() -> Edn.read("[:a/b]]", "pull pattern"))
                .hasMessageStartingWith("pull pattern is not valid EDN: Unmatched delimiter: ]");
    }

    @Test
    void refusesEmptyText() {
        assertThatThrownBy(() -> Edn.read("  ; only a comment\n", "schema EDN"))
                .hasMessage("schema EDN is empty; expected one EDN form");
    }

    @Test
    void refusesDeepNestingBeforeTheReaderRecurses() {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);

        assertThatThrownBy(() -> Edn.read(deep, "schema EDN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schema EDN nests deeper than 100 levels (line 1, column 101), the most datomic-kit reads");
    }

    @Test
    void acceptsNestingUpToTheBound() {
        String deepest = "[".repeat(Edn.MAX_DEPTH) + "]".repeat(Edn.MAX_DEPTH);

        assertThat(Edn.read(deepest, "data")).isInstanceOf(List.class);
    }

    @Test
    void bracketsInStringsCharactersAndCommentsDoNotCount() {
        String text = "[\"" + "[".repeat(500) + "\\\"\" \\( \\[ ; " + "{".repeat(500) + "\n :a/b]";

        assertThat((List<?>) Edn.read(text, "data")).hasSize(4);
    }

    @Test
    void readerErrorsSpeakOfTheTextNotOfJavaClasses() {
        assertThatThrownBy(() -> Edn.read("[:a/b", "pull pattern"))
                .hasMessage("pull pattern is not valid EDN: EOF while reading")
                .hasMessageNotContaining("java.");
    }

    @Test
    void checkDepthMeasuresListsMapsSetsAndArrays() {
        Object value = List.of(Map.of("k", new Object[] {java.util.Set.of(List.of(1))}));

        Edn.checkDepth(value, 5, "value");
        assertThatThrownBy(() -> Edn.checkDepth(value, 4, "request body"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("request body nests deeper than 4 levels, the most datomic-kit accepts; flatten it");
        Edn.checkDepth("a scalar", 1, "value");
    }

    @Test
    void checkDepthCountsMapKeys() {
        Map<Object, Object> keyedByList = Map.of(List.of(List.of(1)), 1);

        assertThatThrownBy(() -> Edn.checkDepth(keyedByList, 2, "value")).hasMessageContaining("deeper than 2");
        Edn.checkDepth(keyedByList, 3, "value");
    }

    @Test
    void checkDepthRefusesACollectionThatContainsItself() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        Map<String, Object> map = new HashMap<>();
        map.put("self", List.of(map));

        assertThatThrownBy(() -> Edn.checkDepth(cyclic, 100, "value")).hasMessageContaining("deeper than 100");
        assertThatThrownBy(() -> Edn.checkDepth(map, 100, "value")).hasMessageContaining("deeper than 100");
    }

    @Test
    void checkDepthIsLinearInDistinctCollectionsWhenTheyAreShared() {
        // 60 levels, each holding the level below twice: 2^60 paths, 60 distinct lists.
        Object shared = List.of();
        for (int i = 0; i < 60; i++) {
            shared = List.of(shared, shared);
        }

        Edn.checkDepth(shared, 61, "value");
        Object finalShared = shared;
        assertThatThrownBy(() -> Edn.checkDepth(finalShared, 60, "value")).hasMessageContaining("deeper than 60");
    }

    @Test
    void checkDepthOfVeryDeepDataDoesNotOverflowTheStack() {
        Object deep = List.of();
        for (int i = 0; i < 100_000; i++) {
            deep = List.of(deep);
        }
        Object value = deep;

        assertThatThrownBy(() -> Edn.checkDepth(value, 1_000, "migration data")).hasMessageContaining("deeper than 1000");
    }

    @Test
    void showIsBoundedWhateverTheValue() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        Object deep = List.of();
        for (int i = 0; i < 100_000; i++) {
            deep = List.of(deep);
        }

        assertThat(Edn.show("x".repeat(1_000_000))).hasSize(Edn.MAX_SHOWN + 1).endsWith("…");
        assertThat(Edn.show(java.util.Collections.nCopies(1_000_000, 1L))).hasSize(Edn.MAX_SHOWN + 1);
        assertThat(Edn.show(cyclic)).isEqualTo("[[[[[[[[[…]]]]]]]]]");
        assertThat(Edn.show(deep)).isEqualTo("[[[[[[[[[…]]]]]]]]]");
        assertThat(Edn.show(Map.of(Kw.of("a/b"), "x"))).isEqualTo("{:a/b \"x\"}");
    }

    @Test
    void describeNamesEdnTypesNotJavaClasses() {
        assertThat(Edn.describe("42")).isEqualTo("string \"42\"");
        assertThat(Edn.describe(42L)).isEqualTo("integer 42");
        assertThat(Edn.describe(42)).isEqualTo("integer 42");
        assertThat(Edn.describe(true)).isEqualTo("boolean true");
        assertThat(Edn.describe(1.5)).isEqualTo("float 1.5");
        assertThat(Edn.describe(Keyword.intern("a", "b"))).isEqualTo("keyword :a/b");
        assertThat(Edn.describe(List.of(1L))).isEqualTo("list [1]");
        assertThat(Edn.describe(Map.of())).isEqualTo("map {}");
        assertThat(Edn.describe(null)).isEqualTo("nil");
    }
}
