package dev.datomickit.example.users;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;

import datomic.Connection;
import dev.datomickit.testing.junit.DatomicTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's example: a test of the real server on a fork, without the helpers of the other tests. */
// snippet:test-on-a-fork
@DatomicTest(fixtures = {UsersSchema.class, SampleData.class})
class ServiceOnAForkTest {

    @Test
    void signUpThenReadBack(Connection conn) throws Exception {       // a fork, for this test alone
        UsersService service = UsersService.start(conn, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(service.uri().resolve("users"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"Dan@Example.com\", \"name\": \"Dan\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(conn.db()).entity("user/email", "dan@example.com").has("user/name", "Dan");
        } finally {
            service.stop(Duration.ZERO);
        }
    }
}
// end-snippet:test-on-a-fork
