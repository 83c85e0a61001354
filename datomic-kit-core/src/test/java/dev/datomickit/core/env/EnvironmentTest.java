package dev.datomickit.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import datomic.Util;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.Entities;
import dev.datomickit.core.TxSource;
import dev.datomickit.core.env.Environment.Kind;
import dev.datomickit.core.testmodel.Blog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resolving environments from configuration, connecting, and keeping the URI's password out of everything. */
class EnvironmentTest {

    private static final String SECRET = "hunter2";
    private static final String PROD_URI = "datomic:sql://app?jdbc:postgresql://db.internal:5432/datomic?user=datomic&password=" + SECRET;
    private static final String DEV_URI = "datomic:dev://localhost:4334/app?password=" + SECRET;

    private static final TxSource SCHEMA = () -> (List<?>) Util.read(Blog.SCHEMA);
    private static final TxSource FIXTURES = Blog::fixtures;

    @Test
    void nothingConfiguredIsLocalAndLocalIsAnInMemoryDatabaseWithSchemaAndFixtures() {
        Environment env = Environment.builder().local(SCHEMA, FIXTURES).resolve(Map.of());

        assertThat(env.kind()).isEqualTo(Kind.LOCAL);
        assertThat(env.uri()).isEmpty();
        assertThat(env).hasToString("Environment[local from default (no DATOMIC_ENV, no DATOMIC_URI)]");
        Connection first = env.connect();
        Connection second = env.connect();
        assertThat(first).isNotSameAs(second);
        assertThat(Entities.get(first.db(), "user/id", Blog.ALICE).get(":user/name")).isEqualTo("Alice");
        dev.datomickit.core.Tx.transact(first, dev.datomickit.core.Tx.data(
                dev.datomickit.core.Tx.entity().set("user/email", "eve@example.com")));
        assertThat(Entities.find(second.db(), "user/email", "eve@example.com")).isEmpty(); // each connect is fresh
        assertThat(Entities.find(env.connect().db(), "user/email", "eve@example.com")).isEmpty();
    }

    @Test
    void theKindAndTheUriComeFromTheConfiguration() {
        Environment prod = Environment.builder().resolve(Map.of("DATOMIC_ENV", "prod", "DATOMIC_URI", PROD_URI));
        assertThat(prod.kind()).isEqualTo(Kind.PROD);
        assertThat(prod.kind().writesReachStorage()).isTrue();
        assertThat(prod.uri()).contains(DatomicUri.parse(PROD_URI));
        assertThat(prod).hasToString("Environment[prod from DATOMIC_ENV, datomic:sql://app?jdbc:postgresql://db.internal:5432"
                + "/datomic?user=datomic&password=***]");

        Environment deployed = Environment.builder().resolve(Map.of("DATOMIC_URI", PROD_URI));
        assertThat(deployed.kind()).isEqualTo(Kind.PROD);
        assertThat(deployed.toString()).contains("from DATOMIC_URI without DATOMIC_ENV");

        Map<String, String> both = Map.of("DATOMIC_DEV_URI", DEV_URI, "DATOMIC_PROD_URI", PROD_URI);
        Environment devFork = Environment.builder().resolve(with(both, "DATOMIC_ENV", "dev-fork"));
        Environment prodFork = Environment.builder().resolve(with(both, "DATOMIC_ENV", "PROD_FORK"));
        assertThat(devFork.kind()).isEqualTo(Kind.DEV_FORK);
        assertThat(devFork.uri()).contains(DatomicUri.parse(DEV_URI));
        assertThat(prodFork.kind()).isEqualTo(Kind.PROD_FORK);
        assertThat(prodFork.uri()).contains(DatomicUri.parse(PROD_URI));
        assertThat(prodFork.kind().writesReachStorage()).isFalse();
        assertThat(Environment.builder().resolve(Map.of("DATOMIC_ENV", "local", "DATOMIC_URI", PROD_URI)).uri()).isEmpty();
    }

