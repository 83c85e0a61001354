package dev.datomickit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import datomic.Connection;
import dev.datomickit.core.Forks;
import dev.datomickit.core.Tx;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole-suite scenario compares like with like: on a small scale, both variants run the same
 * tests through the JUnit Platform, and every one of them passes; and those tests do check that
 * each has a database of its own.
 */
class WholeSuiteTest {

    private static final int TESTS = 12;
    private static final int USERS = 200;

    @Test
    void bothVariantsRunTheSameTestsAndAllPass() {
        WholeSuite.Run forks = WholeSuite.run(SuiteTests.Forked.class, TESTS, USERS);
        WholeSuite.Run fresh = WholeSuite.run(SuiteTests.FreshDatabases.class, TESTS, USERS);

        assertThat(forks.failures()).isEmpty();
        assertThat(fresh.failures()).isEmpty();
        assertThat(forks.passedNames()).hasSize(TESTS).isEqualTo(fresh.passedNames()).contains("test 0", "test 11");
        assertThat(forks.allPassed()).isTrue();
        assertThat(fresh.allPassed()).isTrue();
        // One starting point for the forks (unless the run outlived its time to live); one database per test otherwise.
        assertThat(forks.fixtureBuilds()).isBetween(1, 2);
        assertThat(fresh.fixtureBuilds()).isEqualTo(TESTS);
        assertThat(forks.passed()).allSatisfy(parts -> assertThat(java.util.Arrays.stream(parts).min().orElseThrow()).isPositive());
    }

    @Test
    void theTestsFailWhenTheyShareADatabase() {
        WholeSuite.Run shared = WholeSuite.run(SharedConnection.class, 3, USERS);

        // The first test passes; each later one finds the users the tests before it registered.
        assertThat(shared.passedNames()).containsExactly("test 0");
        assertThat(shared.failures()).hasSize(2);
        assertThat(shared.allPassed()).isFalse();
    }

    @Test
    void resultLinesRoundTrip() {
        String line = ChildJvm.format(Map.of("variant", "kitForks"));

        assertThat(ChildJvm.parse(line)).containsEntry("variant", "kitForks");
        assertThat(WholeSuite.duration(1_234)).isEqualTo("1.2 µs");
        assertThat(WholeSuite.duration(163e9)).isEqualTo("163 s");
        assertThat(WholeSuite.duration(2.5e6)).isEqualTo("2.50 ms");
    }

    /** The same tests, all on one connection: what the variants must not be. */
    @ExtendWith(OneConnection.class)
    static class SharedConnection extends SuiteTests {}

    static final class OneConnection implements ParameterResolver {

        private static Connection conn;

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Connection.class;
        }

        @Override
        public synchronized Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            if (conn == null) {
                conn = Forks.mock();
                Tx.transact(conn, new SuiteTests.UsersSchema().txData());
                Tx.transact(conn, new SuiteTests.UsersFixture().txData());
            }
            return conn;
        }
    }

}
