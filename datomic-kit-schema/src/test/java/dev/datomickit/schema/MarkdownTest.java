package dev.datomickit.schema;

import static dev.datomickit.core.ValueType.LONG;
import static dev.datomickit.core.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Schema#toMarkdown()}: a reference table per namespace. */
class MarkdownTest {

    @Test
    void eachNamespaceHasATableWithEveryProperty() {
        String md = Schemas.USERS.toMarkdown();

        assertThat(md).startsWith("# Schema\n\n14 attributes, 2 idents, 2 entity specs.\n");
        assertThat(md).contains("""
                ## `user`

                | attribute | type | cardinality | unique | flags | doc | deprecated |
                |---|---|---|---|---|---|---|
                | `:user/address` | ref | one |  | component |  |  |
                | `:user/age` | long | one |  | index |  |  |
                | `:user/email` | string | one | identity |  | Login, lower case |  |
                | `:user/friends` | ref | many |  |  |  |  |
                | `:user/name` | string | one |  | fulltext | Display name |  |
                | `:user/nickname` | string | one |  |  |  | use :user/name |
                | `:user/org` | string | one |  |  |  |  |
                | `:user/org+email` | composite of `:user/org`, `:user/email` | one | value |  |  |  |
                | `:user/roles` | keyword | many |  |  |  |  |
                | `:user/scores` | long | many |  | noHistory |  |  |
                | `:user/status` | enum: `:user.status/active`, `:user.status/suspended` | one |  |  |  |  |
                """);
        assertThat(md).contains("""
                ## Entity specs

                | spec | requires | predicates | doc |
                |---|---|---|---|
                | `:post/validate` | `:post/title`, `:time/created` |  |  |
                | `:user/validate` | `:time/created`, `:user/email` |  | A user as the API accepts it |
                """);
        assertThat(md).doesNotContain("## `user.status`");
    }

    @Test
    void tuplesPredicatesAndPlainIdentsAreShown() {
        Schema schema = Schema.builder().namespace("geo", geo -> {
            geo.tupleOf("point", LONG);
            geo.tuple("label", STRING, LONG).preds("my.app/label?");
            geo.idents("north", "south");
        }).build();

        assertThat(schema.toMarkdown()).isEqualTo("""
                # Schema

                2 attributes, 2 idents, 0 entity specs.

                ## `geo`

                | attribute | type | cardinality | unique | flags | doc | deprecated |
                |---|---|---|---|---|---|---|
                | `:geo/label` | tuple (string, long) | one |  |  preds `my.app/label?` |  |  |
                | `:geo/point` | tuple of long | one |  |  |  |  |

                Idents: `:geo/north`, `:geo/south`.
                """.replace("|  preds", "| preds"));
    }

    @Test
    void docsCannotBreakTheTable() {
        Schema schema = Schema.builder().namespace("x", x -> x.attr("a", STRING).doc("one | two\nthree")
                .deprecated("use :x/b | :x/c")).build();

        assertThat(schema.toMarkdown()).contains("| `:x/a` | string | one |  |  | one \\| two<br>three | use :x/b \\| :x/c |");
    }
}
