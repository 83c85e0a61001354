package dev.datomickit.example.users;

import static dev.datomickit.example.users.RunningService.json;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import datomic.Connection;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsersEndpointsTest extends ServiceTest {

    @Test
    void listsEveryUserInCreationOrderWithOnlyTheClientizedFields() {
        HttpResponse<String> response = running.get("/users");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("""
                [{"id":"a11ce000-0000-4000-8000-000000000001","email":"alice@example.com","name":"Alice"},\
                {"id":"b0b00000-0000-4000-8000-000000000002","email":"bob@example.com","name":"Bob"},\
                {"id":"ca201000-0000-4000-8000-000000000003","email":"carol@example.com","name":"Carol"}]""");
    }

    @Test
    void getsOneUserById() {
        HttpResponse<String> response = running.get("/users/" + Fixtures.CAROL);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(
                "{\"id\":\"ca201000-0000-4000-8000-000000000003\",\"email\":\"carol@example.com\",\"name\":\"Carol\"}");
    }

    @Test
    void anUnknownUserIsA404NamingIt() {
        UUID nobody = UUID.fromString("00000000-0000-4000-8000-000000000000");

        HttpResponse<String> response = running.get("/users/" + nobody);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("message").asText()).isEqualTo("No user with id " + nobody);
    }

    @Test
    void aUserIdThatIsNotAUuidIsA400() {
        for (String id : List.of("42", "not-a-uuid", "1-1-1-1-1", "A11CE000-0000-4000-8000-000000000001x")) {
            HttpResponse<String> response = running.get("/users/" + id);

            assertThat(response.statusCode()).as(id).isEqualTo(400);
            assertThat(json(response).get("message").asText()).isEqualTo("The id \"" + id + "\" is not a UUID");
        }
    }

    @Test
    void anUpperCaseUuidNamesTheSameUser() {
        assertThat(running.get("/users/" + Fixtures.CAROL.toString().toUpperCase()).statusCode()).isEqualTo(200);
    }

    @Test
    void signUpCreatesTheUserAndAnswers201WithItsLocation(Connection conn) {
        HttpResponse<String> response = running.post("/users", "{\"email\": \"  Dan@Example.COM \", \"name\": \" Dan \"}");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json(response);
        UUID id = UUID.fromString(body.get("id").asText());
        assertThat(body.get("email").asText()).isEqualTo("dan@example.com");
        assertThat(body.get("name").asText()).isEqualTo("Dan");
        assertThat(response.headers().firstValue("Location")).hasValue("/users/" + id);
        assertThat(conn.db()).entity("user/id", id).has("user/email", "dan@example.com").has("user/name", "Dan");
        assertThat(running.get("/users/" + id).body()).isEqualTo(response.body());
        assertThat(running.get("/users").body()).contains(response.body());
    }

    @Test
    void aTakenEmailIsA409WhateverItsCaseAndNothingIsWritten(Connection conn) {
        long before = conn.db().basisT();

        List<HttpResponse<String>> responses = new ArrayList<>();
        for (String email : List.of("alice@example.com", "ALICE@example.com", " Alice@Example.com", "bob@example.com")) {
            responses.add(running.post("/users", "{\"email\": \"" + email + "\", \"name\": \"Mallory\"}"));
        }

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(json(response).get("error").asText()).isEqualTo("conflict");
        });
        assertThat(json(responses.get(1)).get("message").asText())
                .isEqualTo("A user with email alice@example.com already exists");
        assertThat(conn.db().basisT()).isEqualTo(before);
        assertThat(conn.db()).entity("user/email", "alice@example.com").has("user/name", "Alice");
    }

    @Test
    void invalidInputIsA400ListingEveryFieldErrorAndNothingIsWritten(Connection conn) {
        long before = conn.db().basisT();

        HttpResponse<String> response = running.post("/users",
                "{\"id\": \"a11ce000-0000-4000-8000-000000000001\", \"email\": \"not an email\", \"name\": 42, \"age\": 7}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("invalid-input");
        assertThat(body.get("message").asText()).isEqualTo("4 fields are invalid");
        assertThat(body.get("fields").toString()).isEqualTo("["
                + "{\"field\":\"id\",\"message\":\"assigned by the service; leave it out\"},"
                + "{\"field\":\"name\",\"message\":\"expects a string, found a number\"},"
                + "{\"field\":\"age\",\"message\":\"unknown field; expected email, name\"},"
                + "{\"field\":\"email\",\"message\":\"not an email address: expected local-part@domain.tld\"}]");
        assertThat(conn.db().basisT()).isEqualTo(before);
    }

    @Test
    void missingFieldsAreReportedFromTheSchemasEntitySpec() {
        JsonNode body = json(running.post("/users", "{}"));

        assertThat(body.get("fields").toString()).isEqualTo("["
                + "{\"field\":\"email\",\"message\":\"missing: required by the entity spec :user/validate\"},"
                + "{\"field\":\"name\",\"message\":\"missing: required by the entity spec :user/validate\"}]");
    }

    @Test
    void nullIsMissingAndBlanksOverlongValuesAndListsAreFieldErrors() {
        JsonNode nulls = json(running.post("/users", "{\"email\": null, \"name\": \"   \"}"));
        JsonNode long_ = json(running.post("/users", "{\"email\": \"" + "a".repeat(250) + "@example.com\", \"name\": \""
                + "n".repeat(SignUp.MAX_NAME_LENGTH + 1) + "\"}"));
        JsonNode shapes = json(running.post("/users", "{\"email\": \"a@b\", \"name\": [\"Dan\"]}"));

        assertThat(nulls.get("fields").toString()).isEqualTo("["
                + "{\"field\":\"email\",\"message\":\"missing: required by the entity spec :user/validate\"},"
                + "{\"field\":\"name\",\"message\":\"blank\"}]");
        assertThat(long_.get("fields").toString()).isEqualTo("["
                + "{\"field\":\"email\",\"message\":\"longer than 254 characters\"},"
                + "{\"field\":\"name\",\"message\":\"longer than 200 characters\"}]");
        assertThat(shapes.get("fields").toString()).contains(
                "{\"field\":\"email\",\"message\":\"not an email address: expected local-part@domain.tld\"}",
                "{\"field\":\"name\",\"message\":\"expects a string, found an array\"}");
        assertThat(shapes.get("fields")).hasSize(2);
    }
}
