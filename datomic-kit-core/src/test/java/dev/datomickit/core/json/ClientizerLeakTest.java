package dev.datomickit.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import datomic.Database;
import datomic.Entity;
import dev.datomickit.core.Entities;
import dev.datomickit.core.testmodel.Blog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Attributes not named by the pattern never reach the client: not through plain attributes,
 * components, reverse refs, recursion, nor the JSON written from the result.
 */
class ClientizerLeakTest {

    private static final String PRIVATE_NOTE = "owes Bob lunch";
    private final Database db = Blog.db();
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new DatomicModule());

    @Test
    void onlyTheNamedAttributeOfAUserAppears() throws Exception {
        Entity alice = Entities.get(db, "user/email", "alice@example.com");
        assertThat(alice.get(":user/password-hash")).isEqualTo(Blog.PASSWORD_HASH); // it is there to leak

        Map<String, Object> json = Clientizer.of("[:user/email]").apply(alice);

        assertThat(json).containsOnlyKeys("email");
        assertThat(mapper.writeValueAsString(json)).isEqualTo("{\"email\":\"alice@example.com\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[:user/email :user/profile]",                                 // a component, reduced
        "[:user/email {:user/profile [:profile/bio]}]",                // a component, nested
        "[:user/email :user/friends {:post/_author [:post/title]}]",   // refs and a reverse ref
        "[:user/email {:user/friends ...}]",                           // recursion through a cycle
        "[:user/email {:user/friends [:user/email {:user/friends [:user/name]}]}]",
        "[:user/email {:comment/_author [:comment/content {:comment/replies [:comment/content]}]}]",
        "[:user/email [:user/role :default :role/member] (limit :user/friends 5)]",
    })
    void noPatternRevealsThePasswordHashOrThePrivateNote(String pattern) throws Exception {
        Clientizer clientizer = Clientizer.of(pattern);
        List<Map<String, Object>> users = clientizer.applyAll(Entities.withAttribute(db, "user/email"));

        String json = mapper.writeValueAsString(users);

        assertThat(json).doesNotContain(Blog.PASSWORD_HASH).doesNotContain(PRIVATE_NOTE)
                .doesNotContain("passwordHash").doesNotContain("privateNote");
        Set<String> allowed = keysNamedBy(pattern);
        users.forEach(user -> assertKeysWithin(user, allowed));
    }

    @Test
    void theWildcardIsRefusedBecauseItShowsEverything() {
        assertThatThrownBy(() -> Clientizer.of("[*]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wildcard *").hasMessageContaining("name the attributes to show instead");
        assertThatThrownBy(() -> Clientizer.of("[:user/email {:user/friends [*]}]")).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> Clientizer.of(List.of("*"))).hasMessageContaining("wildcard");
    }

    /** Every key the pattern could produce: attribute names in camelCase and :as aliases. */
    private static Set<String> keysNamedBy(String pattern) {
        Set<String> keys = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":[a-z.]+/([a-z_?-]+)|\"([^\"]+)\"").matcher(pattern);
        while (m.find()) {
            keys.add(m.group(1) != null ? Naming.camelCase(m.group(1)) : m.group(2));
        }
        return keys;
    }

    private static void assertKeysWithin(Object value, Set<String> allowed) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                assertThat((String) k).isIn(allowed);
                assertKeysWithin(v, allowed);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> assertKeysWithin(v, allowed));
        }
    }
}
