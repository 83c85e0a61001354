package dev.datomickit.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import dev.datomickit.testing.guide.SampleUsers;
import dev.datomickit.testing.guide.UsersSchema;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small test classes through the JUnit Platform and checks what the extension did. The
 * {@code *Case} classes below are inputs for these runs, not tests of their own (Surefire skips
 * nested classes); some fail on purpose.
 */
class DatomicTestExtensionTest {

    /** Which connection each method saw, by test; written by the cases. */
    static final Map<String, List<Connection>> SEEN = new ConcurrentHashMap<>();

    static void saw(String test, Connection conn) {
        SEEN.computeIfAbsent(test, k -> new CopyOnWriteArrayList<>()).add(conn);
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        SEEN.clear();
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    // ---- scenario trees: one fork through outer setup, inner setup and the test ----

    @DatomicTest(fixtures = {UsersSchema.class, SampleUsers.class})
    static class ScenarioCase {

        ScenarioCase(Connection conn) {
            saw("constructor", conn);
        }

        @BeforeEach
        void outerSetup(Connection conn) {
            saw("outer", conn);
            Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "carol@example.com")));
        }

        @Test
        void outerTest(Connection conn, Database db) {
            saw("outerTest", conn);
            assertThat(Entities.withAttribute(db, "user/email")).hasSize(3);
        }

        @Nested
        class Inner {
            @BeforeEach
            void innerSetup(Connection conn) {
                saw("inner", conn);
                Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "dave@example.com")));
            }

            @Test
            void innerTest(Connection conn, Database db) {
                saw("innerTest", conn);
                assertThat(Entities.find(db, "user/email", "carol@example.com")).isPresent();
                assertThat(Entities.find(db, "user/email", "dave@example.com")).isPresent();
                assertThat(Entities.find(db, "user/email", "alice@example.com")).isPresent();
            }

            @AfterEach
            void innerTeardown(Connection conn) {
                saw("innerAfter", conn);
            }
        }
    }

    @Test
    void setupMethodsOfOuterAndNestedClassesAndTheTestShareOneForkPerExecution() {
        Events tests = run(ScenarioCase.class).testEvents();

        tests.assertStatistics(stats -> stats.started(2).succeeded(2));
        // Two executions: outerTest, then innerTest (constructors of outer for each).
        List<Connection> outer = SEEN.get("outer");
        assertThat(outer).hasSize(2).doesNotHaveDuplicates();
        Connection forInner = SEEN.get("innerTest").get(0);
        assertThat(SEEN.get("inner")).containsExactly(forInner);
        assertThat(SEEN.get("innerAfter")).containsExactly(forInner);
        assertThat(outer).contains(forInner);
        assertThat(SEEN.get("outerTest")).hasSize(1).doesNotContain(forInner).isSubsetOf(outer);
        assertThat(SEEN.get("constructor")).containsExactlyInAnyOrderElementsOf(outer);
    }

    // ---- each execution its own fork ----

    @DatomicTest(fixtures = UsersSchema.class)
    static class FreshForkCase {
        @RepeatedTest(3)
        void writesTheSameUniqueValue(Connection conn) {
            saw("repeated", conn);
            assertThat(Entities.find(conn.db(), "user/email", "once@example.com")).isEmpty();
            Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "once@example.com")));
        }
    }

    @Test
    void writesOfOneExecutionAreInvisibleToTheNext() {
        run(FreshForkCase.class).testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(SEEN.get("repeated")).hasSize(3).doesNotHaveDuplicates();
    }

    // ---- nearest declaration, meta-annotation, fixed instant ----

    @DatomicTest(fixtures = {UsersSchema.class, SampleUsers.class})
    static class OuterFixturesCase {
        @Nested
        @DatomicTest(fixtures = UsersSchema.class)
        class SchemaOnly {
            @Test
            void hasNoUsers(Database db) {
                assertThat(Entities.withAttribute(db, "user/email")).isEmpty();
            }
        }

        @Test
        void hasUsers(Database db) {
            assertThat(Entities.withAttribute(db, "user/email")).hasSize(2);
        }
    }

    @Test
    void theNearestDeclarationApplies() {
        run(OuterFixturesCase.class).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Retention(RetentionPolicy.RUNTIME)
    @DatomicTest(fixtures = {UsersSchema.class, SampleUsers.class}, txInstant = "2024-01-01T00:00:00Z")
    @interface UsersDb {}

    @UsersDb
    static class MetaAnnotatedCase {
        @Test
        void everyTransactionAtTheDeclaredInstant(Connection conn) {
            Tx.transact(conn, Tx.data(Tx.entity().set("user/email", "eve@example.com")));
            Database db = conn.db();
            conn.log().txRange(null, null).forEach(entry -> assertThat(
                    db.entity(Peer.toTx((Long) entry.get(datomic.Log.T))).get(":db/txInstant"))
                    .isEqualTo(Date.from(java.time.Instant.parse("2024-01-01T00:00:00Z"))));
            assertThat(conn.log().txRange(null, null)).hasSize(3);
        }
    }

    @Test
    void worksAsAMetaAnnotationWithAFixedInstant() {
        run(MetaAnnotatedCase.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    // ---- failures ----

    public static class NoDefaultConstructor implements TxSource {
        public NoDefaultConstructor(String name) {}

        @Override
        public List<?> txData() {
            return List.of();
        }
    }

    @DatomicTest(fixtures = {UsersSchema.class, NoDefaultConstructor.class})
    static class BadFixtureCase {
        @Test
        void needsAConnection(Connection conn) {}

        @Test
        void needsNothing() {}
    }

    @Test
    void aBadFixtureClassFailsTheTestsThatNeedAConnectionNamingTheClass() {
        Events tests = run(BadFixtureCase.class).testEvents();

        tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        tests.assertThatEvents().haveExactly(1, event(test("needsAConnection"), finishedWithFailure(
                instanceOf(ParameterResolutionException.class),
                message(m -> m.contains("Cannot create fixture " + NoDefaultConstructor.class.getName())
                        && m.contains(": it has no no-argument constructor")))));
    }

    public static class RefusedFixture implements TxSource {
        @Override
        public List<?> txData() {
            return Tx.data(Tx.entity().set("user/emial", "typo@example.com"));
        }

        @Override
        public String toString() {
            return "RefusedFixture";
        }
    }

    @DatomicTest(fixtures = {UsersSchema.class, RefusedFixture.class})
    static class RefusedFixtureCase {
        @Test
        void needsAConnection(Connection conn) {}
    }

    @Test
    void aRefusedFixtureFailsTheTestNamingTheSourceAndDatomicsError() {
        run(RefusedFixtureCase.class).testEvents().assertThatEvents().haveExactly(1, event(test("needsAConnection"),
                finishedWithFailure(message(m -> m.contains("source 2 of 2 (RefusedFixture) was refused")
                        && m.contains(":db.error/not-an-entity")))));
    }

    @DatomicTest
    static class UnsupportedParameterCase {
        @Test
        void wantsAString(String text) {}
    }

    @Test
    void anUnsupportedParameterTypeIsLeftToJUnitWhichNamesIt() {
        run(UnsupportedParameterCase.class).testEvents().assertThatEvents().haveExactly(1, event(test("wantsAString"),
                finishedWithFailure(instanceOf(ParameterResolutionException.class),
                        message(m -> m.contains("No ParameterResolver registered for parameter [java.lang.String")))));
    }

    @DatomicTest
    static class BeforeAllCase {
        @BeforeAll
        static void tooEarly(Connection conn) {}

        @Test
        void test() {}
    }

    @Test
    void beforeAllCannotReceiveAForkAndSaysWhy() {
        Events all = run(BeforeAllCase.class).allEvents();

        all.assertThatEvents().haveExactly(1, finishedWithFailure(instanceOf(ParameterResolutionException.class),
                message(m -> m.startsWith("Cannot inject datomic.Connection into static void")
                        && m.contains("tooEarly(datomic.Connection)")
                        && m.endsWith("this runs outside any test execution"))));
    }

    @DatomicTest
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassConstructorCase {
        PerClassConstructorCase(Connection conn) {}

        @Test
        void test() {}
    }

    @Test
    void aPerClassInstanceCannotReceiveAForkInItsConstructor() {
        run(PerClassConstructorCase.class).allEvents().assertThatEvents().haveExactly(1, finishedWithFailure(
                instanceOf(ParameterResolutionException.class),
                message(m -> m.startsWith("Cannot inject datomic.Connection into")
                        && m.endsWith("this runs outside any test execution"))));
    }

    @DatomicTest(txInstant = "yesterday")
    static class BadInstantCase {
        @Test
        void needsAConnection(Connection conn) {}
    }

    @Test
    void aMalformedInstantIsAConfigurationError() {
        run(BadInstantCase.class).testEvents().assertThatEvents().haveExactly(1, event(test("needsAConnection"),
                finishedWithFailure(message(m -> m.contains("@DatomicTest(txInstant = \"yesterday\") on "
                        + BadInstantCase.class.getName() + " is not an ISO-8601 instant such as 2024-01-01T00:00:00Z")))));
    }

    @DatomicTest(fixtures = UsersSchema.class)
    static class TtlCase {
        @Test
        void needsAConnection(Connection conn) {}
    }

    @Test
    void theTimeToLiveComesFromTheConfigurationAndIsChecked() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(TtlCase.class))
                .configurationParameter(DatomicTest.TTL_PARAMETER, "PT1M").execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1));
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(TtlCase.class))
                .configurationParameter(DatomicTest.TTL_PARAMETER, "5 seconds").execute()
                .testEvents().assertThatEvents().haveExactly(1, finishedWithFailure(message(m -> m.contains(
                        "Configuration parameter datomickit.testing.ttl=5 seconds is not a positive ISO-8601 duration"))));
    }
}
