package dev.datomickit.testing.junit;

import datomic.Connection;
import datomic.Database;
import dev.datomickit.testing.StartingPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Resolves {@link Connection} and {@link Database} parameters to one fork per test execution,
 * kept in the test method's store so that every method of the execution shares it.
 */
final class DatomicExtension implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(DatomicExtension.class);
    private static final String FORK = "fork";

    /** Constructors get the test method's context too, so they share its fork. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Connection.class || type == Database.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("Cannot inject " + parameter.getParameter().getType().getName()
                    + " into " + parameter.getDeclaringExecutable() + ": @DatomicTest gives each test execution its own"
                    + " fork, so only test methods, @BeforeEach/@AfterEach methods and (with the per-method lifecycle)"
                    + " constructors can receive one; this runs outside any test execution");
        }
        Connection fork = context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(FORK, key -> startingPoint(context).fork(), Connection.class);
        return parameter.getParameter().getType() == Connection.class ? fork : fork.db();
    }

    private static StartingPoint startingPoint(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        DatomicTest declaration = AnnotationSupport
                .findAnnotation(testClass, DatomicTest.class, context.getEnclosingTestClasses())
                .orElseThrow(() -> new ExtensionConfigurationException("No @DatomicTest on " + testClass.getName()
                        + " or its enclosing classes, yet its parameters are resolved by DatomicExtension"));
        StartingPoint startingPoint = StartingPoint.ofClasses(declaration.fixtures());
        String ttl = context.getConfigurationParameter(DatomicTest.TTL_PARAMETER).orElse(null);
        if (ttl != null) {
            try {
                startingPoint = startingPoint.withTtl(Duration.parse(ttl.strip()));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new ExtensionConfigurationException("Configuration parameter " + DatomicTest.TTL_PARAMETER + "="
                        + ttl + " is not a positive ISO-8601 duration such as PT30S or PT5M", e);
            }
        }
        if (!declaration.txInstant().isEmpty()) {
            try {
                Instant instant = Instant.parse(declaration.txInstant());
                startingPoint = startingPoint.withClock(Clock.fixed(instant, ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                throw new ExtensionConfigurationException("@DatomicTest(txInstant = \"" + declaration.txInstant()
                        + "\") on " + testClass.getName() + " is not an ISO-8601 instant such as 2024-01-01T00:00:00Z", e);
            }
        }
        return startingPoint;
    }
}
