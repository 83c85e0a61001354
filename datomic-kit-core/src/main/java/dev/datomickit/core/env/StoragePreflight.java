package dev.datomickit.core.env;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks, before connecting, that a storage URI's host resolves and its port accepts connections,
 * so that a misconfigured deployment fails at once with advice instead of a bare
 * {@code UnknownHostException} after the peer's long timeouts.
 *
 * <pre>{@code
 * StoragePreflight.check(DatomicUri.parse(System.getenv("DATOMIC_URI")), Duration.ofSeconds(2));
 * }</pre>
 *
 * <p>What is checked: the JDBC server of {@code sql}; the embedded storage (the transactor port
 * + 1, Datomic's default {@code h2-port}, which is where the peer goes first) and the transactor
 * port of {@code dev}; the host of {@code cass} and {@code ddb-local}; then that the storage's
 * driver is on the classpath (a JDBC driver accepting the URL, the Cassandra driver, the AWS SDK
 * for DynamoDB), which the peer reports only as "No suitable driver" or a
 * {@code ClassNotFoundException} after 15 to 20 seconds. The network of {@code mem} and
 * {@code ddb} (an AWS endpoint) is not checked. A success means something listens; credentials
 * and the transactor's own reachability are tested by {@code Peer.connect}. (Without the
 * preflight, a peer given a dev URI whose storage port is closed fails after about 30 seconds with
 * a bare {@code ConnectException}.)
 */
public final class StoragePreflight {

    /** The timeout of {@link #check(DatomicUri)}, for the name lookup and for each connection. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** The accepted range of timeouts: a longer wait is a hung deployment, not a check. */
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private static final Map<String, String> DRIVERS = Map.of(
            "PostgreSQL", "the PostgreSQL driver (org.postgresql:postgresql)",
            "MySQL", "the MySQL driver (com.mysql:mysql-connector-j)",
            "MariaDB", "the MariaDB driver (org.mariadb.jdbc:mariadb-java-client)",
            "SQL Server", "the SQL Server driver (com.microsoft.sqlserver:mssql-jdbc)",
            "Oracle", "the Oracle driver (com.oracle.database.jdbc:ojdbc11)");

    private StoragePreflight() {}

    /**
     * Checks {@code uri} with the default timeout of two seconds.
     *
     * @param uri the URI to check
     * @throws StorageUnreachableException if a host does not resolve or a port does not accept
     *     connections
     */
    public static void check(DatomicUri uri) {
        check(uri, DEFAULT_TIMEOUT);
    }

    /**
     * Checks {@code uri}: resolves each host and opens, then closes, a TCP connection to each port.
     *
     * @param uri the URI to check
     * @param timeout the longest wait for the name lookup and for each connection, from 1
     *     millisecond to 10 minutes
     * @throws IllegalArgumentException if the timeout is outside that range
     * @throws StorageUnreachableException if a host does not resolve or a port does not accept
     *     connections, with a message that names the URI (redacted), the host and port, and what to
     *     check
     */
    public static void check(DatomicUri uri, Duration timeout) {
        check(uri, checkTimeout(timeout, "the timeout of StoragePreflight.check"), runsInContainer());
    }

