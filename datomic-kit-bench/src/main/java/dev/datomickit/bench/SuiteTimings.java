package dev.datomickit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Times each test of a {@link WholeSuite} run in three parts: setup (from JUnit starting the test
 * to its first line: extensions, parameter resolution, the database), body (the test's own writes
 * and assertions) and teardown (from its last line to JUnit finishing it). Tests run one at a time,
 * as JUnit runs them by default, so one pair of timestamps is enough.
 */
final class SuiteTimings implements TestExecutionListener {

    /** The run in progress; the tests report their body to it. */
    private static volatile SuiteTimings current;
    private static final AtomicInteger FIXTURE_BUILDS = new AtomicInteger();

    /** Setup, body and teardown, in nanoseconds, of each test that passed. */
    final List<long[]> passed = new ArrayList<>();
    /** The display names of the tests that passed, in order. */
    final List<String> passedNames = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    private long testStarted;
    private long bodyStarted;
    private long bodyFinished;

    static SuiteTimings start() {
        SuiteTimings timings = new SuiteTimings();
        current = timings;
        FIXTURE_BUILDS.set(0);
        return timings;
    }

    static void bodyStarted() {
        current.bodyStarted = System.nanoTime();
    }

    static void bodyFinished() {
        current.bodyFinished = System.nanoTime();
    }

    /** Counts the fixture's data being produced: once per starting point build, or per fresh database. */
    static void fixtureBuilt() {
        FIXTURE_BUILDS.incrementAndGet();
    }

    static int fixtureBuilds() {
        return FIXTURE_BUILDS.get();
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (test.isTest()) {
            bodyStarted = 0;
            bodyFinished = 0;
            testStarted = System.nanoTime();
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        long now = System.nanoTime();
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            failures.add(test.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString).orElse(result.toString()));
        } else if (test.isTest()) {
            if (bodyStarted == 0 || bodyFinished == 0) {
                failures.add(test.getDisplayName() + ": passed without running the timed body");
            } else {
                passed.add(new long[] {bodyStarted - testStarted, bodyFinished - bodyStarted, now - bodyFinished});
                passedNames.add(test.getDisplayName());
            }
        }
    }
}
