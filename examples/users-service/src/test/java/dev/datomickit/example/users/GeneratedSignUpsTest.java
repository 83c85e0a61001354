package dev.datomickit.example.users;

import static dev.datomickit.example.users.RunningService.json;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;

import clojure.lang.Keyword;
import com.fasterxml.jackson.databind.ObjectMapper;
import datomic.Connection;
import dev.datomickit.core.Kw;
import dev.datomickit.schema.Generator;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sign-ups generated from the schema model (seeded, so every run sends the same ones). */
class GeneratedSignUpsTest extends ServiceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyUserTheSchemaAllowsWithAnEmailShapedEmailIsAcceptedAndStoredInLowerCase(Connection conn) throws Exception {
        Generator users = Model.SCHEMA.generator(7)
                .with("user/email", random -> "User." + random.nextInt(1_000_000) + "@Example.COM"); // a schema has no email type
        List<Map<Keyword, Object>> generated = users.entities("user/validate", 25);

        for (Map<Keyword, Object> user : generated) {
            String email = (String) user.get(Kw.of("user/email"));
            String body = MAPPER.writeValueAsString(Map.of("email", email, "name", user.get(Kw.of("user/name"))));

            HttpResponse<String> response = running.post("/users", body);

            assertThat(response.statusCode()).as(body).isEqualTo(201);
            assertThat(json(response).get("email").asText()).isEqualTo(email.toLowerCase(Locale.ROOT));
        }
        assertThat(conn.db()).queryValue("[:find (count ?u) . :where [?u :user/email]]").isEqualTo(3 + generated.size());
    }
}
