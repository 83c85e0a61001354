package dev.datomickit.testing;

import datomic.Connection;
import datomic.Database;
import dev.datomickit.core.DatomicKitException;
import dev.datomickit.core.Forks;
import dev.datomickit.core.TransactionException;
import dev.datomickit.core.Tx;
import dev.datomickit.core.TxSource;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A database built once from schema and fixture transaction data, from which each test forks a
 * fresh connection in microseconds.
 *
 * <pre>{@code
 * static final StartingPoint USERS = StartingPoint.of(UsersSchema.SCHEMA, UsersFixtures.SAMPLE);
 *
 * Connection conn = USERS.fork(); // the schema and fixtures, and writes that stay in this test
 * }</pre>
 *
 * <p>The sources are transacted in order, each in its own transaction (schema before the data that
 * uses it), on a {@link Forks#mock() mock connection}. The result is cached, shared by every
 * {@code StartingPoint} equal to this one, for a time to live ({@link #DEFAULT_TTL} unless
 * {@linkplain #withTtl(Duration) set}) counted from when it was built: after that the next use
 * builds it again, so edited fixtures are picked up in a long-running REPL or test watcher. Threads
 * that need the same starting point at the same time wait for one build.
 *
 * <p>Two starting points are equal, and share the cached database, when their definitions are equal:
 * the same sources in the same order (sources made with {@link TxSource#of(List)} are equal by
 * content; other sources by their own {@code equals}), or the same fixture classes for
 * {@link #ofClasses(Class[])}, and the same time to live and clock. Different fixture sets never
 * share a database.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StartingPoint {

    /** How long a built database is reused before the next use rebuilds it: five seconds. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    private final Key key;
    private final Function<Key, List<TxSource>> sources;
    private final StartingPoints cache;
    /** Computed once: hashing the sources may walk all their data, and every fork looks the key up. */
    private final int hash;

    /** The definition: what the cache is keyed by. */
    private record Key(String kind, List<?> items, Duration ttl, Clock clock) {}

    private StartingPoint(Key key, Function<Key, List<TxSource>> sources, StartingPoints cache) {
        this.key = key;
        this.sources = sources;
        this.cache = cache;
        this.hash = key.hashCode();
    }

    /**
     * Defines a starting point built from {@code sources}, transacted in order.
     *
     * @param sources the schema and fixture sources, schema first
     * @return the starting point
     * @throws NullPointerException if a source is {@code null}
     */
    public static StartingPoint of(TxSource... sources) {
        return of(Arrays.asList(sources));
    }

    /**
     * Defines a starting point built from {@code sources}, transacted in order.
     *
     * @param sources the schema and fixture sources, schema first
     * @return the starting point
     * @throws NullPointerException if a source is {@code null}
     */
    public static StartingPoint of(List<? extends TxSource> sources) {
        List<TxSource> copy = List.copyOf(sources);
        return new StartingPoint(new Key("sources", copy, DEFAULT_TTL, null), key -> copy, StartingPoints.SHARED);
    }

    /**
     * Defines a starting point built from fixture classes: each build creates one instance of each
     * class with its no-argument constructor and transacts its data, in order. This is what
     * {@code @DatomicTest} uses; the classes themselves identify the fixture set.
     *
     * @param classes concrete classes implementing {@link TxSource}, with a no-argument constructor
     *     (a nested class must be {@code static}); schema first
     * @return the starting point
     * @throws NullPointerException if a class is {@code null}
     */
    @SafeVarargs
    public static StartingPoint ofClasses(Class<? extends TxSource>... classes) {
        List<Class<?>> copy = new ArrayList<>();
        for (Class<? extends TxSource> type : classes) {
            copy.add(Objects.requireNonNull(type, "fixture class"));
        }
        return new StartingPoint(new Key("classes", List.copyOf(copy), DEFAULT_TTL, null), StartingPoint::instantiate,
                StartingPoints.SHARED);
    }

    /**
     * Returns this starting point with another time to live.
     *
     * @param ttl how long a built database is reused; positive
     * @return an otherwise identical starting point
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     */
    public StartingPoint withTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("Time to live of " + this + " must be positive, was " + ttl);
        }
        return new StartingPoint(new Key(key.kind(), key.items(), ttl, key.clock()), sources, cache);
    }

    /**
     * Returns this starting point with a clock: its own transactions, and those of every fork of it,
     * take their {@code :db/txInstant} from {@code clock} (see {@link Forks}), so that instants are
     * the same on every run. Use a clock in the past: Datomic refuses future instants.
     *
     * @param clock the source of transaction instants
     * @return an otherwise identical starting point
     */
    public StartingPoint withClock(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return new StartingPoint(new Key(key.kind(), key.items(), key.ttl(), clock), sources, cache);
    }

    /**
     * Returns how long a built database is reused.
     *
     * @return the time to live
     */
    public Duration ttl() {
        return key.ttl();
    }

    /**
     * Returns the clock of this starting point, if it has one.
     *
     * @return the clock, or empty when Datomic chooses transaction instants
     */
    public Optional<Clock> clock() {
        return Optional.ofNullable(key.clock());
    }

    /**
     * Returns the starting point's database, building it if it is not cached.
     *
     * @return the database with every source transacted
     * @throws DatomicKitException if a source fails, naming it
     */
    public Database db() {
        return cache.get(this).db();
    }

    /**
     * Returns a new connection holding the starting point's database, building it if it is not
     * cached. The connection's log holds the sources' transactions; what a test writes through it
     * stays in it.
     *
     * @return a fresh forked connection
     * @throws DatomicKitException if a source fails, naming it
     */
    public Connection fork() {
        return Forks.fork(cache.get(this));
    }

    /** The same definition, cached elsewhere: for tests that control time. */
    StartingPoint cachedIn(StartingPoints other) {
        return new StartingPoint(key, sources, other);
    }

    /** Transacts every source, in order, on a new mock connection. */
    Connection build() {
        Connection conn = key.clock() == null ? Forks.mock() : Forks.mock(key.clock());
        List<TxSource> all = sources.apply(key);
        for (int i = 0; i < all.size(); i++) {
            TxSource source = all.get(i);
            String which = "source " + (i + 1) + " of " + all.size() + " (" + source + ")";
            List<?> txData;
            try {
                txData = source.txData();
            } catch (RuntimeException e) {
                throw new DatomicKitException("Cannot build " + this + ": " + which + " threw " + e, e);
            }
            if (txData == null) {
                throw new DatomicKitException("Cannot build " + this + ": " + which + " returned null transaction data");
            }
            try {
                Tx.transact(conn, txData);
            } catch (TransactionException e) {
                throw new DatomicKitException("Cannot build " + this + ": " + which + " was refused: " + e.getMessage(), e);
            }
        }
        return conn;
    }

    private static List<TxSource> instantiate(Key key) {
        List<TxSource> sources = new ArrayList<>();
        for (Object item : key.items()) {
            sources.add(instantiate((Class<?>) item, key));
        }
        return sources;
    }

    private static TxSource instantiate(Class<?> type, Key key) {
        String problem = null;
        if (!TxSource.class.isAssignableFrom(type)) {
            problem = "it does not implement " + TxSource.class.getName();
        } else if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            problem = "it is " + (type.isInterface() ? "an interface" : "abstract") + "; declare a concrete class";
        }
        if (problem != null) {
            throw new DatomicKitException("Cannot create fixture " + type.getName() + " of " + describe(key) + ": " + problem);
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return (TxSource) constructor.newInstance();
        } catch (NoSuchMethodException e) {
            boolean inner = type.isMemberClass() && !Modifier.isStatic(type.getModifiers());
            throw new DatomicKitException("Cannot create fixture " + type.getName() + " of " + describe(key)
                    + (inner ? ": it is an inner class, whose constructor needs an enclosing instance; make it static"
                            : ": it has no no-argument constructor"), e);
        } catch (InvocationTargetException e) {
            throw new DatomicKitException("Cannot create fixture " + type.getName() + " of " + describe(key)
                    + ": its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new DatomicKitException("Cannot create fixture " + type.getName() + " of " + describe(key) + ": " + e, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof StartingPoint other && hash == other.hash && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /**
     * Describes the definition, for example {@code StartingPoint[com.example.UsersSchema,
     * com.example.SampleUsers]}, followed by the time to live and clock when they are not the defaults.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return describe(key);
    }

    private static String describe(Key key) {
        String items = key.items().stream()
                .map(item -> item instanceof Class<?> c ? c.getName() : String.valueOf(item))
                .collect(Collectors.joining(", "));
        return "StartingPoint[" + items + (key.ttl().equals(DEFAULT_TTL) ? "" : ", ttl=" + key.ttl())
                + (key.clock() == null ? "" : ", clock=" + key.clock()) + "]";
    }
}
