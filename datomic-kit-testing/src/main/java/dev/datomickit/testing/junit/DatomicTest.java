package dev.datomickit.testing.junit;

import dev.datomickit.core.TxSource;
import dev.datomickit.testing.StartingPoint;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test execution its own forked connection to a database holding the declared fixtures.
 *
 * <pre>{@code
 * @DatomicTest(fixtures = {UsersSchema.class, SampleUsers.class})
 * class SignUpTest {
 *     @Test
 *     void registersANewUser(Connection conn) {
 *         SignUp.register(conn, "eve@example.com");
 *         assertThat(conn.db()).hasEntity("user/email", "eve@example.com");
 *     }
 * }
 * }</pre>
 *
 * <p>Parameters of type {@link datomic.Connection} and {@link datomic.Database} are injected into
 * test methods, {@code @BeforeEach} and {@code @AfterEach} methods and (with the default per-method
 * lifecycle) test class constructors. All of them receive the same fork within one test execution,
 * so setup methods of outer and {@code @Nested} classes build one scenario step by step: outer setup,
 * then inner setup, then the test. A {@code Database} parameter is the fork's value when the method
 * is called. Each execution (including each repetition or parameterized invocation) gets a new fork.
 *
 * <p>The fixtures form a {@link StartingPoint#ofClasses(Class[]) starting point}: built once, cached
 * and shared by every test class declaring the same classes in the same order, and rebuilt after
 * its time to live, {@link StartingPoint#DEFAULT_TTL} unless the JUnit configuration parameter
 * {@value #TTL_PARAMETER} says otherwise (an ISO-8601 duration such as {@code PT1M}, in
 * {@code junit-platform.properties}). The nearest declaration applies: a {@code @Nested} class may
 * declare its own. The annotation can be used as a meta-annotation, to name a fixture set once.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DatomicExtension.class)
public @interface DatomicTest {

    /** The JUnit configuration parameter that sets the starting points' time to live. */
    String TTL_PARAMETER = "datomickit.testing.ttl";

    /**
     * The fixture classes, transacted in order, each in its own transaction: schema first. Each is a
     * concrete class implementing {@link TxSource}, with a no-argument constructor.
     *
     * @return the fixture classes; none for an empty database
     */
    Class<? extends TxSource>[] fixtures() default {};

    /**
     * An instant, such as {@code "2024-01-01T00:00:00Z"}, to use as the {@code :db/txInstant} of
     * every transaction, fixtures included, so that tests see the same instants on every run.
     * Empty (the default) lets Datomic use the current time.
     *
     * @return an ISO-8601 instant in the past, or empty
     */
    String txInstant() default "";
}
