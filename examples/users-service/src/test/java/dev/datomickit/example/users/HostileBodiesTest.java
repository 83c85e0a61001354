package dev.datomickit.example.users;

import static dev.datomickit.example.users.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import datomic.Connection;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies an attacker would send to {@code POST /users}: each gets a JSON problem body (400, or 413
 * when too large) in the client's terms, with no Java class or Jackson setting in it; nothing is
 * written and the service goes on answering.
 */
class HostileBodiesTest extends ServiceTest {

    /** Words that would show the client the service's internals. */
    private static final String[] INTERNALS = {"java.", "com.fasterxml", "jackson", "Jackson", "StreamRead",
        "JsonRead", "Feature", "FAIL_ON", "ALLOW_", "Constraints", "`", "Exception", "Error:", "(code ", "token",
        "START_", "END_", "VALUE_", "Object entries", "clojure.", "Persistent", ":db.type/"};

    Connection conn;
    long basisT;

    @BeforeEach
    void rememberTheBasisT(Connection conn) {
        this.conn = conn;
        basisT = conn.db().basisT();
    }

    private HttpResponse<String> post(byte[] body) {
        return running.send(HttpRequest.newBuilder(running.uri("/users")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Checks a refusal: its status, a JSON problem body without internals, no write, and a service still answering. */
    private JsonNode refused(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode problem = json(response);
        assertThat(problem.get("error").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain(INTERNALS);
        assertThat(conn.db().basisT()).as("nothing written").isEqualTo(basisT);
        assertThat(running.get("/health").statusCode()).as("the service still answers").isEqualTo(200);
        return problem;
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("truncated in a string", "{\"email\": \"a@b", "Malformed JSON at line 1, column 15:"
                        + " the text ends before the JSON value is complete"),
                Arguments.of("truncated after a colon", "{\"email\": ", "Malformed JSON at line 1, column 11:"
                        + " the text ends before the JSON value is complete"),
                Arguments.of("truncated object", "{\"email\": \"a@b.c\"", "Malformed JSON at line 1, column 18:"
                        + " the text ends before the JSON value is complete"),
                Arguments.of("missing comma", "{\"email\": \"a@b.c\" \"name\": \"A\"}", "Malformed JSON at line 1,"
                        + " column 19: unexpected '\"'; expected ',' or '}' after a field's value"),
                Arguments.of("missing colon", "{\"email\" \"a@b.c\"}", "Malformed JSON at line 1, column 10:"
                        + " unexpected '\"'; expected ':' after a field name"),
                Arguments.of("single quotes", "{'email': 'a@b.c'}", "Malformed JSON at line 1, column 2:"
                        + " unexpected '''; expected a field name in double quotes"),
                Arguments.of("trailing comma", "{\"email\": \"a@b.c\",}", "Malformed JSON at line 1, column 19:"
                        + " unexpected '}'; expected a field name in double quotes"),
                Arguments.of("array without comma", "{\"email\": [1 2]}", "Malformed JSON at line 1, column 14:"
                        + " unexpected '2'; expected ',' or ']' after an array element"),
                Arguments.of("comment", "{/* hi */ \"email\": \"a@b.c\"}", "Malformed JSON at line 1, column 2:"
                        + " unexpected '/'; JSON has no comments"),
                Arguments.of("NaN", "{\"email\": NaN}", "Malformed JSON at line 1, column 14: not a JSON number"),
                Arguments.of("leading zero", "{\"email\": 007}", "Malformed JSON at line 1, column 12: not a JSON number"),
                Arguments.of("bare word", "{\"email\": nope}", "Malformed JSON at line 1, column 15: unrecognized text;"
                        + " expected a JSON value (an object, array, string, number, true, false or null)"),
                Arguments.of("control character", "{\"email\": \"a\nb\"}", "Malformed JSON at line 1, column 13:"
                        + " a control character inside a string; escape it"),
                Arguments.of("bad escape", "{\"email\": \"a\\qb\"}", "Malformed JSON at line 1, column 14:"
                        + " an unknown escape in a string"),
                Arguments.of("duplicate field", "{\"email\": \"a@b.c\", \"email\": \"d@e.f\"}", "Malformed JSON at line 1,"
                        + " column 20: the field \"email\" appears twice in one object"),
                Arguments.of("trailing object", "{\"name\": \"A\"} {}", "Malformed JSON at line 1, column 15: text after"
                        + " the JSON value; send exactly one JSON object"),
                Arguments.of("trailing bracket", "{\"name\": \"A\"}]", "Malformed JSON at line 1, column 14: unexpected"
                        + " ']'; expected a JSON value"),
                Arguments.of("trailing word", "{\"name\": \"A\"} x", "Malformed JSON at line 1, column 16:"
                        + " unrecognized text"),
                Arguments.of("a lone bracket", "]", "Malformed JSON at line 1, column 1: unexpected ']'; expected a"
                        + " JSON value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedJsonIsA400SayingWhereAndWhatInJsonsTerms(String name, String body, String message) {
        JsonNode problem = refused(running.post("/users", body), 400);

        assertThat(problem.get("error").asText()).isEqualTo("bad-request");
        assertThat(problem.get("message").asText()).startsWith(message);
    }

    @Test
    void theIssuesBodyOfAThousandNestedArraysIsA400() {
        String body = "{\"name\": " + "[".repeat(1_000) + "]".repeat(1_000) + ", \"email\": \"a@b.c\"}";
        assertThat(body.length()).isGreaterThan(2_000).isLessThan(HttpAdapter.MAX_BODY_BYTES);

        JsonNode problem = refused(running.post("/users", body), 400);

        assertThat(problem.get("message").asText()).isEqualTo("The JSON body nests objects and arrays deeper than 32"
                + " levels (line 1, column 41), the most this service accepts");
    }

    @Test
    void nestedObjectsAsDeepAsTheBodyAllowsAreA400() {
        int levels = (HttpAdapter.MAX_BODY_BYTES - 100) / 7;
        String body = "{\"name\": " + "{\"a\": ".repeat(levels) + "1" + "}".repeat(levels) + "}";

        JsonNode problem = refused(running.post("/users", body), 400);

        assertThat(problem.get("message").asText()).startsWith("The JSON body nests objects and arrays deeper than 32");
    }

    @Test
    void nestingWithinTheBoundIsAFieldErrorInJsonsWords() {
        String body = "{\"email\": \"dan@example.com\", \"name\": " + "[".repeat(Json.MAX_DEPTH - 1)
                + "]".repeat(Json.MAX_DEPTH - 1) + "}";

        JsonNode problem = refused(running.post("/users", body), 400);

        assertThat(problem.get("fields").toString())
                .isEqualTo("[{\"field\":\"name\",\"message\":\"expects a string, found an array\"}]");
    }

    @Test
    void wrongTypesAreFieldErrorsInJsonsWords() {
        JsonNode problem = refused(running.post("/users", "{\"email\": {\"a\": 1}, \"name\": true}"), 400);

        assertThat(problem.get("fields").toString()).isEqualTo("["
                + "{\"field\":\"email\",\"message\":\"expects a string, found an object\"},"
                + "{\"field\":\"name\",\"message\":\"expects a string, found a boolean\"}]");
    }

    @Test
    void hugeNumbersAreA400WithTheBound() {
        String thousandDigits = "9".repeat(1_001);
        String hundredAndOne = "1" + "0".repeat(Json.MAX_NUMBER_LENGTH);

        JsonNode huge = refused(running.post("/users", "{\"name\": " + thousandDigits + "}"), 400);
        JsonNode long_ = refused(running.post("/users", "{\"name\": " + hundredAndOne + "}"), 400);
        JsonNode exponent = refused(running.post("/users", "{\"name\": 1e999999999}"), 400);
        JsonNode big = refused(running.post("/users", "{\"name\": " + "9".repeat(50) + "}"), 400);

        assertThat(huge.get("message").asText()).isEqualTo("The JSON body has a number of 1001 characters"
                + " (line 1, column 10); numbers have at most 100");
        assertThat(long_.get("message").asText()).startsWith("The JSON body has a number of 101 characters");
        assertThat(exponent.get("fields").toString()).contains("expects a string, found a number");
        assertThat(big.get("fields").toString()).contains("expects a string, found a number");
    }

    @Test
    void aBodyThatIsNotUtf8IsA400NamingTheByte() {
        byte[] latin1 = "{\"email\": \"a@b.c\",\n \"name\": \"Zo\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] cut = new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xc3};

        JsonNode invalid = refused(post(latin1), 400);
        JsonNode cutInACharacter = refused(post(cut), 400);

        assertThat(invalid.get("message").asText())
                .isEqualTo("The request body is not UTF-8: byte 0xe9 at line 2, column 13 does not start a valid UTF-8"
                        + " character");
        assertThat(cutInACharacter.get("message").asText()).startsWith("The request body is not UTF-8: byte 0xc3");
    }

    @Test
    void aTenMegabyteBodyIsA413WithoutReadingIt() throws Exception {
        // Only the headers are sent: the service must answer from the declared length alone. (Sending the
        // bytes too would race the server's close of an unread socket, which is HTTP-level behaviour.)
        String response;
        try (Socket socket = new Socket(running.uri("/").getHost(), running.uri("/").getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(utf8("POST /users HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + 10 * 1024 * 1024 + "\r\n\r\n"));
            socket.getOutputStream().flush();
            response = readResponse(socket.getInputStream());
        }

        assertThat(response).startsWith("HTTP/1.1 413 ").contains("application/json; charset=utf-8")
                .endsWith("{\"error\":\"payload-too-large\",\"message\":\"The request body exceeds 16384 bytes\"}");
        assertThat(response).doesNotContain(INTERNALS);
        assertThat(conn.db().basisT()).isEqualTo(basisT);
        assertThat(running.get("/health").statusCode()).isEqualTo(200);
    }

    /** One HTTP/1.1 response with a Content-Length, read without waiting for the connection to close. */
    private static String readResponse(java.io.InputStream in) throws java.io.IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return headers + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void theValueBoundHoldsForBodiesLargerThanTheServiceReads() {
        byte[] many = utf8("[" + "1,".repeat(Json.MAX_VALUES) + "1]");

        HttpError error = org.assertj.core.api.Assertions.catchThrowableOfType(HttpError.class, () -> Json.readObject(many));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error).hasMessage("The JSON body holds more than 10000 values (fields and array elements), the most"
                + " this service accepts");
    }
}
