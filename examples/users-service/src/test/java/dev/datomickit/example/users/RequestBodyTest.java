package dev.datomickit.example.users;

import static dev.datomickit.example.users.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import datomic.Connection;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the service does with bodies that are not a sign-up: each a JSON 400, 413 or 415, and no write. */
class RequestBodyTest extends ServiceTest {

    Connection conn;
    long basisT;

    @BeforeEach
    void rememberTheBasisT(Connection conn) {
        this.conn = conn;
        basisT = conn.db().basisT();
    }

    private void assertNothingWritten() {
        assertThat(conn.db().basisT()).isEqualTo(basisT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"email\": |Malformed JSON at line 1, column 10: the text ends before the JSON value is complete",
            "{\"email\": \"a@b.c\" \"name\": \"A\"}|Malformed JSON at line 1, column 19: unexpected '\"'; expected ',' or '}'",
            "{\"email\": \"a@b.c\", \"email\": \"d@e.f\"}|Malformed JSON at line 1, column 20: the field \"email\" appears twice",
            "{\"name\": \"A\"} {}|Malformed JSON at line 1, column 15: text after the JSON value",
            "[{\"email\": \"a@b.c\"}]|Expected a JSON object, found an array",
            "\"a@b.c\"|Expected a JSON object, found a string",
            "42|Expected a JSON object, found a number",
            "null|Expected a JSON object, found null",
    })
    void malformedOrNonObjectJsonIsA400SayingWhy(String body, String message) {
        HttpResponse<String> response = running.post("/users", body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response);
        assertThat(error.get("error").asText()).isEqualTo("bad-request");
        assertThat(error.get("message").asText()).startsWith(message);
        assertNothingWritten();
    }

    @Test
    void anEmptyBodyIsA400() {
        HttpResponse<String> response = running.post("/users", "");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).isEqualTo("The request body is empty; expected a JSON object");
        assertNothingWritten();
    }

    @Test
    void aBodyOverTheLimitIsA413WithoutReadingIt() {
        String big = "{\"name\": \"" + "x".repeat(HttpAdapter.MAX_BODY_BYTES) + "\"}";

        HttpResponse<String> response = running.post("/users", big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Connection")).hasValue("close");
        assertThat(json(response).get("message").asText()).isEqualTo("The request body exceeds 16384 bytes");
        assertNothingWritten();
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413Too() {
        byte[] big = ("{\"name\": \"" + "x".repeat(HttpAdapter.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);

        // A body of unknown length is sent chunked, without Content-Length: the limit applies as it is read.
        HttpResponse<String> response = running.send(HttpRequest.newBuilder(running.uri("/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").asText()).isEqualTo("payload-too-large");
        assertNothingWritten();
    }

    @Test
    void aBodyAtTheLimitIsRead() {
        String padding = " ".repeat(HttpAdapter.MAX_BODY_BYTES - 40);
        String body = "{\"email\": \"dan@example.com\", \"name\": \"Dan\"}";
        String exact = body.substring(0, body.length() - 1) + padding.substring(0, HttpAdapter.MAX_BODY_BYTES
                - body.length()) + "}";

        HttpResponse<String> response = running.post("/users", exact);

        assertThat(exact).hasSize(HttpAdapter.MAX_BODY_BYTES);
        assertThat(response.statusCode()).isEqualTo(201);
    }

    @ParameterizedTest
    @CsvSource({"text/plain", "application/x-www-form-urlencoded", "application/jsonp"})
    void aBodyDeclaredAsAnotherMediaTypeIsA415(String contentType) {
        HttpResponse<String> response = running.send(HttpRequest.newBuilder(running.uri("/users"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("message").asText())
                .isEqualTo("Expected Content-Type application/json, found " + contentType);
        assertNothingWritten();
    }

    @Test
    void jsonWithACharsetOrWithoutAContentTypeIsAccepted() {
        HttpResponse<String> withCharset = running.send(HttpRequest.newBuilder(running.uri("/users"))
                .header("Content-Type", "Application/JSON; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"dan@example.com\", \"name\": \"Dan\"}")));
        HttpResponse<String> without = running.send(HttpRequest.newBuilder(running.uri("/users"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"eve@example.com\", \"name\": \"Eve\"}")));

        assertThat(withCharset.statusCode()).isEqualTo(201);
        assertThat(without.statusCode()).isEqualTo(201);
    }
}
