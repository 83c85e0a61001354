package dev.datomickit.bench;

import static dev.datomickit.testing.assertj.DatomicAssertions.assertThat;

import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import dev.datomickit.testing.junit.DatomicTest;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * The tests of the whole-suite scenario ({@link WholeSuite}): {@value #TESTS_PARAMETER} executions
 * of one parameterized test, each on its own database holding the schema and {@link #users} users,
 * each making three writes and checking them. The two subclasses differ only in where the
 * database comes from: {@link Forked} is a {@code @DatomicTest}, {@link FreshDatabases} creates a
 * {@code datomic:mem} database per test and deletes it afterwards.
 *
 * <p>These classes live in the main sources so that the benchmarks jar can launch them; Surefire
 * never runs them on its own.
 */
public abstract class SuiteTests {

    /** JUnit configuration parameter: how many test executions each variant runs. */
    static final String TESTS_PARAMETER = "datomickit.bench.suite.tests";

    /**
     * Users in the fixture. Set by {@link WholeSuite} before a run; the starting point is cached by
     * fixture class, so one JVM runs one fixture size.
     */
    static volatile int users = 10_000;

    /** Registers a user, renames another, compares-and-sets its age, and checks all three. */
    @ParameterizedTest(name = "test {0}")
    @ArgumentsSource(TestNumbers.class)
    void registersRenamesAndAges(int n, Connection conn) {
        SuiteTimings.bodyStarted();
        int fixtureUser = n % users;
        List<Object> existing = Tx.lookup(Fixtures.EMAIL, "user" + fixtureUser + "@example.com");
        Tx.transact(conn, Fixtures.newUser(n));
        Tx.transact(conn, Tx.data(Tx.add(existing, Fixtures.NAME, "Renamed " + n)));
        Tx.transact(conn, Tx.data(Tx.cas(existing, Fixtures.AGE, (long) (20 + fixtureUser % 50), 99L)));

        Database db = conn.db();
        assertThat(db).entity(Fixtures.EMAIL, "new" + n + "@example.com").has(Fixtures.NAME, "New user " + n);
        assertThat(db).entity(existing).has(Fixtures.NAME, "Renamed " + n).has(Fixtures.AGE, 99L);
        // Another test's write is not here: each test has a database of its own.
        assertThat(db).hasNoEntity(Fixtures.EMAIL, "new" + (n - 1) + "@example.com");
        SuiteTimings.bodyFinished();
    }

    /** A fork per test, of a starting point built once (and again after its time to live). */
    @DatomicTest(fixtures = {UsersSchema.class, UsersFixture.class})
    public static class Forked extends SuiteTests {}

    /** A new {@code datomic:mem} database per test, deleted after it. */
    @ExtendWith(FreshMemDatabase.class)
    public static class FreshDatabases extends SuiteTests {}

    /** The schema, as a fixture class. */
    public static final class UsersSchema implements TxSource {
        @Override
        public List<?> txData() {
            return Fixtures.SCHEMA.txData();
        }
    }

    /** {@link #users} users, in one transaction. */
    public static final class UsersFixture implements TxSource {
        @Override
        public List<?> txData() {
            SuiteTimings.fixtureBuilt();
            return Fixtures.users(users).txData();
        }
    }

    /** The numbers 0 to n - 1, n from the configuration parameter {@value #TESTS_PARAMETER}. */
    static final class TestNumbers implements ArgumentsProvider {
        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
            int tests = context.getConfigurationParameter(TESTS_PARAMETER, Integer::parseInt).orElse(1_000);
            return IntStream.range(0, tests).mapToObj(Arguments::of);
        }
    }

    /**
     * Resolves a {@link Connection} to a new {@code datomic:mem} database holding the schema and the
     * fixture, as two transactions (as a starting point transacts them), and deletes the database
     * after the test: what a suite without forks does.
     */
    static final class FreshMemDatabase implements ParameterResolver, AfterEachCallback {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FreshMemDatabase.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Connection.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            String uri = "datomic:mem://suite-" + UUID.randomUUID();
            context.getStore(NAMESPACE).put("uri", uri);
            Peer.createDatabase(uri);
            Connection conn = Peer.connect(uri);
            Tx.transact(conn, new UsersSchema().txData());
            Tx.transact(conn, new UsersFixture().txData());
            return conn;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            String uri = context.getStore(NAMESPACE).remove("uri", String.class);
            if (uri != null) {
                Peer.deleteDatabase(uri);
            }
        }
    }
}
