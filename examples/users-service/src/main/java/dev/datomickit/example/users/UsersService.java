package dev.datomickit.example.users;

import com.sun.net.httpserver.HttpServer;
import datomic.Connection;
import datomic.Peer;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.env.DatomicUri;
import dev.datomickit.core.env.Environment;
import dev.datomickit.core.env.StoragePreflight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * users-service: a small HTTP service on the Datomic peer, built with datomic-kit the way an
 * application would use it.
 *
 * <p>{@link #main} reads its configuration from the environment ({@code PORT}, {@code HOST},
 * {@code DATOMIC_URI}, {@code DATOMIC_ENV}), connects (with nothing configured, to an in-memory
 * database holding sample data), and {@linkplain #start starts}: it ensures the schema, runs the
 * migrations, then listens. On SIGTERM it {@linkplain #stop stops} gracefully.
 *
 * <p>Tests and embedding code call {@link #start} with a connection of their own, such as a fork.
 */
public final class UsersService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsersService.class);

    /**
     * How long {@link #close()} and a SIGTERM let in-flight requests finish: less than the 30
     * seconds Docker, and so Kamal, waits before it kills the container.
     */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(20);

    /** Request threads: requests block on transactions, not on the CPU. */
    private static final int THREADS = 16;

    private final Startup.Report startup;
    private final HttpServer server;
    private final ExecutorService executor;
    private final InFlight inFlight;
    private final Object stopLock = new Object();
    private boolean stopped; // guarded by stopLock

    private UsersService(Startup.Report startup, HttpServer server, ExecutorService executor, InFlight inFlight) {
        this.startup = startup;
        this.server = server;
        this.executor = executor;
        this.inFlight = inFlight;
    }

    /**
     * Runs the service until SIGTERM: reads its configuration from environment variables,
     * connects, starts, and logs the URL to open. Exits with status 1, having logged why, if it
     * cannot start.
     *
     * @param args ignored; the configuration is in environment variables (see the module README)
     */
    public static void main(String[] args) {
        UsersService service;
        Environment environment;
        try {
            Settings settings = Settings.from(System.getenv());
            environment = Environment.builder().local(Model.SCHEMA, Fixtures.SAMPLE).resolve();
            service = start(connect(environment), settings.address());
        } catch (RuntimeException e) {
            // Safe to log whole: datomic-kit's messages and causes never show a secret (an unknown
            // DATOMIC_ENV is not echoed, URIs are redacted), and Settings quotes only a malformed PORT.
            LOG.error("users-service did not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.stop(DEFAULT_GRACE);
            Peer.shutdown(false); // releases the peer's connections; the JVM is exiting anyway
        }, "users-service-shutdown"));
        LOG.info("users-service is ready on {} ({}): open {}users", service.uri(), environment, service.uri());
        if (environment.kind() == Environment.Kind.LOCAL) {
            LOG.info("Sample data: {}users/{} and {}posts/{}/comments-of-user/{}", service.uri(), Fixtures.BOB,
                    service.uri(), Fixtures.ENTITIES_ARE_CHEAP, Fixtures.BOB);
        }
    }

    /**
     * Connects to the environment's database, creating it first when the environment writes to
     * storage ({@code dev}, {@code prod}) and it does not exist yet. Forks never create anything.
     */
    static Connection connect(Environment environment) {
        if (environment.kind().writesReachStorage()) {
            DatomicUri uri = environment.uri().orElseThrow();
            // Before createDatabase, which reports an unreachable storage late and tersely.
            StoragePreflight.check(uri);
            if (createDatabase(uri, Peer::createDatabase)) {
                LOG.info("Created the database {}", uri);
            }
        }
        return environment.connect();
    }

    /** {@code create} is {@code Peer.createDatabase}; tests replace it, as the peer takes 25 seconds to fail. */
    static boolean createDatabase(DatomicUri uri, Predicate<String> create) {
        try {
            return create.test(uri.connectionString());
        } catch (Exception e) { // the peer throws checked exceptions undeclared; their messages may quote the URI
            String reason = e.getMessage() == null || e.getMessage().isBlank()
                    ? "the Datomic peer gave no reason (see the cause)" : DatomicUri.redact(e.getMessage());
            // The cause is a redacted copy: logging the peer's own exception would print the URI's password.
            throw new DatomicKitException("Cannot create the database " + uri + ": " + reason, DatomicUri.redactedCopy(e));
        }
    }

    /**
     * Prepares the database and starts serving: ensures the schema, runs the migrations, then
     * listens on {@code address}. Returns once the server accepts requests.
     *
     * @param connection the connection every request uses
     * @param address where to listen; port 0 picks a free port (see {@link #port()})
     * @return the running service
     * @throws UncheckedIOException if it cannot listen on {@code address}
     * @throws RuntimeException if the schema or a migration cannot be installed (nothing listens then)
     */
    public static UsersService start(Connection connection, InetSocketAddress address) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(address, "address");
        Startup.Report startup = Startup.run(connection);
        LOG.info("Database ready in {}", startup);
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + address + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, threads());
        InFlight inFlight = new InFlight();
        server.setExecutor(executor);
        server.createContext("/", new HttpAdapter(Routes.router(), connection, inFlight));
        server.start();
        return new UsersService(startup, server, executor, inFlight);
    }

    private static ThreadFactory threads() {
        AtomicInteger count = new AtomicInteger();
        return task -> new Thread(task, "users-service-http-" + count.incrementAndGet());
    }

    /** What the start did to the database before the server listened. */
    Startup.Report startup() {
        return startup;
    }

    /**
     * Returns the port the service listens on, the one chosen when started with port 0.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Returns the service's base URL, such as {@code http://localhost:8080/}: {@code localhost}
     * when it listens on every interface.
     *
     * @return the URL, ending with {@code /}
     */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    /**
     * Stops gracefully, as on SIGTERM: refuses new requests with 503, lets the requests in flight
     * finish for at most {@code grace}, then closes every connection and releases the threads.
     * It stops once: another call returns when the first has finished.
     *
     * @param grace how long to wait for in-flight requests
     */
    public void stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        synchronized (stopLock) {
            if (stopped) {
                return;
            }
            stopped = true;
            LOG.info("Stopping: waiting up to {} for requests in flight", grace);
            boolean interrupted = false;
            int abandoned;
            try {
                abandoned = inFlight.close(grace);
            } catch (InterruptedException e) {
                interrupted = true;
                abandoned = -1;
            }
            if (abandoned != 0) {
                LOG.warn("Stopping with {} request(s) still running; their connections are closed",
                        abandoned < 0 ? "some" : abandoned);
            }
            server.stop(0);
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("Request threads still running after the server stopped");
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            LOG.info("Stopped");
        }
    }

    /** Stops with the {@linkplain #DEFAULT_GRACE default grace period}. */
    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }
}
