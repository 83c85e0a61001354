package dev.datomickit.example.users;

import static dev.datomickit.example.users.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import datomic.Connection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A failure inside a handler: the client gets a JSON 500 with a reference, the log gets the stack trace. */
@UsersDatabase
class InternalErrorTest {

    final AtomicBoolean failing = new AtomicBoolean();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr;
    RunningService running;

    @BeforeEach
    void start(Connection conn) {
        Connection broken = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (failing.get() && method.getName().equals("db")) {
                        throw new IllegalStateException("storage said: password=hunter2");
                    }
                    return method.invoke(conn, args);
                });
        running = RunningService.start(broken);
        failing.set(true);
        stderr = System.err; // slf4j-simple looks System.err up at every line
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(stderr);
        running.close();
    }

    @Test
    void theClientGetsA500WithAReferenceAndNothingOfTheException() {
        HttpResponse<String> response = running.get("/users");

        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("internal");
        assertThat(body.get("message").asText()).matches(
                "The service failed to handle this request; the log has the details under reference [0-9a-f]+");
        assertThat(response.body()).doesNotContain("hunter2", "IllegalStateException", "storage said");
    }

    @Test
    void theLogHasTheStackTraceUnderTheSameReference() {
        String message = json(running.get("/users")).get("message").asText();
        String reference = message.substring(message.lastIndexOf(' ') + 1);

        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("GET /users failed; reference " + reference,
                "java.lang.IllegalStateException: storage said: password=hunter2", "\tat ");
    }

    @Test
    void theServiceKeepsAnsweringAfterAFailure() {
        running.get("/users");
        failing.set(false);

        assertThat(running.get("/users").statusCode()).isEqualTo(200);
    }
}
