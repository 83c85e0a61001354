package dev.datomickit.example.users;

import static dev.datomickit.example.users.RunningService.json;
import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping as on SIGTERM: {@link UsersService#stop} refuses new requests, waits for those in
 * flight, then closes the port. A sign-up is held inside its transaction to be in flight.
 */
@UsersDatabase
class ShutdownTest {

    static final String DAN = "{\"email\": \"dan@example.com\", \"name\": \"Dan\"}";

    final AtomicBoolean holding = new AtomicBoolean();
    final CountDownLatch inTransaction = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    RunningService running;

    @BeforeEach
    void start(Connection conn) {
        Connection held = InterceptedConnection.intercept(conn, txData -> {
            if (holding.get()) {
                inTransaction.countDown();
                release.await();
            }
        });
        running = RunningService.start(held);
        holding.set(true); // startup's transactions, if any, went through
    }

    @Test
    void stopWaitsForARequestInFlightWhileRefusingNewOnesThenClosesThePort(Connection conn) throws Exception {
        CompletableFuture<HttpResponse<String>> signUp = CompletableFuture.supplyAsync(() -> running.post("/users", DAN));
        inTransaction.await();

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> running.service.stop(Duration.ofMinutes(5)));
        HttpResponse<String> refused = running.get("/health");
        while (refused.statusCode() == 200) { // until stop() has begun
            refused = running.get("/health");
        }

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Connection")).hasValue("close");
        assertThat(json(refused).get("error").asText()).isEqualTo("unavailable");
        assertThat(stopped).isNotDone(); // the sign-up holds it: it cannot finish before release
        assertThat(signUp).isNotDone();

        release.countDown();
        stopped.get();

        assertThat(signUp.get().statusCode()).isEqualTo(201);
        assertThat(conn.db()).entity("user/email", "dan@example.com").has("user/name", "Dan");
        assertThatThrownBy(() -> running.get("/health")).hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void withoutGraceStopClosesTheConnectionsOfRequestsStillRunning(Connection conn) throws Exception {
        CompletableFuture<HttpResponse<String>> signUp = CompletableFuture.supplyAsync(() -> running.post("/users", DAN));
        inTransaction.await();

        running.service.stop(Duration.ZERO);

        assertThatThrownBy(signUp::join).hasRootCauseInstanceOf(java.io.IOException.class);
        assertThat(conn.db()).hasNoEntity("user/email", "dan@example.com"); // interrupted before it transacted
        assertThatThrownBy(() -> running.get("/health")).hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void stopAndCloseCanBeCalledAgain() {
        running.service.stop(Duration.ZERO);
        running.service.stop(Duration.ZERO);
        running.service.close();

        assertThatThrownBy(() -> running.get("/health")).hasCauseInstanceOf(ConnectException.class);
    }
}
