package dev.datomickit.example.users;

import static dev.datomickit.example.users.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import datomic.Connection;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingTest extends ServiceTest {

    @Test
    void healthAnswersOkWithTheBasisT(Connection conn) {
        HttpResponse<String> response = running.get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("basisT").asLong()).isEqualTo(conn.db().basisT());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/nope", "/users/", "/users/a11ce000-0000-4000-8000-000000000001/posts", "/health/",
            "/posts/b1090000-0000-4000-8000-000000000001", "/USERS", "/users%2F"})
    void unknownPathsAreJson404s(String path) {
        HttpResponse<String> response = running.get(path);

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("not-found");
        assertThat(body.get("message").asText()).isEqualTo("No resource at " + path);
    }

    @Test
    void aLongUnknownPathIsAbbreviatedInTheMessage() {
        String path = "/" + "x".repeat(5000);

        JsonNode body = json(running.get(path));

        assertThat(body.get("message").asText()).hasSizeLessThan(200).endsWith("…");
    }

    @Test
    void aWrongMethodIsA405ListingTheAllowedOnes() {
        HttpResponse<String> response = running.send(HttpRequest.newBuilder(running.uri("/users"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, POST");
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("method-not-allowed");
        assertThat(body.get("message").asText()).isEqualTo("DELETE is not allowed on /users; allowed: GET, POST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/users/a11ce000-0000-4000-8000-000000000001",
            "/posts/b1090000-0000-4000-8000-000000000001/comments-of-user/b0b00000-0000-4000-8000-000000000002"})
    void readOnlyResourcesRefusePost(String path) {
        HttpResponse<String> response = running.post(path, "{}");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertThat(json(response).get("error").asText()).isEqualTo("method-not-allowed");
    }

    @Test
    void aQueryStringDoesNotChangeTheRoute() {
        assertThat(running.get("/users?limit=1").statusCode()).isEqualTo(200);
    }
}
