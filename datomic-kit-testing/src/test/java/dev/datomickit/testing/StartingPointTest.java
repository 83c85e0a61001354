package dev.datomickit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import datomic.Database;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.Entities;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import dev.datomickit.testing.guide.SampleUsers;
import dev.datomickit.testing.guide.UsersSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartingPointTest {

    private static final TxSource SCHEMA = TxSource.of(new UsersSchema().txData());
    private static final TxSource USERS = TxSource.of(new SampleUsers().txData());

    /** A cache of its own, on a clock the test moves. */
    private final AtomicLong nanos = new AtomicLong();
    private final StartingPoints cache = new StartingPoints(nanos::get);

    /** A source that counts how often it is transacted. */
    private static final class Counting implements TxSource {
        final AtomicInteger builds = new AtomicInteger();
        final List<?> data;

        Counting(List<?> data) {
            this.data = data;
        }

        @Override
        public List<?> txData() {
            builds.incrementAndGet();
            return data;
        }
    }

    @Test
    void buildsOnceTransactingEachSourceInOrderThenForksCheaply() {
        Counting users = new Counting(USERS.txData());
        StartingPoint start = StartingPoint.of(SCHEMA, users).cachedIn(cache);

        Connection a = start.fork();
        Connection b = start.fork();

        assertThat(users.builds).hasValue(1);
        assertThat(a).isNotSameAs(b);
        assertThat(a.db()).isEqualTo(b.db()).isEqualTo(start.db());
        assertThat(Entities.withAttribute(a.db(), "user/email")).hasSize(2);
        // One transaction per source, in the fork's log.
        assertThat(a.log().txRange(null, null)).hasSize(2);
    }

    @Test
    void forksAreIndependentOfEachOtherAndOfTheStartingPoint() {
        StartingPoint start = StartingPoint.of(SCHEMA, USERS).cachedIn(cache);
        Connection a = start.fork();

        Tx.transact(a, Tx.data(Tx.entity().set("user/email", "carol@example.com")));

        assertThat(Entities.find(a.db(), "user/email", "carol@example.com")).isPresent();
        assertThat(Entities.find(start.fork().db(), "user/email", "carol@example.com")).isEmpty();
        assertThat(Entities.find(start.db(), "user/email", "carol@example.com")).isEmpty();
    }

    @Test
    void equalDefinitionsShareOneBuildAndDifferentOnesNever() {
        StartingPoint usersAgain = StartingPoint.of(TxSource.of(new UsersSchema().txData()),
                TxSource.of(new SampleUsers().txData())).cachedIn(cache);
        StartingPoint users = StartingPoint.of(SCHEMA, USERS).cachedIn(cache);
        StartingPoint schemaOnly = StartingPoint.of(SCHEMA).cachedIn(cache);
        StartingPoint withMore = StartingPoint.of(SCHEMA, USERS, TxSource.of(Tx.data())).cachedIn(cache);

        assertThat(usersAgain).isEqualTo(users).hasSameHashCodeAs(users);
        assertThat(usersAgain.db()).isSameAs(users.db());
        assertThat(schemaOnly).isNotEqualTo(users);
        assertThat(Entities.withAttribute(schemaOnly.db(), "user/email")).isEmpty();
        assertThat(withMore.db()).isNotSameAs(users.db());
        assertThat(StartingPoint.ofClasses(UsersSchema.class)).isNotEqualTo(StartingPoint.of(SCHEMA));
        assertThat(users.withTtl(Duration.ofMinutes(1))).isNotEqualTo(users);
    }

    @Test
    void rebuildsAfterItsTimeToLiveCountedFromTheBuild() {
        Counting users = new Counting(USERS.txData());
        StartingPoint start = StartingPoint.of(SCHEMA, users).withTtl(Duration.ofSeconds(10)).cachedIn(cache);

        Database first = start.db();
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(9));
        assertThat(start.db()).isSameAs(first);
        assertThat(users.builds).hasValue(1);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2)); // 11 s after the build, though used at 9 s
        Database second = start.db();

        assertThat(users.builds).hasValue(2);
        assertThat(second).isNotSameAs(first);
        assertThat(start.ttl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(StartingPoint.of(SCHEMA).ttl()).isEqualTo(StartingPoint.DEFAULT_TTL).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void concurrentFirstUseBuildsOnce() throws Exception {
        Counting users = new Counting(USERS.txData());
        StartingPoint start = StartingPoint.of(SCHEMA, users).cachedIn(cache);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Database>> dbs = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                dbs.add(pool.submit(() -> {
                    go.await();
                    return start.fork().db();
                }));
            }
            go.countDown();
            Database first = dbs.get(0).get();
            for (Future<Database> db : dbs) {
                assertThat(db.get()).isSameAs(first);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(users.builds).hasValue(1);
    }

    @Test
    void aRefusedSourceIsNamedAndNothingIsCached() {
        AtomicInteger calls = new AtomicInteger();
        TxSource flaky = new TxSource() {
            @Override
            public List<?> txData() {
                return calls.incrementAndGet() == 1
                        ? Tx.data(Tx.entity().set("user/emial", "typo@example.com"))
                        : Tx.data(Tx.entity().set("user/email", "fixed@example.com"));
            }

            @Override
            public String toString() {
                return "FlakyUsers";
            }
        };
        StartingPoint start = StartingPoint.of(SCHEMA, flaky).cachedIn(cache);

        assertThatThrownBy(start::fork)
                .isInstanceOf(DatomicKitException.class)
                .hasMessageStartingWith("Cannot build StartingPoint[TxSource.of(4 statements), FlakyUsers]: source 2 of 2"
                        + " (FlakyUsers) was refused: Transaction of 1 statement failed: :db.error/not-an-entity")
                .hasMessageContaining(":user/emial");

        assertThat(Entities.find(start.db(), "user/email", "fixed@example.com")).isPresent();
    }

    @Test
    void aSourceThatThrowsOrReturnsNullIsNamed() {
        TxSource throwing = () -> {
            throw new IllegalStateException("fixture file missing");
        };
        TxSource empty = () -> null;

        assertThatThrownBy(() -> StartingPoint.of(throwing).cachedIn(cache).db())
                .isInstanceOf(DatomicKitException.class)
                .hasMessageContaining(": source 1 of 1 (" + throwing + ") threw java.lang.IllegalStateException:"
                        + " fixture file missing")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> StartingPoint.of(SCHEMA, empty).cachedIn(cache).db())
                .isInstanceOf(DatomicKitException.class)
                .hasMessageEndingWith(": source 2 of 2 (" + empty + ") returned null transaction data");
    }

    @Test
    void fixtureClassesAreInstantiatedAtEachBuild() {
        StartingPoint start = StartingPoint.ofClasses(UsersSchema.class, SampleUsers.class).cachedIn(cache);

        assertThat(Entities.withAttribute(start.fork().db(), "user/email")).hasSize(2);
        assertThat(start).hasToString("StartingPoint[" + UsersSchema.class.getName() + ", " + SampleUsers.class.getName() + "]")
                .isEqualTo(StartingPoint.ofClasses(UsersSchema.class, SampleUsers.class));
    }

    abstract static class AbstractFixture implements TxSource {}

    static class NeedsArgument implements TxSource {
        NeedsArgument(String name) {}

        @Override
        public List<?> txData() {
            return List.of();
        }
    }

    class Inner implements TxSource {
        @Override
        public List<?> txData() {
            return List.of();
        }
    }

    static class Exploding implements TxSource {
        Exploding() {
            throw new IllegalStateException("no fixtures today");
        }

        @Override
        public List<?> txData() {
            return List.of();
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void badFixtureClassesAreRefusedWithTheReason() {
        String of = " of StartingPoint[";
        assertThatThrownBy(() -> StartingPoint.ofClasses(AbstractFixture.class).cachedIn(cache).db())
                .isInstanceOf(DatomicKitException.class)
                .hasMessageStartingWith("Cannot create fixture " + AbstractFixture.class.getName() + of)
                .hasMessageEndingWith(": it is abstract; declare a concrete class");
        assertThatThrownBy(() -> StartingPoint.ofClasses(TxSource.class).cachedIn(cache).db())
                .hasMessageEndingWith(": it is an interface; declare a concrete class");
        assertThatThrownBy(() -> StartingPoint.ofClasses(NeedsArgument.class).cachedIn(cache).db())
                .hasMessageEndingWith(": it has no no-argument constructor");
        assertThatThrownBy(() -> StartingPoint.ofClasses(Inner.class).cachedIn(cache).db())
                .hasMessageEndingWith(": it is an inner class, whose constructor needs an enclosing instance; make it static");
        assertThatThrownBy(() -> StartingPoint.ofClasses(Exploding.class).cachedIn(cache).db())
                .hasMessageEndingWith(": its constructor threw java.lang.IllegalStateException: no fixtures today")
                .hasCauseInstanceOf(IllegalStateException.class);
        Class raw = String.class; // what an unchecked caller could pass
        assertThatThrownBy(() -> StartingPoint.ofClasses(raw).cachedIn(cache).db())
                .hasMessageEndingWith(": it does not implement dev.datomickit.core.TxSource");
    }

    @Test
    void aClockMakesInstantsRepeatableAcrossBuilds() {
        Instant instant = Instant.parse("2022-02-02T00:00:00Z");
        StartingPoint start = StartingPoint.of(SCHEMA, USERS).withClock(Clock.fixed(instant, ZoneOffset.UTC)).cachedIn(cache);

        Connection fork = start.fork();
        long t = Tx.transact(fork, Tx.data()).t();

        fork.log().txRange(null, null).forEach(entry -> assertThat(fork.db()
                .entity(datomic.Peer.toTx((Long) entry.get(datomic.Log.T))).get(":db/txInstant"))
                .isEqualTo(java.util.Date.from(instant)));
        assertThat(fork.log().txRange(null, null)).hasSize(3);
        assertThat(t).isPositive();
        assertThat(start.clock()).contains(Clock.fixed(instant, ZoneOffset.UTC));
        assertThat(start).hasToString("StartingPoint[TxSource.of(4 statements), TxSource.of(2 statements), clock="
                + Clock.fixed(instant, ZoneOffset.UTC) + "]");
    }

    @Test
    void rejectsANonPositiveTimeToLive() {
        StartingPoint start = StartingPoint.of(SCHEMA);

        assertThatThrownBy(() -> start.withTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Time to live of StartingPoint[TxSource.of(4 statements)] must be positive, was PT0S");
        assertThatThrownBy(() -> start.withTtl(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(start.withTtl(Duration.ofMinutes(2))).hasToString("StartingPoint[TxSource.of(4 statements), ttl=PT2M]");
    }
}