    @Test
    void systemPropertiesOverrideEnvironmentVariables() {
        System.setProperty("datomic.env", "dev");
        System.setProperty("datomic.uri", DEV_URI);
        try {
            Environment env = Environment.builder().resolve();
            assertThat(env.kind()).isEqualTo(Kind.DEV);
            assertThat(env.uri()).contains(DatomicUri.parse(DEV_URI));
            assertThat(env.toString()).contains("dev from DATOMIC_ENV (or -Ddatomic.env)");
        } finally {
            System.clearProperty("datomic.env");
            System.clearProperty("datomic.uri");
        }
    }

    @Test
    void misconfigurationsAreRefusedNamingTheVariableAndNeverThePassword() {
        assertThatThrownBy(() -> Environment.builder().resolve(Map.of("DATOMIC_ENV", "staging")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown Datomic environment kind (the value is not shown, as it may be a secret set here by"
                        + " mistake); expected one of local, dev, prod, dev-fork, prod-fork (from DATOMIC_ENV)");
        assertThatThrownBy(() -> Environment.builder().resolve(Map.of("DATOMIC_ENV", "prod-fork")))
                .isInstanceOf(DatomicKitException.class)
                .hasMessage("The prod-fork environment (DATOMIC_ENV) needs a Datomic URI; set DATOMIC_PROD_URI or DATOMIC_URI");
        assertThatThrownBy(() -> Environment.builder().resolve(Map.of("DATOMIC_ENV", "prod",
                "DATOMIC_URI", "datomic:sql://app?postgresql://db/datomic?password=" + SECRET)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password=***").hasMessageEndingWith("(from DATOMIC_URI)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> Environment.builder().resolve(Map.of("DATOMIC_ENV", "dev", "DATOMIC_DEV_URI", "datomic:mem://app")))
                .hasMessageContaining("DATOMIC_DEV_URI is datomic:mem://app, which exists only inside one process;"
                        + " use the local environment");
    }

    @Test
    void anUnreachableStorageIsFoundByThePreflightBeforeThePeerWaits() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Environment env = Environment.builder().preflightTimeout(Duration.ofSeconds(1)).resolve(Map.of(
                "DATOMIC_ENV", "prod", "DATOMIC_URI", "datomic:dev://127.0.0.1:" + port + "/app?password=" + SECRET));

        assertThatThrownBy(env::connect).isInstanceOf(StorageUnreachableException.class)
                .hasMessageContaining("Cannot reach the dev transactor's embedded storage of datomic:dev://127.0.0.1:"
                        + port + "/app?password=***")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void aFailingPeerConnectIsReportedWithTheUriRedactedThroughoutTheChain() {
        // As the peer does: a checked SQLException, undeclared, here quoting the URI it was given.
        Environment env = Environment.builder().preflight(false)
                .connector(uri -> sneakyThrow(new java.sql.SQLException("No suitable driver for " + uri)))
                .resolve(Map.of("DATOMIC_URI", PROD_URI));

        String log = stderrDuring(() -> assertThatThrownBy(env::connect).isInstanceOf(DatomicKitException.class)
                .hasMessageStartingWith("Cannot connect to datomic:sql://app?jdbc:postgresql://db.internal:5432/datomic"
                        + "?user=datomic&password=*** (prod environment, chosen by DATOMIC_URI without DATOMIC_ENV):")
                .hasMessageContaining("No suitable driver")
                .hasMessageNotContaining("java.sql.SQLException") // the message speaks of the failure, not of Java types
                .satisfies(e -> assertThat(everything(e)).doesNotContain(SECRET)
                        .contains("Caused by: java.sql.SQLException: No suitable driver for datomic:sql://app?jdbc:"
                                + "postgresql://db.internal:5432/datomic?user=datomic&password=***")));

        assertThat(log).contains("Datomic environment prod: connecting to datomic:sql://app?jdbc:postgresql://db.internal"
                + ":5432/datomic?user=datomic&password=***").doesNotContain(SECRET);
    }

    @Test
    void aPeerFailureWithoutAMessageSaysSo() {
        Environment env = Environment.builder().preflight(false)
                .connector(uri -> sneakyThrow(new java.net.ConnectException()))
                .resolve(Map.of("DATOMIC_URI", PROD_URI));

        assertThatThrownBy(env::connect).isInstanceOf(DatomicKitException.class)
                .hasMessageEndingWith("(prod environment, chosen by DATOMIC_URI without DATOMIC_ENV): the Datomic peer gave"
                        + " no reason (see the cause)")
                .hasCauseInstanceOf(DatomicKitException.class)
                .satisfies(e -> assertThat(e.getCause()).hasToString("java.net.ConnectException: null"));
    }

    /** A URI, or a password, set in the kind's variable by mistake was printed whole, and logged at ERROR. */
    @Test
    void theKindSettingIsNeverEchoed() {
        assertThatThrownBy(() -> Environment.builder().resolve(Map.of("DATOMIC_ENV", PROD_URI)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown Datomic environment kind (the value, not shown, looks like a URI: a URI belongs in"
                        + " DATOMIC_URI); expected one of local, dev, prod, dev-fork, prod-fork (from DATOMIC_ENV)");
        assertThatThrownBy(() -> Environment.builder().resolve(Map.of("DATOMIC_ENV", SECRET)))
                .satisfies(e -> assertThat(everything(e)).doesNotContain(SECRET));
        System.setProperty("datomic.env", "jdbc:postgresql://db/x?password=" + SECRET);
        try {
            assertThatThrownBy(() -> Environment.builder().resolve())
                    .hasMessageEndingWith("(from DATOMIC_ENV (or -Ddatomic.env))")
                    .satisfies(e -> assertThat(everything(e)).doesNotContain(SECRET).doesNotContain("db/x"));
        } finally {
            System.clearProperty("datomic.env");
        }
    }

    /** The URI settings show the URI redacted, and a value that is no URI at all (a password put there) not at all. */
    @Test
    void theUriSettingsNeverEchoASecret() {
        assertThatThrownBy(() -> Environment.builder().resolve(Map.of("DATOMIC_ENV", "prod", "DATOMIC_URI", SECRET + "-x9")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid Datomic URI (10 characters, not shown: it does not look like a URI, and may be a secret"
                        + " put in the wrong setting): it does not start with datomic:; expected datomic:<storage>://…, such"
                        + " as datomic:mem://app or datomic:dev://localhost:4334/app (from DATOMIC_URI)");
        assertThatThrownBy(() -> Environment.builder().resolve(Map.of("DATOMIC_ENV", "dev-fork",
                "DATOMIC_DEV_URI", "datomic:dev://u:" + SECRET + "@localhost/app")))
                .hasMessageEndingWith("(from DATOMIC_DEV_URI)")
                .satisfies(e -> assertThat(everything(e)).doesNotContain(SECRET));
    }

    /** About 25 days overflowed the socket's int timeout into a raw IllegalArgumentException at connect time. */
    @Test
    void thePreflightTimeoutIsCheckedWhereItIsSet() {
        for (Duration wrong : List.of(Duration.ofDays(25), Duration.ofMinutes(10).plusNanos(1), Duration.ZERO,
                Duration.ofMillis(-1), Duration.ofSeconds(Long.MAX_VALUE))) {
            assertThatThrownBy(() -> Environment.builder().preflightTimeout(wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("The storage preflight timeout (Environment.Builder.preflightTimeout) must be"
                            + " from 1 ms to 10 minutes, not ");
        }
        assertThatThrownBy(() -> Environment.builder().preflightTimeout(Duration.ofDays(25)))
                .hasMessage("The storage preflight timeout (Environment.Builder.preflightTimeout) must be from 1 ms to"
                        + " 10 minutes, not 25 days; it bounds the host name lookup and each connection attempt");
        DatomicUri uri = DatomicUri.parse(DEV_URI);
        assertThatThrownBy(() -> StoragePreflight.check(uri, Duration.ofDays(25)))
                .hasMessageStartingWith("The storage preflight timeout (the timeout of StoragePreflight.check) must be from"
                        + " 1 ms to 10 minutes, not 25 days");
        assertThat(Environment.builder().preflightTimeout(Duration.ofMinutes(10))).isNotNull();
        assertThat(Environment.builder().preflightTimeout(Duration.ofMillis(1))).isNotNull();
    }

    @Test
    void scrubbedChainsKeepStackTracesAndDropSecrets() {
        RuntimeException inner = new IllegalStateException("login failed for {:password \"" + SECRET + "\"}");
        RuntimeException outer = new RuntimeException("connecting to " + PROD_URI, inner);

        Throwable scrubbed = DatomicUri.redactedCopy(outer);

        assertThat(everything(scrubbed)).doesNotContain(SECRET)
                .contains("java.lang.RuntimeException: connecting to datomic:sql://app?jdbc:postgresql://db.internal:5432"
                        + "/datomic?user=datomic&password=***")
                .contains("java.lang.IllegalStateException: login failed for {:password \"***\"}");
        assertThat(scrubbed.getStackTrace()).isEqualTo(outer.getStackTrace());
        assertThat(scrubbed.getCause().getStackTrace()).isEqualTo(inner.getStackTrace());
    }

    @Test
    void localConnectionsAreLogged() {
        String log = stderrDuring(() -> Environment.builder().local(SCHEMA).resolve(Map.of()).connect());
        assertThat(log).contains("Datomic environment local: an in-memory database with 1 source(s)");
    }

    @Test
    void forkEnvironmentsReadTheRealDatabaseAndNeverWriteToIt() {
        Connection real = Blog.freshConnection(); // stands in for the storage behind the URI
        Environment env = Environment.builder().preflight(false).connector(uri -> real)
                .resolve(Map.of("DATOMIC_ENV", "prod-fork", "DATOMIC_URI", PROD_URI));

        String log = stderrDuring(() -> {
            Connection fork = env.connect();
            assertThat(Entities.get(fork.db(), "user/id", Blog.ALICE).get(":user/name")).isEqualTo("Alice");
            dev.datomickit.core.Tx.transact(fork, dev.datomickit.core.Tx.data(
                    dev.datomickit.core.Tx.entity().set("user/email", "eve@example.com")));
            assertThat(Entities.find(fork.db(), "user/email", "eve@example.com")).isPresent();
        });

        assertThat(Entities.find(real.db(), "user/email", "eve@example.com")).isEmpty(); // storage untouched
        dev.datomickit.core.Tx.transact(real, dev.datomickit.core.Tx.data(
                dev.datomickit.core.Tx.entity().set("user/email", "frank@example.com")));
        Connection later = env.connect(); // a new fork reads the real database as it is now
        assertThat(Entities.find(later.db(), "user/email", "frank@example.com")).isPresent();
        assertThat(Entities.find(later.db(), "user/email", "eve@example.com")).isEmpty();
        assertThat(log).contains("Datomic environment prod-fork: forking a connection to datomic:sql://app?jdbc:postgresql"
                + "://db.internal:5432/datomic?user=datomic&password=***; writes stay in this process")
                .doesNotContain(SECRET);
    }

    @Test
    void localConnectsFromManyThreadsShareOneStartingPointAndNothingElse() throws Exception {
        java.util.concurrent.atomic.AtomicInteger built = new java.util.concurrent.atomic.AtomicInteger();
        TxSource counted = () -> {
            built.incrementAndGet();
            return Blog.fixtures();
        };
        Environment env = Environment.builder().local(SCHEMA, counted).resolve(Map.of());
        int threads = 4;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String email = "thread-" + t + "@example.com";
                results.add(pool.submit(() -> {
                    start.await();
                    Connection conn = env.connect();
                    dev.datomickit.core.Tx.transact(conn, dev.datomickit.core.Tx.data(
                            dev.datomickit.core.Tx.entity().set("user/email", email)));
                    // Each connection sees its own write and the fixtures, and no other thread's write.
                    return Entities.withAttribute(conn.db(), "user/email").size() == 4
                            && Entities.find(conn.db(), "user/email", email).isPresent();
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(built).hasValue(1);
    }

    @Test
    void kindsHaveConfigurationNames() {
        assertThat(Kind.of(" Dev-Fork ")).isEqualTo(Kind.DEV_FORK);
        assertThat(Kind.PROD_FORK.id()).isEqualTo("prod-fork");
        assertThatThrownBy(() -> Kind.of(null)).hasMessageStartingWith("Unknown Datomic environment kind (none given)");
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> Connection sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    private static Map<String, String> with(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    /** Messages and stack traces of the whole chain, as a log would print them. */
    private static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static String stderrDuring(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