    /**
     * Refuses a timeout outside 1 ms to 10 minutes (socket timeouts are {@code int} milliseconds:
     * about 25 days would overflow), naming {@code setting}.
     */
    static Duration checkTimeout(Duration timeout, String setting) {
        Objects.requireNonNull(timeout, setting);
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("The storage preflight timeout (" + setting + ") must be from "
                    + describe(MIN_TIMEOUT) + " to " + describe(MAX_TIMEOUT) + ", not " + describe(timeout)
                    + "; it bounds the host name lookup and each connection attempt");
        }
        return timeout;
    }

    static void check(DatomicUri uri, Duration timeout, boolean inContainer) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeout, "timeout");
        for (Endpoint endpoint : endpoints(uri)) {
            probe(uri, endpoint, timeout, inContainer);
        }
        checkDriver(uri);
    }

    private static void checkDriver(DatomicUri uri) {
        String missing = switch (uri.storage()) {
            case SQL -> {
                String jdbcUrl = uri.connectionString().substring(uri.connectionString().indexOf('?') + 1);
                try {
                    DriverManager.getDriver(jdbcUrl);
                    yield null;
                } catch (SQLException e) {
                    String product = uri.describeStorage().replace(" storage", "");
                    yield "JDBC driver that accepts the URL; add " + DRIVERS.getOrDefault(product,
                            "the JDBC driver of your database");
                }
            }
            case CASS -> hasClass("com.datastax.driver.core.ResultSet") ? null
                    : "Cassandra driver; add com.datastax.cassandra:cassandra-driver-core";
            case DDB, DDB_LOCAL -> hasClass("software.amazon.awssdk.services.dynamodb.DynamoDbClient") ? null
                    : "AWS SDK for DynamoDB; add software.amazon.awssdk:dynamodb";
            case MEM, DEV -> null;
        };
        if (missing != null) {
            int split = missing.indexOf("; ");
            throw new StorageUnreachableException("No " + missing.substring(0, split) + " is on the classpath for "
                    + uri + ". Advice: " + missing.substring(split + 2) + " to the application's runtime dependencies;"
                    + " the Datomic peer declares storage drivers as provided, so it does not bring them (its pom"
                    + " lists the versions it is tested with).", uri, uri.host().orElse(""), uri.port().orElse(-1));
        }
    }

    private static boolean hasClass(String name) {
        try {
            Class.forName(name, false, StoragePreflight.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A host and port a peer must reach, and what listens there. */
    record Endpoint(String what, String host, int port, String note) {}

    static List<Endpoint> endpoints(DatomicUri uri) {
        List<Endpoint> endpoints = new ArrayList<>();
        if (uri.host().isEmpty() || uri.port().isEmpty()) {
            return endpoints;
        }
        String host = uri.host().get();
        int port = uri.port().getAsInt();
        if (uri.storage() == DatomicUri.Storage.DEV) {
            // The peer reads the embedded storage first, on h2-port (the transactor port + 1 unless configured).
            if (port < 65_535) {
                endpoints.add(new Endpoint("dev transactor's embedded storage", host, port + 1,
                        "the embedded storage listens on h2-port, by default the transactor port + 1, so publish or"
                                + " expose both ports"));
            }
            endpoints.add(new Endpoint("dev transactor", host, port, null));
        } else {
            endpoints.add(new Endpoint(uri.describeStorage(), host, port, null));
        }
        return endpoints;
    }

    private static void probe(DatomicUri uri, Endpoint endpoint, Duration timeout, boolean inContainer) {
        InetAddress[] addresses;
        try {
            addresses = resolve(endpoint.host(), timeout);
        } catch (UnknownHostException e) {
            throw unreachable(uri, endpoint, "host \"" + endpoint.host() + "\" does not resolve",
                    unresolvedAdvice(endpoint, inContainer));
        } catch (TimeoutException e) {
            throw unreachable(uri, endpoint, "looking up host \"" + endpoint.host() + "\" took longer than "
                    + describe(timeout), "check the DNS configuration of this machine or container");
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, endpoint.port()), (int) Math.max(1, timeout.toMillis()));
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        String where = endpoint.host() + ":" + endpoint.port();
        if (last instanceof SocketTimeoutException) {
            throw unreachable(uri, endpoint, "no answer from " + where + " within " + describe(timeout),
                    "a firewall or security group drops the connection, or the host is on another network;"
                            + " check that this machine may reach port " + endpoint.port() + " of that host");
        }
        String reason = last instanceof ConnectException ? "nothing accepts connections on " + where
                + " (connection refused)" : where + " cannot be reached (" + uri.scrub(String.valueOf(last.getMessage())) + ")";
        throw unreachable(uri, endpoint, reason, refusedAdvice(endpoint, inContainer));
    }

    private static InetAddress[] resolve(String host, Duration timeout) throws UnknownHostException, TimeoutException {
        // The lookup is not interruptible, so it runs on its own daemon thread and is abandoned on timeout.
        CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                lookup.complete(InetAddress.getAllByName(host));
            } catch (UnknownHostException | RuntimeException e) {
                lookup.completeExceptionally(e);
            }
        }, "datomic-kit-preflight-lookup");
        thread.setDaemon(true);
        thread.start();
        try {
            return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new UnknownHostException(host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        }
    }

    private static String unresolvedAdvice(Endpoint endpoint, boolean inContainer) {
        if (inContainer) {
            return "this process runs in a container: reach another container (a Kamal accessory, a compose"
                    + " service) by its container name, such as app-postgres, on a Docker network both containers"
                    + " share, and on the container port (" + endpoint.port() + "); a host port mapping"
                    + " (-p HOST:CONTAINER) applies only on the host";
        }
        return "check the host name; a container name resolves only inside its Docker network, so from the host"
                + " use localhost and the port the container publishes (-p HOST:CONTAINER)";
    }

    private static String refusedAdvice(Endpoint endpoint, boolean inContainer) {
        String note = endpoint.note() == null ? "" : "; " + endpoint.note();
        if (inContainer && isLoopback(endpoint.host())) {
            return "this process runs in a container, where " + endpoint.host() + " is the container itself: reach"
                    + " the storage by its container name (for a Kamal accessory, <service>-<accessory>, such as"
                    + " app-postgres) on the container port, on a Docker network both containers share" + note;
        }
        if (inContainer) {
            return "check that the " + endpoint.what() + " is running and listens on port " + endpoint.port()
                    + "; containers reach each other on the container port, not on a host port mapping" + note;
        }
        return "check that the " + endpoint.what() + " is running and listens on port " + endpoint.port()
                + "; a container's port is reachable from the host only where it is published"
                + " (-p HOST:CONTAINER), at localhost:HOST" + note;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("0.0.0.0");
    }

    private static StorageUnreachableException unreachable(DatomicUri uri, Endpoint endpoint, String what, String advice) {
        return new StorageUnreachableException("Cannot reach the " + endpoint.what() + " of " + uri + ": " + what
                + ". Advice: " + advice + ".", uri, endpoint.host(), endpoint.port());
    }

    /** A duration in the largest unit that shows it whole: "2 s", "1500 ms", "0.5 ms", "25 days". */
    static String describe(Duration duration) {
        if (duration.isNegative()) {
            return "a negative duration";
        }
        long seconds = duration.getSeconds();
        if (duration.getNano() != 0 || seconds == 0) {
            return java.math.BigDecimal.valueOf(seconds).scaleByPowerOfTen(3)
                    .add(java.math.BigDecimal.valueOf(duration.getNano(), 6)).stripTrailingZeros().toPlainString() + " ms";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + (seconds == 86_400 ? " day" : " days");
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + " h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + (seconds == 60 ? " minute" : " minutes");
        }
        return seconds + " s";
    }

    /** Docker creates /.dockerenv, Podman /run/.containerenv; Kubernetes sets KUBERNETES_SERVICE_HOST. */
    static boolean runsInContainer() {
        return Files.exists(Path.of("/.dockerenv")) || Files.exists(Path.of("/run/.containerenv"))
                || System.getenv("KUBERNETES_SERVICE_HOST") != null;
    }
}
