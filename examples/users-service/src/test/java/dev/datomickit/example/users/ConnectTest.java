package dev.datomickit.example.users;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import dev.datomickit.core.env.Environment;
import dev.datomickit.core.env.StorageUnreachableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code main} gets its connection, per environment. */
class ConnectTest {

    static final Environment.Builder ENVIRONMENTS = Environment.builder().local(Model.SCHEMA, Fixtures.SAMPLE);

    @Test
    void withNothingConfiguredItIsAnInMemoryDatabaseWithTheSampleData() {
        Connection conn = UsersService.connect(ENVIRONMENTS.resolve(Map.of()));

        assertThat(conn.db()).entity("user/id", Fixtures.ALICE).has("user/name", "Alice");
    }

    @Test
    void anUnreachableStorageFailsBeforeTheDatabaseIsCreatedNamingTheUriRedacted() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Environment dev = ENVIRONMENTS.resolve(Map.of("DATOMIC_ENV", "dev",
                "DATOMIC_URI", "datomic:dev://127.0.0.1:" + closed + "/users?password=s3cret"));

        // The peer would take about 30 seconds to fail here; the preflight takes milliseconds.
        assertThatThrownBy(() -> UsersService.connect(dev))
                .isInstanceOf(StorageUnreachableException.class)
                .hasMessageContaining("datomic:dev://127.0.0.1:" + closed + "/users?password=***")
                .hasMessageNotContaining("s3cret");
    }
}
