package dev.datomickit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clojure.lang.Keyword;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KwTest {

    @Test
    void parsesNamespacedNames() {
        Keyword email = Kw.of("user/email");

        assertThat(email.getNamespace()).isEqualTo("user");
        assertThat(email.getName()).isEqualTo("email");
        assertThat(email).hasToString(":user/email");
    }

    @Test
    void leadingColonIsOptionalAndKeywordsAreInterned() {
        assertThat(Kw.of(":user/email")).isSameAs(Kw.of("user/email")).isSameAs(Keyword.intern("user", "email"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"db.type/string", "db.part/user", "comment/_post", "status", "user/active?",
        "db.fn/retractEntity", "my-app.fns/lowercase-user-emails", "user/first-name", "x.y.z/a.b", "ns/a'"})
    void acceptsDatomicIdents(String name) {
        assertThat(Kw.of(name)).hasToString(":" + name);
        assertThat(Kw.isValid(name)).isTrue();
    }

    @Test
    void twoArgumentFormBuildsTheSameKeyword() {
        assertThat(Kw.of("db.type", "string")).isSameAs(Kw.of("db.type/string"));
        assertThat(Kw.of(null, "status")).isSameAs(Kw.of("status"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''               | the name is empty",
        "':'              | the name is empty",
        "user/            | the name is empty",
        "/email           | the namespace is empty",
        "user//email      | more than one '/'",
        "a/b/c            | more than one '/'",
        "'user/e mail'    | contains whitespace",
        "1user/email      | starts with a digit",
        "user/9lives      | starts with a digit",
        "::user/email     | contains ':' at position 0",
        "user/em\"ail     | contains '\"' at position 2",
        "user/e,mail      | contains ',' at position 1",
        "user./email      | empty segment between dots",
        ".user/email      | contains '.' at position 0",
        "db..type/string  | empty segment between dots",
    })
    void rejectsMalformedNamesSayingWhy(String name, String reason) {
        assertThatThrownBy(() -> Kw.of(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Malformed keyword \"" + name + "\"")
                .hasMessageContaining(reason)
                .hasMessageContaining("such as \"user/email\"");
        assertThat(Kw.isValid(name)).isFalse();
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Kw.of(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @Test
    void fromAcceptsKeywordsAndStringsOnly() {
        Keyword email = Kw.of("user/email");

        assertThat(Kw.from(email)).isSameAs(email);
        assertThat(Kw.from("user/email")).isSameAs(email);
        assertThatThrownBy(() -> Kw.from(42L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expected a keyword or a string such as \"user/email\", found integer 42");
    }
}
