package dev.datomickit.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The preflight against a closed loopback port, an open one, and a name under the reserved .invalid TLD. */
class StoragePreflightTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** A loopback port that nothing listens on: bound, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static DatomicUri postgres(String host, int port) {
        return DatomicUri.parse("datomic:sql://app?jdbc:postgresql://" + host + ":" + port
                + "/datomic?user=datomic&password=hunter2");
    }

    @Test
    void aClosedPortIsReportedWithWhatToCheck() throws IOException {
        int port = closedPort();
        DatomicUri uri = postgres("127.0.0.1", port);

        assertThatThrownBy(() -> StoragePreflight.check(uri, TIMEOUT, false))
                .isInstanceOfSatisfying(StorageUnreachableException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Cannot reach the PostgreSQL storage of " + uri
                            + ": nothing accepts connections on 127.0.0.1:" + port + " (connection refused)."
                            + " Advice: check that the PostgreSQL storage is running and listens on port " + port
                            + "; a container's port is reachable from the host only where it is published"
                            + " (-p HOST:CONTAINER), at localhost:HOST.");
                    assertThat(e.getMessage()).doesNotContain("hunter2").contains("password=***");
                    assertThat(e.host()).isEqualTo("127.0.0.1");
                    assertThat(e.port()).isEqualTo(port);
                    assertThat(e.uri()).isEqualTo(uri);
                });
    }

    @Test
    void insideAContainerLocalhostIsTheContainerItself() throws IOException {
        int port = closedPort();

        assertThatThrownBy(() -> StoragePreflight.check(postgres("localhost", port), TIMEOUT, true))
                .isInstanceOf(StorageUnreachableException.class)
                .hasMessageContaining("this process runs in a container, where localhost is the container itself")
                .hasMessageContaining("by its container name (for a Kamal accessory, <service>-<accessory>, such as"
                        + " app-postgres) on the container port");
    }

    @Test
    void anUnresolvableHostIsReportedWithDockerAdvice() {
        DatomicUri uri = postgres("app-postgres.invalid", 5432);

        assertThatThrownBy(() -> StoragePreflight.check(uri, TIMEOUT, true))
                .isInstanceOf(StorageUnreachableException.class)
                .hasMessageStartingWith("Cannot reach the PostgreSQL storage of " + uri
                        + ": host \"app-postgres.invalid\" does not resolve.")
                .hasMessageContaining("reach another container (a Kamal accessory, a compose service) by its container"
                        + " name, such as app-postgres, on a Docker network both containers share, and on the container"
                        + " port (5432); a host port mapping (-p HOST:CONTAINER) applies only on the host")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> StoragePreflight.check(uri, TIMEOUT, false))
                .hasMessageContaining("a container name resolves only inside its Docker network, so from the host use"
                        + " localhost and the port the container publishes");
    }

    @Test
    void aListeningPortPasses() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // H2's driver comes with the peer, so the driver check passes too.
            assertThatCode(() -> StoragePreflight.check(DatomicUri.parse("datomic:sql://app?jdbc:h2:tcp://127.0.0.1:"
                    + server.getLocalPort() + "/datomic;USER=datomic;PASSWORD=hunter2"), TIMEOUT, false))
                    .doesNotThrowAnyException();
            // Something listens, but the Cassandra driver is not on this classpath.
            assertThatThrownBy(() -> StoragePreflight.check(DatomicUri.parse("datomic:cass://127.0.0.1:"
                    + server.getLocalPort() + "/datomic.datomic/app"), TIMEOUT))
                    .hasMessageStartingWith("No Cassandra driver is on the classpath for datomic:cass://127.0.0.1:")
                    .hasMessageContaining("Advice: add com.datastax.cassandra:cassandra-driver-core to the application's"
                            + " runtime dependencies");
        }
    }

    @Test
    void aMissingJdbcDriverIsReportedWithTheArtifactToAdd() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            DatomicUri uri = postgres("127.0.0.1", server.getLocalPort());

            assertThatThrownBy(() -> StoragePreflight.check(uri, TIMEOUT, false))
                    .isInstanceOf(StorageUnreachableException.class)
                    .hasMessage("No JDBC driver that accepts the URL is on the classpath for " + uri + ". Advice: add"
                            + " the PostgreSQL driver (org.postgresql:postgresql) to the application's runtime"
                            + " dependencies; the Datomic peer declares storage drivers as provided, so it does not bring"
                            + " them (its pom lists the versions it is tested with).");
        }
    }

    @Test
    void aDevUriNeedsTheEmbeddedStorageOnTheNextPortAsWellAsTheTransactor() throws IOException {
        try (ServerSocket transactor = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = transactor.getLocalPort();
            DatomicUri uri = DatomicUri.parse("datomic:dev://127.0.0.1:" + port + "/app?password=hunter2");
            try (ServerSocket storage = bindOrNull(port + 1)) {
                if (storage == null) {
                    // Something else holds port + 1: the check must then pass, as something listens there.
                    return;
                }
                assertThatCode(() -> StoragePreflight.check(uri, TIMEOUT, false)).doesNotThrowAnyException();
            }
            assertThatThrownBy(() -> StoragePreflight.check(uri, TIMEOUT, false))
                    .hasMessageStartingWith("Cannot reach the dev transactor's embedded storage of " + uri
                            + ": nothing accepts connections on 127.0.0.1:" + (port + 1))
                    .hasMessageEndingWith("the embedded storage listens on h2-port, by default the transactor port + 1,"
                            + " so publish or expose both ports.");
        }
    }

    @Test
    void inMemoryUrisAreNotCheckedAndDynamoDbOnlyForItsSdk() {
        assertThatCode(() -> StoragePreflight.check(DatomicUri.parse("datomic:mem://app"))).doesNotThrowAnyException();
        assertThat(StoragePreflight.endpoints(DatomicUri.parse("datomic:ddb://us-east-1/t/app"))).isEmpty();
        assertThatThrownBy(() -> StoragePreflight.check(DatomicUri.parse("datomic:ddb://us-east-1/t/app")))
                .hasMessageStartingWith("No AWS SDK for DynamoDB is on the classpath for datomic:ddb://us-east-1/t/app.")
                .hasMessageContaining("add software.amazon.awssdk:dynamodb");
        assertThat(StoragePreflight.endpoints(DatomicUri.parse("datomic:sql://app?jdbc:h2:mem:x"))).isEmpty();
    }

    private static ServerSocket bindOrNull(int port) {
        try {
            return new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            return null;
        }
    }
}
